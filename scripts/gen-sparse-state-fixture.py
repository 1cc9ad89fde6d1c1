#!/usr/bin/env python3
"""Generates fixtures/sparse-states.json: NumPy's draws from nearly-all-zero MT19937 states.

plainnet's RandomState.setState rejects a degenerate key (key[1..623] all 0 and key[0] below
2**31: the generator would only ever output 0, and randn would loop for ever). These states are
*not* degenerate, only sparse: NumPy's legacy generator recovers from them after a few words,
and plainnet must accept them and give NumPy's draws bit for bit (randn after many rejected
pairs, random_sample and randint).

    python3 scripts/gen-sparse-state-fixture.py      # rewrites fixtures/sparse-states.json
"""

from __future__ import annotations

import json
import os

import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# (index, value) of the only non-zero word of the key, and the position.
SPARSE = [(1, 1, 624), (623, 1, 624), (0, 2**31, 624), (300, 2**31, 624), (623, 5, 0)]


def draws(index: int, value: int, pos: int) -> dict:
    key = np.zeros(624, dtype=np.uint32)
    key[index] = value
    rng = np.random.RandomState()
    rng.set_state(("MT19937", key, pos, 0, 0.0))
    randn = rng.randn(6)
    sample = rng.random_sample(3)
    ints = rng.randint(0, 1000, size=4)
    return {
        "index": index,
        "value": value,
        "pos": pos,
        "randn": [float(v) for v in randn],
        "randomSample": [float(v) for v in sample],
        "randint": [int(v) for v in ints],
    }


def main() -> None:
    out = {
        "source": f"numpy {np.__version__} legacy RandomState.set_state on sparse keys",
        "states": [draws(*s) for s in SPARSE],
    }
    with open(os.path.join(ROOT, "fixtures", "sparse-states.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
