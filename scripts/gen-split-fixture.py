#!/usr/bin/env python3
"""Generates fixtures/stratified-split.json: scikit-learn's stratified train_test_split indices.

Each case draws a label vector (fixed, written into the fixture), then calls
`train_test_split(np.arange(n), labels, stratify=labels, test_size=..., train_size=...,
random_state=...)`, so the split "X" parts are exactly the train and test row indices in
scikit-learn's order. The cases cover two to seven classes, balanced and very unbalanced
classes, numeric (negative, unsorted) and string labels, fractions and counts, train and
test sizes that leave rows out, and ties in `_approximate_mode` (equal remainders, broken at
random: these draws come from the same generator, so they must match too).

scikit-learn versions: the installed one is 1.9.1; the project's other fixtures came from
1.2. `StratifiedShuffleSplit._iter_indices` and `_approximate_mode` draw the same numbers in
both: the last change to their arithmetic was scikit-learn 1.0 (PR #20904, `continuous =
class_counts / class_counts.sum() * n_draws` instead of `n_draws * class_counts / ...`; see
scikit-learn issue #22885), before 1.2. Since then only bookkeeping changed:
`np.argsort(y_indices, kind="mergesort")` became `kind="stable"` (the same stable order for
integers), `class_counts` comes from `np.unique(..., return_counts=True)` instead of
`np.bincount` (the same counts), `_approximate_mode` moved from `sklearn.utils` to
`sklearn.utils.extmath`, and inputs pass through the array API namespace (a no-op for
NumPy arrays). The draw sequence (two `_approximate_mode` calls, one `rng.permutation` per
class in sorted class order, then `rng.permutation(train)` and `rng.permutation(test)`) is
the same.

    python3 scripts/gen-split-fixture.py      # rewrites fixtures/stratified-split.json
"""

from __future__ import annotations

import json
import os

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def labels_from_counts(counts, classes, seed):
    """Labels with the given per-class counts, in a seeded random order."""
    labels = []
    for c, k in zip(classes, counts):
        labels.extend([c] * k)
    order = np.random.RandomState(seed).permutation(len(labels))
    return [labels[i] for i in order]


CASES = [
    # name, counts, classes, label-order seed, split options
    ("two balanced classes", [10, 10], [0, 1], 1, {"test_size": 0.25, "random_state": 0}),
    ("90/10", [90, 10], [0, 1], 2, {"test_size": 0.2, "random_state": 42}),
    ("three equal classes, tie", [5, 5, 5], [0, 1, 2], 3, {"test_size": 4, "random_state": 1}),
    ("seven equal classes, ties", [3] * 7, [0, 1, 2, 3, 4, 5, 6], 4,
     {"test_size": 9, "random_state": 5}),
    ("five unbalanced classes", [2, 3, 7, 11, 40], [0, 1, 2, 3, 4], 5,
     {"test_size": 0.3, "random_state": 7}),
    ("negative unsorted numeric labels", [12, 4, 9], [10, -1, 3], 6,
     {"test_size": 0.35, "random_state": 11}),
    ("iris-like string labels", [50, 50, 50], ["setosa", "versicolor", "virginica"], 7,
     {"test_size": 0.2, "random_state": 13}),
    ("string labels, unbalanced", [30, 5, 17], ["b", "a", "c"], 8,
     {"test_size": 0.25, "random_state": 17}),
    ("train and test fractions leave rows out", [20, 18, 12], [0, 1, 2], 9,
     {"train_size": 0.5, "test_size": 0.3, "random_state": 3}),
    ("counts", [11, 12, 7], [0, 1, 2], 10, {"train_size": 13, "test_size": 7, "random_state": 23}),
    ("large, four classes", [400, 300, 200, 100], [0, 1, 2, 3], 11,
     {"test_size": 0.1, "random_state": 100}),
    ("large, rare class", [950, 50], [0, 1], 12, {"test_size": 0.15, "random_state": 2024}),
    ("smallest: two classes of two", [2, 2], [0, 1], 13, {"test_size": 2, "random_state": 0}),
]


def main() -> None:
    out = []
    for name, counts, classes, seed, options in CASES:
        labels = labels_from_counts(counts, classes, seed)
        n = len(labels)
        train, test = train_test_split(np.arange(n), stratify=np.array(labels), **options)
        case = {
            "name": name,
            "labels": labels,
            "options": {
                ("testSize" if k == "test_size" else "trainSize" if k == "train_size" else "randomState"): v
                for k, v in options.items()
            },
            "train": [int(i) for i in train],
            "test": [int(i) for i in test],
        }
        out.append(case)
    path = os.path.join(ROOT, "fixtures", "stratified-split.json")
    with open(path, "w") as f:
        json.dump(
            {"generator": "scripts/gen-split-fixture.py", "sklearn": sklearn.__version__,
             "numpy": np.__version__, "cases": out},
            f,
        )
        f.write("\n")
    print(f"wrote {path}: {len(out)} cases")


if __name__ == "__main__":
    main()
