#!/usr/bin/env python3
"""Generates fixtures/momentum.json: scikit-learn's momentum under the inverse-scaling
learning-rate schedule, as references for plainnet's `Sgd({ momentumForm: "sklearn" })`
(packages/core/test/momentum-form.test.ts).

Two parts:

1. `optimizer`: scikit-learn's own `SGDOptimizer` (plain and Nesterov momentum 0.9,
   `lr_schedule="invscaling"`, power_t 0.5) fed a fixed sequence of gradients, with
   `iteration_ends(t)` after every step as MLPClassifier calls it (t = samples seen). Every
   parameter after every step: plainnet must reproduce them bit for bit.
2. `mlp`: a full MLPClassifier trajectory: `solver="sgd"`, `learning_rate="invscaling"`,
   `momentum=0.9` (no Nesterov), full batch, `shuffle=False`, `alpha=0`, on make_moons, from
   given initial weights. For each k = 1..EPOCHS the classifier is refitted from the same
   initial weights (`warm_start=True`, coefs_/intercepts_ and the sample counter t_ reset)
   with `max_iter=k`, and its weights are recorded: the trajectory after each epoch.

    python3 scripts/gen-momentum-fixture.py      # rewrites fixtures/momentum.json
"""

from __future__ import annotations

import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.neural_network._stochastic_optimizers import SGDOptimizer

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "fixtures", "momentum.json")

LR0 = 0.3
POWER_T = 0.5
MOMENTUM = 0.9
EPOCHS = 8


def optimizer_case(nesterov: bool, rng: np.random.Generator) -> dict:
    shapes = [(3, 2), (2,)]
    params = [rng.normal(size=s) for s in shapes]
    initial = [p.copy() for p in params]
    opt = SGDOptimizer(
        params,
        learning_rate_init=LR0,
        lr_schedule="invscaling",
        momentum=MOMENTUM,
        nesterov=nesterov,
        power_t=POWER_T,
    )
    n_samples = 50
    steps = []
    t = 0
    for _ in range(EPOCHS):
        grads = [rng.normal(size=s) for s in shapes]
        lr = opt.learning_rate
        opt.update_params(params, grads)
        t += n_samples
        opt.iteration_ends(t)
        steps.append(
            {
                "learning_rate": lr,
                "grads": [g.tolist() for g in grads],
                "params": [p.tolist() for p in params],
            }
        )
    return {
        "nesterov": nesterov,
        "n_samples": n_samples,
        "initial": [p.tolist() for p in initial],
        "steps": steps,
    }


def mlp_case() -> dict:
    X, y = make_moons(n_samples=60, noise=0.25, random_state=1)
    rng = np.random.default_rng(5)
    hidden = 6
    W1 = rng.normal(0, 0.6, (2, hidden))  # scikit-learn's layout: fan_in x fan_out
    b1 = rng.normal(0, 0.1, hidden)
    W2 = rng.normal(0, 0.6, (hidden, 1))
    b2 = rng.normal(0, 0.1, 1)
    trajectory = []
    for k in range(1, EPOCHS + 1):
        clf = MLPClassifier(
            hidden_layer_sizes=(hidden,),
            activation="relu",
            solver="sgd",
            learning_rate="invscaling",
            learning_rate_init=LR0,
            power_t=POWER_T,
            momentum=MOMENTUM,
            nesterovs_momentum=False,
            batch_size=len(X),
            shuffle=False,
            alpha=0.0,
            max_iter=1,
            tol=0.0,
            n_iter_no_change=10_000,
            random_state=0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)  # initialises every attribute; its weights are replaced below
            clf.set_params(warm_start=True, max_iter=k)
            clf.coefs_ = [W1.copy(), W2.copy()]
            clf.intercepts_ = [b1.copy(), b2.copy()]
            clf.t_ = 0
            clf.loss_curve_ = []
            clf.best_loss_ = np.inf
            clf._no_improvement_count = 0
            clf.fit(X, y)
        assert clf.n_iter_ == k and clf.t_ == k * len(X)
        trajectory.append(
            {
                "epoch": k,
                "loss_curve": list(map(float, clf.loss_curve_)),
                "coefs": [c.tolist() for c in clf.coefs_],
                "intercepts": [b.tolist() for b in clf.intercepts_],
            }
        )
    return {
        "X": X.tolist(),
        "y": y.tolist(),
        "hidden": hidden,
        "initial": {
            "coefs": [W1.tolist(), W2.tolist()],
            "intercepts": [b1.tolist(), b2.tolist()],
        },
        "trajectory": trajectory,
    }


def main() -> None:
    rng = np.random.default_rng(2024)
    doc = {
        "generator": "scripts/gen-momentum-fixture.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "learning_rate_init": LR0,
        "power_t": POWER_T,
        "momentum": MOMENTUM,
        "epochs": EPOCHS,
        "optimizer": [optimizer_case(False, rng), optimizer_case(True, rng)],
        "mlp": mlp_case(),
    }
    with open(OUT, "w") as fh:
        json.dump(doc, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
