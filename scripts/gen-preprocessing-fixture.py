#!/usr/bin/env python3
"""Generates fixtures/preprocessing.json: scikit-learn's StandardScaler and MinMaxScaler on
several data sets, as references for plainnet's scalers (packages/core/test/preprocessing.test.ts).

For every case: the training data X (C-ordered float64, samples x features), held-out data
X_test, the fitted attributes (mean_, var_, scale_, n_samples_seen_ / data_min_, data_max_,
data_range_, scale_, min_), transform(X_test) and inverse_transform(Z) for a given Z. Floats are
written with Python's repr (shortest round-trip), so JavaScript parses the exact doubles.

    python3 scripts/gen-preprocessing-fixture.py      # rewrites fixtures/preprocessing.json
"""

from __future__ import annotations

import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_iris, load_wine
from sklearn.preprocessing import MinMaxScaler, StandardScaler

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "fixtures", "preprocessing.json")


def datasets() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(22)
    out = []
    iris = load_iris().data
    out.append(("iris", iris[::2].copy(), iris[1::2].copy()))
    wine = load_wine().data
    out.append(("wine", wine[::3].copy(), wine[1::6].copy()))
    # Large offsets and mixed magnitudes stress the corrected two-pass variance.
    n = 150
    big = np.column_stack(
        [
            1e8 + rng.normal(0, 1, n),
            rng.normal(0, 1e-6, n),
            rng.uniform(-1e5, 1e5, n),
            rng.exponential(3.0, n),
            -1e12 + rng.normal(0, 1e3, n),
        ]
    )
    out.append(("offsets", big[:120].copy(), big[120:].copy()))
    # A constant column, a near-constant column (rounding noise only), a two-valued column.
    m = 37
    const = np.column_stack(
        [
            np.full(m, 5.0),
            np.full(m, 0.1) * 3.0 + np.arange(m) * 0.0,
            np.where(np.arange(m) % 2 == 0, -2.5, 7.25),
            np.full(m, -0.0),
            rng.normal(0, 1, m),
        ]
    )
    const[5, 1] = 0.3  # 0.1 * 3 is 0.30000000000000004: a spread of one ulp
    out.append(("constant", const, rng.normal(0, 3, (6, 5))))
    out.append(("single-sample", np.array([[1.5, -2.0, 0.0]]), np.array([[0.0, 1.0, 2.0]])))
    return out


def arr(a) -> list:
    return np.asarray(a, dtype=np.float64).tolist()


def main() -> None:
    cases = []
    rng = np.random.default_rng(7)
    for name, X, X_test in datasets():
        X = np.ascontiguousarray(X, dtype=np.float64)
        X_test = np.ascontiguousarray(X_test, dtype=np.float64)
        Z = rng.normal(0, 1.5, X_test.shape)
        std = {}
        for with_mean, with_std in [(True, True), (False, True), (True, False)]:
            s = StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
            std[f"{int(with_mean)}{int(with_std)}"] = {
                "with_mean": with_mean,
                "with_std": with_std,
                "mean": arr(s.mean_),
                "var": None if s.var_ is None else arr(s.var_),
                "scale": None if s.scale_ is None else arr(s.scale_),
                "n_samples_seen": int(s.n_samples_seen_),
                # fit_transform is fit().transform() in scikit-learn; kept for the default only.
                "fit_transform": arr(StandardScaler().fit_transform(X)) if with_mean and with_std else None,
                "transform": arr(s.transform(X_test)),
                "inverse_transform": arr(s.inverse_transform(Z)),
            }
        mm = []
        for feature_range, clip in [((0, 1), False), ((-1, 1), False), ((2, 5), True)]:
            s = MinMaxScaler(feature_range=feature_range, clip=clip).fit(X)
            mm.append(
                {
                    "feature_range": list(feature_range),
                    "clip": clip,
                    "data_min": arr(s.data_min_),
                    "data_max": arr(s.data_max_),
                    "data_range": arr(s.data_range_),
                    "scale": arr(s.scale_),
                    "min": arr(s.min_),
                    "n_samples_seen": int(s.n_samples_seen_),
                    "fit_transform": arr(MinMaxScaler().fit_transform(X)) if feature_range == (0, 1) else None,
                    "transform": arr(s.transform(X_test)),
                    "inverse_transform": arr(s.inverse_transform(Z)),
                }
            )
        cases.append(
            {
                "name": name,
                "X": arr(X),
                "X_test": arr(X_test),
                "Z": arr(Z),
                "standard": std,
                "minmax": mm,
            }
        )
    doc = {
        "generator": "scripts/gen-preprocessing-fixture.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "cases": cases,
    }
    with open(OUT, "w") as fh:
        json.dump(doc, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {OUT} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
