"""Writes apps/bench/fixtures/digits.json: scikit-learn's copy of the UCI handwritten digits.

Usage: python3 apps/bench/python/digits_fixture.py

The data is `sklearn.datasets.load_digits()` (1797 samples, 8x8 images of integer pixels
0..16, labels 0..9), shipped with scikit-learn (BSD-3-Clause) as a copy of the test set of
E. Alpaydin and C. Kaynak's "Optical Recognition of Handwritten Digits" data set at the UCI
Machine Learning Repository (https://archive.ics.uci.edu/dataset/80), which lists it under CC BY 4.0. The fixture
stores each sample's 64 pixels as 64 base-17 digits ("0".."9", "a".."g") and the labels as one
string of digits, so the file stays small and exact; the bench scales the pixels by 1/16.
"""

import json
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_digits


def main():
    digits = load_digits()
    data = digits.data.astype(int)
    alphabet = "0123456789abcdefg"
    if data.min() < 0 or data.max() > 16:
        sys.exit(f"digits_fixture: pixel range {data.min()}..{data.max()}, expected 0..16")
    rows = ["".join(alphabet[v] for v in row) for row in data]
    out = {
        "name": "digits",
        "source": (
            f"sklearn.datasets.load_digits() of scikit-learn {sklearn.__version__}: a copy of the "
            "test set of the UCI ML 'Optical Recognition of Handwritten Digits' data set "
            "(E. Alpaydin, C. Kaynak, 1998), https://archive.ics.uci.edu/dataset/80"
        ),
        "licence": (
            "the data: CC BY 4.0 (UCI Machine Learning Repository); scikit-learn's copy and "
            "loader: BSD-3-Clause"
        ),
        "samples": int(data.shape[0]),
        "features": int(data.shape[1]),
        "classes": 10,
        "pixelMax": 16,
        "encoding": "pixels: one string per sample, one base-17 digit (0-9, a-g) per pixel; labels: one digit per sample",
        "pixels": rows,
        "labels": "".join(str(int(v)) for v in digits.target),
        # Computed here by NumPy from load_digits(), for the bench's tests of the decoder.
        "check": {
            "classCounts": [int(c) for c in np.bincount(digits.target, minlength=10)],
            "pixelSum": int(data.sum()),
            "featureSums": [int(v) for v in data.sum(axis=0)],
        },
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "digits.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=0)
        f.write("\n")
    print(f"wrote {os.path.normpath(path)}: {data.shape[0]} x {data.shape[1]}")


if __name__ == "__main__":
    main()
