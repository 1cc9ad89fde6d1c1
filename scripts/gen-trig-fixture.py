#!/usr/bin/env python3
"""Generates fixtures/trig.json: correctly rounded sin/cos references for plainnet's libm tests.

Independent of plainnet's code: every value is computed with Python's `decimal` module
(pi by Machin's formula, exact reduction of the exact binary value of x modulo pi/2, Taylor
series), with enough digits for the size of x, and then rounded to float64. A value is only
accepted when the decimal approximation, with its error bound, lies strictly on one side of
every float64 rounding boundary (so the rounding is certain); otherwise the precision is
raised.

Inputs (float64 bit patterns are those NumPy produces):
  - np.linspace(0, pi, n) for the sizes make_moons uses (sklearn: outer/inner semicircles),
  - np.linspace(0, 2 pi, n, endpoint=False) as make_circles uses,
  - seeded random values over several ranges (small, |x| <= 1e5, up to 2^20, huge, tiny),
  - doubles nearest to k pi/2 (hard reductions) and a few special magnitudes.

    python3 scripts/gen-trig-fixture.py      # rewrites fixtures/trig.json
"""

from __future__ import annotations

import json
import os
import random
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "fixtures", "trig.json")

_pi_cache: dict[int, Decimal] = {}


def atan_inv(n: int, prec: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = prec
        x = Decimal(1) / n
        x2 = x * x
        term = x
        total = Decimal(0)
        k = 0
        eps = Decimal(10) ** (-(prec + 5))
        while abs(term) > eps:
            total += term / (2 * k + 1) if k % 2 == 0 else -term / (2 * k + 1)
            term *= x2
            k += 1
        return +total


def pi(prec: int) -> Decimal:
    if prec not in _pi_cache:
        with localcontext() as ctx:
            ctx.prec = prec + 10
            _pi_cache[prec] = 16 * atan_inv(5, prec + 10) - 4 * atan_inv(239, prec + 10)
    return _pi_cache[prec]


def sin_cos(x: float, prec: int) -> tuple[Decimal, Decimal]:
    """sin(x), cos(x) with a relative+absolute error far below 10^-(prec-20)."""
    dx = Decimal(x)  # exact binary value
    mag = max(0, dx.adjusted())
    with localcontext() as ctx:
        ctx.prec = prec + mag + 20
        half_pi = pi(prec + mag + 20) / 2
        k = (dx / half_pi).to_integral_value()
        r = dx - k * half_pi
        ctx.prec = prec + 20
        s = Decimal(0)
        c = Decimal(0)
        term = Decimal(1)
        n = 0
        eps = Decimal(10) ** (-(prec + 30))
        while n < 4 or abs(term) > eps:
            if n % 4 == 0:
                c += term
            elif n % 4 == 1:
                s += term
            elif n % 4 == 2:
                c -= term
            else:
                s -= term
            n += 1
            term = term * r / n
        q = int(k) % 4
        sx = [s, c, -s, -c][q]
        cx = [c, -s, -c, s][q]
        return sx, cx


def ulp_bounds(v: float) -> tuple[Fraction, Fraction]:
    """The rounding interval of float64 v: midpoints to its neighbours."""
    lo = np.nextafter(v, -np.inf)
    hi = np.nextafter(v, np.inf)
    fv = Fraction(v)
    return (fv + Fraction(float(lo))) / 2, (fv + Fraction(float(hi))) / 2


def certain_round(d: Decimal, prec: int) -> float | None:
    """float64 nearest to the exact value whose approximation is d (relative error
    < 10^-(prec-5) plus absolute 10^-(prec-5)), or None if a boundary is too close."""
    v = float(d)  # correctly rounded conversion of the decimal string
    err = abs(Fraction(d)) * Fraction(1, 10 ** (prec - 5)) + Fraction(1, 10 ** (prec - 5))
    lo, hi = ulp_bounds(v)
    fd = Fraction(d)
    if fd - err > lo and fd + err < hi:
        return v
    return None


def reference(x: float) -> tuple[float, float]:
    prec = 60
    while True:
        s, c = sin_cos(x, prec)
        rs = certain_round(s, prec)
        rc = certain_round(c, prec)
        if rs is not None and rc is not None:
            return rs, rc
        prec *= 2


def main() -> None:
    groups: dict[str, list[float]] = {}
    # make_moons: n_samples_out = n // 2, n_samples_in = n - n // 2, linspace(0, pi, m).
    groups["moons_linspace"] = [
        float(v) for m in (50, 150, 500) for v in np.linspace(0, np.pi, m)
    ]
    # make_circles: linspace(0, 2 pi, m, endpoint=False).
    groups["circles_linspace"] = [
        float(v)
        for m in (50, 150, 500)
        for v in np.linspace(0, 2 * np.pi, m, endpoint=False)
    ]
    rng = random.Random(20240611)
    groups["random_small"] = [rng.uniform(-10, 10) for _ in range(200)]
    groups["random_1e5"] = [rng.uniform(-1e5, 1e5) for _ in range(200)]
    groups["random_2p20"] = [rng.uniform(-(2.0**20), 2.0**20) for _ in range(50)]
    groups["random_magnitudes"] = [
        rng.choice((-1.0, 1.0)) * rng.uniform(1, 2) * 2.0 ** rng.randint(-60, 1023)
        for _ in range(100)
    ]
    near = []
    for k in (1, 2, 3, 4, 7, 100, 355, 1000, 12345, 99999, 123456, 636619):
        d = Decimal(k) * pi(80) / 2
        v = float(d)
        near += [v, float(np.nextafter(v, np.inf)), float(np.nextafter(v, -np.inf))]
    groups["near_k_pi_over_2"] = near
    groups["special_magnitudes"] = [
        5e-324,
        -5e-324,
        1e-300,
        2.0**-27,
        2.0**-26,
        1e-8,
        0.5,
        0.7853981633974483,
        1.0,
        2.0**20,
        2.0**20 + 1,
        1e22,
        -1e22,
        1e300,
        1.7976931348623157e308,
    ]
    out: dict[str, object] = {
        "source": "x: float64 inputs (NumPy linspace bit patterns for the dataset grids); "
        "sin, cos: correctly rounded (nearest-even) references from Python decimal "
        "(exact reduction modulo pi/2, certified rounding); generated by "
        "scripts/gen-trig-fixture.py",
        "groups": {},
    }
    total = 0
    np_diff: dict[str, int] = {}
    for name, xs in groups.items():
        ss: list[float] = []
        cs: list[float] = []
        for x in xs:
            s, c = reference(x)
            ss.append(s)
            cs.append(c)
            n = int(float(np.sin(x)) != s) + int(float(np.cos(x)) != c)
            np_diff[name] = np_diff.get(name, 0) + n
        out["groups"][name] = {"x": xs, "sin": ss, "cos": cs}  # type: ignore[index]
        total += len(xs)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {OUT}: {total} inputs; values where this NumPy's sin/cos differ: {np_diff}")


if __name__ == "__main__":
    main()
