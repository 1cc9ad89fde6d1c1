#!/usr/bin/env python3
"""Generates fixtures/metrics.json: scikit-learn's confusion_matrix, classification_report
(dict and text), roc_auc_score, mean_squared_error, mean_absolute_error and r2_score on
several label sets, as references for plainnet's metrics (packages/core/test/metrics.test.ts).

Label sets: binary, multi-class, string labels, a class never predicted, a class never true,
an explicit `labels` subset (micro average instead of accuracy) and superset, precision values
that are exact decimal ties when printed (0.125), negative and multi-digit integers (numeric
order), ties in ROC scores, multi-output regression and constant targets.

    python3 scripts/gen-metrics-fixture.py      # rewrites fixtures/metrics.json
"""

from __future__ import annotations

import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    classification_report,
    confusion_matrix,
    mean_absolute_error,
    mean_squared_error,
    r2_score,
    roc_auc_score,
)

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "fixtures", "metrics.json")

warnings.simplefilter("ignore", UndefinedMetricWarning)


def py(v):
    """numpy scalars and arrays as JSON-able Python values."""
    if isinstance(v, np.ndarray):
        return [py(x) for x in v.tolist()]
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [py(x) for x in v]
    if isinstance(v, dict):
        return {k: py(x) for k, x in v.items()}
    return v


def classification_cases(rng: np.random.Generator) -> list[dict]:
    cases = []

    def add(name, y_true, y_pred, labels=None, target_names=None, digits=2):
        y_true = list(y_true)
        y_pred = list(y_pred)
        kw = {}
        if labels is not None:
            kw["labels"] = labels
        cm_labels = labels
        cases.append(
            {
                "name": name,
                "y_true": py(y_true),
                "y_pred": py(y_pred),
                "labels": py(labels),
                "target_names": target_names,
                "digits": digits,
                "confusion_matrix": py(confusion_matrix(y_true, y_pred, labels=cm_labels)),
                "report": py(
                    classification_report(
                        y_true, y_pred, target_names=target_names, digits=digits, output_dict=True, **kw
                    )
                ),
                "text": classification_report(
                    y_true, y_pred, target_names=target_names, digits=digits, **kw
                ),
            }
        )

    t = rng.integers(0, 2, 60)
    p = np.where(rng.random(60) < 0.8, t, 1 - t)
    add("binary", t, p)
    add("binary, 4 digits", t, p, digits=4)
    t = rng.integers(0, 4, 120)
    p = np.where(rng.random(120) < 0.6, t, rng.integers(0, 3, 120))  # class 3 never predicted... mostly
    p[p == 3] = 0
    add("multi-class, a class never predicted", t, p)
    names = np.array(["setosa", "versicolor", "virginica"])
    ti = rng.integers(0, 3, 75)
    pi = np.where(rng.random(75) < 0.7, ti, rng.integers(0, 3, 75))
    add("string labels", names[ti].tolist(), names[pi].tolist())
    add("string labels, target names, 3 digits", names[ti].tolist(), names[pi].tolist(),
        target_names=["Iris setosa", "Iris versicolor", "Iris virginica"], digits=3)
    add("labels subset: micro avg", t, p, labels=[0, 2])
    add("labels superset: a class absent", t, p, labels=[0, 1, 2, 3, 7])
    # precision 1/8 = 0.125, recall 0.375 and 0.625: ties when printed with 2 digits.
    add(
        "printed ties",
        [0] * 1 + [1] * 7 + [0] * 2 + [1] * 6,
        [0] * 8 + [1] * 8,
    )
    add("numeric order", [10, 2, -1, 10, 2, -1, 10], [2, 2, -1, 10, 10, 2, 10])
    add("a class never true", [0, 0, 1, 1], [0, 2, 1, 2])
    add("all correct", ["b", "a", "b"], ["b", "a", "b"])
    return cases


def roc_cases(rng: np.random.Generator) -> list[dict]:
    cases = []

    def add(name, y, s):
        cases.append({"name": name, "y_true": py(list(y)), "scores": py(list(s)), "auc": float(roc_auc_score(y, s))})

    y = rng.integers(0, 2, 200)
    add("binary, random scores", y, rng.random(200) + 0.3 * y)
    add("ties in scores", y, np.round(rng.random(200) + 0.3 * y, 1))
    add("all scores equal", y, np.full(200, 0.5))
    add("perfect", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    add("reversed", [0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])
    add("labels -1 and 1", np.where(y == 1, 1, -1), rng.normal(size=200) + y)
    yes = np.array(["no", "yes"])[y]
    add("string labels", yes.tolist(), rng.normal(size=200) + 0.5 * y)
    add("sklearn docs example", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    return cases


def regression_cases(rng: np.random.Generator) -> list[dict]:
    cases = []

    def add(name, t, p):
        cases.append(
            {
                "name": name,
                "y_true": py(np.asarray(t)),
                "y_pred": py(np.asarray(p)),
                "mse": float(mean_squared_error(t, p)),
                "mae": float(mean_absolute_error(t, p)),
                "r2": float(r2_score(t, p)),
            }
        )

    t = rng.normal(3, 2, 150)
    add("1-D", t, t + rng.normal(0, 0.7, 150))
    add("sklearn docs example", [3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    T = rng.normal(0, [1, 10, 100], (80, 3))
    add("multi-output", T, T + rng.normal(0, [0.5, 3, 10], (80, 3)))
    C = np.column_stack([np.full(20, 4.0), np.full(20, 4.0), rng.normal(size=20)])
    P = C.copy()
    P[:, 1] += rng.normal(0, 0.1, 20)
    P[:, 2] += rng.normal(0, 0.5, 20)
    add("constant outputs (perfect and not)", C, P)
    big = 1e6 + rng.normal(0, 1, 500)
    add("large offset", big, big + rng.normal(0, 0.2, 500))
    add("worse than the mean", [1.0, 2.0, 3.0], [3.0, 2.0, 1.0])
    return cases


def main() -> None:
    rng = np.random.default_rng(2212)
    doc = {
        "generator": "scripts/gen-metrics-fixture.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "classification": classification_cases(rng),
        "roc_auc": roc_cases(rng),
        "regression": regression_cases(rng),
    }
    with open(OUT, "w") as fh:
        json.dump(doc, fh, indent=None, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
