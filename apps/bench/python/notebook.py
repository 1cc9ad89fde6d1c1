"""The NumPy candidate of plainnet's benchmark: the notebook's algorithm, in NumPy.

Usage: OPENBLAS_NUM_THREADS=1 python3 notebook.py JOB.json

JOB.json (written by apps/bench/src/candidates/numpy.ts) holds the workload:
  mode            "train" or "predict"
  X               features x samples (nested lists)
  Y               outputs x samples (train only)
  architecture    [{"input_dim", "output_dim", "activation"}] as in the notebook
  params          [{"W": [[...]], "b": [...]}] initial parameters, one entry per layer
  learningRate, warmupEpochs, samples, epochsPerSample, budgetMs
  gate            optional: a sample gate directory (apps/bench/src/gate.ts). After the warm-up
                  the script writes gate/ready (or gate/skipped with the reason), waits for
                  gate/go-<s> before timed sample s and writes its ms to gate/done-<s>, as
                  sampler.ts does; files are written under a temporary name and renamed

Prints one JSON object: samplesMs (each timed sample, time.perf_counter), finalParams (train)
or outputs (predict), peakRssBytes (ru_maxrss), version; or skipped with the reason.

The functions below follow the notebook ("Let's code a Neural Network in plain NumPy"): the
same formulas, the same order of operations, and the same epoch (forward, cost, accuracy,
backward, update).
"""

import json
import os
import platform
import resource
import sys
import time

import numpy as np


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def relu(Z):
    return np.maximum(0, Z)


def sigmoid_backward(dA, Z):
    sig = sigmoid(Z)
    return dA * sig * (1 - sig)


def relu_backward(dA, Z):
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


FORWARD = {"relu": relu, "sigmoid": sigmoid}
BACKWARD = {"relu": relu_backward, "sigmoid": sigmoid_backward}


def single_layer_forward_propagation(A_prev, W_curr, b_curr, activation):
    Z_curr = np.dot(W_curr, A_prev) + b_curr
    return FORWARD[activation](Z_curr), Z_curr


def full_forward_propagation(X, params_values, nn_architecture):
    memory = {}
    A_curr = X
    for idx, layer in enumerate(nn_architecture):
        layer_idx = idx + 1
        A_prev = A_curr
        W_curr = params_values["W" + str(layer_idx)]
        b_curr = params_values["b" + str(layer_idx)]
        A_curr, Z_curr = single_layer_forward_propagation(
            A_prev, W_curr, b_curr, layer["activation"]
        )
        memory["A" + str(idx)] = A_prev
        memory["Z" + str(layer_idx)] = Z_curr
    return A_curr, memory


def get_cost_value(Y_hat, Y):
    m = Y_hat.shape[1]
    cost = -1 / m * (np.dot(Y, np.log(Y_hat).T) + np.dot(1 - Y, np.log(1 - Y_hat).T))
    return np.squeeze(cost)


def convert_prob_into_class(probs):
    probs_ = np.copy(probs)
    probs_[probs_ > 0.5] = 1
    probs_[probs_ <= 0.5] = 0
    return probs_


def get_accuracy_value(Y_hat, Y):
    Y_hat_ = convert_prob_into_class(Y_hat)
    return (Y_hat_ == Y).all(axis=0).mean()


def single_layer_backward_propagation(dA_curr, W_curr, b_curr, Z_curr, A_prev, activation):
    m = A_prev.shape[1]
    dZ_curr = BACKWARD[activation](dA_curr, Z_curr)
    dW_curr = np.dot(dZ_curr, A_prev.T) / m
    db_curr = np.sum(dZ_curr, axis=1, keepdims=True) / m
    dA_prev = np.dot(W_curr.T, dZ_curr)
    return dA_prev, dW_curr, db_curr


def full_backward_propagation(Y_hat, Y, memory, params_values, nn_architecture):
    grads_values = {}
    Y = Y.reshape(Y_hat.shape)
    dA_prev = -(np.divide(Y, Y_hat) - np.divide(1 - Y, 1 - Y_hat))
    for layer_idx_prev, layer in reversed(list(enumerate(nn_architecture))):
        layer_idx_curr = layer_idx_prev + 1
        dA_curr = dA_prev
        A_prev = memory["A" + str(layer_idx_prev)]
        Z_curr = memory["Z" + str(layer_idx_curr)]
        W_curr = params_values["W" + str(layer_idx_curr)]
        b_curr = params_values["b" + str(layer_idx_curr)]
        dA_prev, dW_curr, db_curr = single_layer_backward_propagation(
            dA_curr, W_curr, b_curr, Z_curr, A_prev, layer["activation"]
        )
        grads_values["dW" + str(layer_idx_curr)] = dW_curr
        grads_values["db" + str(layer_idx_curr)] = db_curr
    return grads_values


def update(params_values, grads_values, nn_architecture, learning_rate):
    for layer_idx, layer in enumerate(nn_architecture, 1):
        params_values["W" + str(layer_idx)] -= learning_rate * grads_values["dW" + str(layer_idx)]
        params_values["b" + str(layer_idx)] -= learning_rate * grads_values["db" + str(layer_idx)]
    return params_values


