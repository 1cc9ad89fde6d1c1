#!/usr/bin/env python3
"""Generates fixtures/iris.csv and fixtures/wine.csv exactly as scikit-learn and pandas write them.

For each of scikit-learn's `load_iris` and `load_wine` (with `as_frame=True`): the frame
(scikit-learn's feature names as the header, then a `target` column), the integer target
mapped to its class-name string (`target_names[target]`), written with
`DataFrame.to_csv(index=False)` (comma-separated, "\\n" line ends, a header row, floats in
Python's shortest repr). These are the files a scikit-learn user hands to `readCSV`.

    python3 scripts/gen-csv-fixtures.py      # rewrites fixtures/iris.csv and fixtures/wine.csv

Written with scikit-learn 1.9.1 and pandas 3.0.6 (the bundled datasets have not changed since
scikit-learn 0.20).
"""

from __future__ import annotations

import os

from sklearn.datasets import load_iris, load_wine

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def write(name: str, loader) -> None:
    bunch = loader(as_frame=True)
    frame = bunch.frame.copy()
    frame["target"] = bunch.target_names[bunch.target.to_numpy()]
    path = os.path.join(ROOT, "fixtures", f"{name}.csv")
    frame.to_csv(path, index=False)
    print(f"wrote {path}: {frame.shape[0]} rows, {frame.shape[1]} columns")


if __name__ == "__main__":
    write("iris", load_iris)
    write("wine", load_wine)
