"""The matrix-multiply ceiling of plainnet's benchmark: NumPy's (BLAS) large square product.

Usage: OPENBLAS_NUM_THREADS=1 python3 gemm.py JOB.json

JOB.json (written by apps/bench/src/ceiling.ts) holds:
  n         the size of the n x n by n x n product
  repeats   timed products per dtype (the best one counts)
  dtypes    e.g. ["float64", "float32"]

Prints one JSON object: results [{"dtype", "n", "repeats", "bestMs"}] (time.perf_counter, one
untimed product first), version (NumPy, Python and BLAS).
"""

import json
import platform
import sys
import time

import numpy as np


def blas_name():
    """The BLAS NumPy links, when NumPy says (e.g. "scipy-openblas 0.3.27"), else "BLAS"."""
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', 'BLAS')} {blas.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 - older NumPy: no dict mode
        return "BLAS"


def main(path):
    with open(path, encoding="utf-8") as f:
        job = json.load(f)
    n = int(job["n"])
    repeats = int(job["repeats"])
    rng = np.random.default_rng(9)
    results = []
    for dtype in job["dtypes"]:
        a = rng.uniform(-1, 1, (n, n)).astype(dtype)
        b = rng.uniform(-1, 1, (n, n)).astype(dtype)
        c = np.empty((n, n), dtype=dtype)
        np.matmul(a, b, out=c)
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            np.matmul(a, b, out=c)
            best = min(best, (time.perf_counter() - t0) * 1000)
        results.append({"dtype": dtype, "n": n, "repeats": repeats, "bestMs": best})
    version = f"NumPy {np.__version__} ({blas_name()}), Python {platform.python_version()}"
    json.dump({"results": results, "version": version}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: python3 gemm.py JOB.json\n")
        sys.exit(2)
    main(sys.argv[1])
