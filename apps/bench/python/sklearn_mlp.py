"""The scikit-learn candidate of plainnet's mini-batch workloads: MLPClassifier / MLPRegressor.

Usage: OPENBLAS_NUM_THREADS=1 python3 sklearn_mlp.py JOB.json

JOB.json (written by apps/bench/src/candidates/sklearn.ts):
  task            "classifier" (softmax output, log-loss) or "regressor" (identity, squared error)
  X               samples x features (nested lists); y: class labels 0..k-1 or targets
  hidden          hidden layer sizes; activation is ReLU
  params          [{"W": [[...]], "b": [...]}] initial parameters (W outputs x inputs)
  learningRate, batchSize, warmupEpochs, samples, epochsPerSample, budgetMs, gate (optional)

The estimator is scikit-learn's, configured as plainnet's Network.fit in the workload: solver
"adam" (beta_1 0.9, beta_2 0.999, epsilon 1e-8), batch_size, learning_rate_init, alpha=0 (no L2
penalty), shuffle=True (its own generator). One epoch is one `partial_fit` call over all samples
(scikit-learn shuffles and visits every batch once). The first `partial_fit`, on one batch, only
creates the estimator's arrays: the initial parameters are then copied in and the Adam state
dropped, so training starts from the same parameters as every other candidate. BLAS is held to
one thread by OPENBLAS_NUM_THREADS=1 and threadpoolctl. The sample gate protocol is
notebook.py's (apps/bench/src/gate.ts).

Prints one JSON object: samplesMs, finalParams, peakRssBytes, version; or skipped with the
reason.
"""

import json
import os
import platform
import resource
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from threadpoolctl import threadpool_limits

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from notebook import gate_wait, gate_write  # noqa: E402


def build(job):
    common = dict(
        hidden_layer_sizes=tuple(job["hidden"]),
        activation="relu",
        solver="adam",
        alpha=0.0,
        batch_size=int(job["batchSize"]),
        learning_rate_init=float(job["learningRate"]),
        shuffle=True,
        random_state=0,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
    )
    return MLPClassifier(**common) if job["task"] == "classifier" else MLPRegressor(**common)


def main(path):
    with open(path, encoding="utf-8") as f:
        job = json.load(f)
    X = np.array(job["X"], dtype=np.float64)
    classifier = job["task"] == "classifier"
    y = np.array(job["y"], dtype=np.int64 if classifier else np.float64)
    est = build(job)
    warnings.simplefilter("ignore", ConvergenceWarning)
    out = {}
    with threadpool_limits(limits=1):
        # Creates coefs_/intercepts_ (one step on one batch), then starts over from the job's
        # parameters with a fresh Adam state.
        first = slice(0, int(job["batchSize"]))
        if classifier:
            est.partial_fit(X[first], y[first], classes=np.unique(y))
        else:
            est.partial_fit(X[first], y[first])
        for i, layer in enumerate(job["params"]):
            W = np.array(layer["W"], dtype=np.float64).T
            b = np.array(layer["b"], dtype=np.float64)
            if est.coefs_[i].shape != W.shape or est.intercepts_[i].shape != b.shape:
                sys.exit(
                    f"sklearn_mlp: layer {i} has shape {est.coefs_[i].shape}, the job's W^T {W.shape}"
                )
            est.coefs_[i][...] = W
            est.intercepts_[i][...] = b
        del est._optimizer

        def step(n):
            for _ in range(n):
                est.partial_fit(X, y)

        warmup = int(job["warmupEpochs"])
        samples = int(job["samples"])
        per_sample = int(job["epochsPerSample"])
        budget_ms = float(job["budgetMs"])
        timed = samples * per_sample
        skipped = None
        t0 = time.perf_counter()
        step(max(1, warmup))
        ms = (time.perf_counter() - t0) * 1000 / max(1, warmup)
        if ms * timed > budget_ms:
            skipped = (
                f"the warm-up took {ms:.0f} ms per epoch, so {timed} epochs would take "
                f"~{ms * timed / 1000:.0f} s (budget {budget_ms / 1000:.0f} s)"
            )
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
            out["finalParams"] = [
                {"W": W.T.tolist(), "b": b.tolist()} for W, b in zip(est.coefs_, est.intercepts_)
            ]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["peakRssBytes"] = rss if sys.platform == "darwin" else rss * 1024
    kind = "MLPClassifier" if classifier else "MLPRegressor"
    out["version"] = (
        f"scikit-learn {sklearn.__version__} {kind}, NumPy {np.__version__}, "
        f"Python {platform.python_version()}"
    )
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: python3 sklearn_mlp.py JOB.json\n")
        sys.exit(2)
    main(sys.argv[1])