def train_epochs(X, Y, params_values, nn_architecture, epochs, learning_rate, history):
    """`epochs` iterations of the notebook's `train` loop, continuing from params_values."""
    for _ in range(epochs):
        Y_hat, cache = full_forward_propagation(X, params_values, nn_architecture)
        history["cost"].append(get_cost_value(Y_hat, Y))
        history["accuracy"].append(get_accuracy_value(Y_hat, Y))
        grads_values = full_backward_propagation(Y_hat, Y, cache, params_values, nn_architecture)
        params_values = update(params_values, grads_values, nn_architecture, learning_rate)
    return params_values


GATE_TIMEOUT_S = 600.0


def gate_write(gate, name, text):
    """Writes gate/name atomically: a temporary file in the same directory, then a rename."""
    tmp = os.path.join(gate, f".{name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, os.path.join(gate, name))


def gate_wait(gate, name):
    """Waits until gate/name exists, sleeping 1 ms between looks at first, then doubling up to
    16 ms (gate.ts's JOB_POLL_MS); raises after 10 minutes."""
    path = os.path.join(gate, name)
    t0 = time.monotonic()
    pause = 0.001
    while not os.path.exists(path):
        if time.monotonic() - t0 > GATE_TIMEOUT_S:
            raise TimeoutError(f"sample gate: waited {GATE_TIMEOUT_S:.0f} s for {path}")
        time.sleep(pause)
        pause = min(0.016, pause * 2)


def main(path):
    with open(path, encoding="utf-8") as f:
        job = json.load(f)
    arch = job["architecture"]
    params = {}
    for i, layer in enumerate(job["params"], 1):
        params["W" + str(i)] = np.array(layer["W"], dtype=np.float64)
        params["b" + str(i)] = np.array(layer["b"], dtype=np.float64).reshape(-1, 1)
    X = np.array(job["X"], dtype=np.float64)
    warmup = int(job["warmupEpochs"])
    samples = int(job["samples"])
    per_sample = int(job["epochsPerSample"])
    lr = float(job["learningRate"])
    history = {"cost": [], "accuracy": []}
    out = {}
    if job["mode"] == "train":
        Y = np.array(job["Y"], dtype=np.float64)

        def step(n):
            nonlocal params
            params = train_epochs(X, Y, params, arch, n, lr, history)
    else:
        result = {}

        def step(n):
            for _ in range(n):
                result["Y_hat"], _cache = full_forward_propagation(X, params, arch)

    timed = samples * per_sample
    total = warmup + timed
    budget_ms = float(job["budgetMs"])

    def skip_reason(what, ms, count, factor):
        over = f", over {factor} times" if factor > 1 else ""
        return (
            f"{what} took {ms:.0f} ms per epoch (or pass), so {count} would take "
            f"~{ms * count / 1000:.0f} s{over} (budget {budget_ms / 1000:.0f} s)"
        )

    # Budget, as sampler.ts: epoch 1 may predict up to five times the budget for the whole
    # plan, the faster of epochs 1 and 2 twice, and the rest of the warm-up must predict the
    # samples within it.
    skipped = None
    fastest = float("inf")
    for k in range(min(2, warmup)):
        t0 = time.perf_counter()
        step(1)
        fastest = min(fastest, (time.perf_counter() - t0) * 1000)
        factor = 5 if k == 0 else 2
        if fastest * total > budget_ms * factor:
            what = "epoch 1" if k == 0 else "the faster of epochs 1 and 2"
            skipped = skip_reason(what, fastest, total, factor)
            break
    if skipped is None and warmup > 2:
        t0 = time.perf_counter()
        step(warmup - 2)
        ms = (time.perf_counter() - t0) * 1000 / (warmup - 2)
        if ms * timed > budget_ms:
            skipped = skip_reason("the rest of the warm-up", ms, timed, 1)
    gate = job.get("gate")
    if skipped is not None:
        if gate is not None:
            gate_write(gate, "skipped", skipped)
        out["skipped"] = skipped
        out["samplesMs"] = []
    else:
        if gate is not None:
            gate_write(gate, "ready", "")
        samples_ms = []
        for s in range(samples):
            if gate is not None:
                gate_wait(gate, f"go-{s}")
            t0 = time.perf_counter()
            step(per_sample)
            ms = (time.perf_counter() - t0) * 1000
            samples_ms.append(ms)
            if gate is not None:
                gate_write(gate, f"done-{s}", repr(ms))
        out["samplesMs"] = samples_ms
        if job["mode"] == "train":
            out["finalParams"] = [
                {"W": params["W" + str(i)].tolist(), "b": params["b" + str(i)].ravel().tolist()}
                for i in range(1, len(arch) + 1)
            ]
        else:
            out["outputs"] = result["Y_hat"].ravel().tolist()
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["peakRssBytes"] = rss if sys.platform == "darwin" else rss * 1024
    out["version"] = f"NumPy {np.__version__}, Python {platform.python_version()}"
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: python3 notebook.py JOB.json\n")
        sys.exit(2)
    main(sys.argv[1])
