#!/usr/bin/env python3
"""Generates packages/core/src/libm/tables.ts: the constant tables of plainnet's libm.

Everything is computed with Python's exact `fractions` and 100-digit `decimal` arithmetic
(no float maths library is involved), then rounded to float64 values with exact rational
rounding, so the tables do not depend on any platform's libm.

    python3 scripts/gen-libm-tables.py        # rewrites packages/core/src/libm/tables.ts

Tables (see the comments in exp.ts, log.ts and trig.ts for how they are used):
  exp:  2^(j/1024), j = 0..1023, as hi (26 significant bits) + lo, and ln2/1024 split in two.
  log:  for each of the 512 bins of the mantissa, c ~ 1/mid (21 bits) and -log(c) as
        hi (a multiple of 2^-42) + lo; ln2 split the same way.
  trig: pi/2 in four parts (33, 33, 33, 53 bits) and sin/cos(i/256), i = 0..202, as hi + lo.
"""

from __future__ import annotations

import os
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 100

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "packages", "core", "src", "libm", "tables.ts")


def frac(d: Decimal) -> Fraction:
    return Fraction(d)


def round_half_even(q: Fraction) -> int:
    """Nearest integer to q, ties to even."""
    n = q.numerator // q.denominator
    rem = q - n
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and n % 2 == 1):
        n += 1
    return n


def ilog2(q: Fraction) -> int:
    """floor(log2(|q|)) for q != 0, exactly."""
    q = abs(q)
    e = q.numerator.bit_length() - q.denominator.bit_length()
    while Fraction(2) ** e > q:
        e -= 1
    while Fraction(2) ** (e + 1) <= q:
        e += 1
    return e


def round_bits(q: Fraction, bits: int) -> Fraction:
    """q rounded to `bits` significant bits (nearest, ties to even)."""
    if q == 0:
        return Fraction(0)
    e = ilog2(q)
    scale = Fraction(2) ** (bits - 1 - e)
    return Fraction(round_half_even(q * scale)) / scale


def round_multiple(q: Fraction, lsb_exp: int) -> Fraction:
    """q rounded to a multiple of 2^lsb_exp (nearest, ties to even)."""
    scale = Fraction(2) ** (-lsb_exp)
    return Fraction(round_half_even(q * scale)) / scale


def to_double(q: Fraction) -> float:
    """Correctly rounded float64 of a rational (Python's int/int division is correctly rounded)."""
    r = q.numerator / q.denominator
    assert Fraction(r) == round_bits(q, 53) or q == 0, "float conversion not correctly rounded"
    return r


def exact_double(q: Fraction) -> float:
    r = to_double(q)
    assert Fraction(r) == q, f"{q} is not a double"
    return r


def split(q: Fraction, hi_bits: int) -> tuple[float, float]:
    hi = round_bits(q, hi_bits)
    return exact_double(hi), to_double(q - hi)


# ---- high-precision constants ------------------------------------------------------------


def atan_inv(n: int) -> Decimal:
    """atan(1/n) by its Taylor series, to the context precision."""
    x = Decimal(1) / n
    x2 = x * x
    term = x
    total = Decimal(0)
    k = 0
    eps = Decimal(10) ** (-(getcontext().prec + 5))
    while abs(term) > eps:
        total += term / (2 * k + 1) if k % 2 == 0 else -term / (2 * k + 1)
        term *= x2
        k += 1
    return total


PI = 16 * atan_inv(5) - 4 * atan_inv(239)  # Machin's formula
LN2 = Decimal(2).ln()


def sin_cos(x: Decimal) -> tuple[Decimal, Decimal]:
    """Taylor series for small |x| (< 1)."""
    s = Decimal(0)
    c = Decimal(0)
    term = Decimal(1)
    n = 0
    eps = Decimal(10) ** (-(getcontext().prec + 5))
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
        term = term * x / n
    return s, c


# ---- number formatting (stable under biome's formatter) ----------------------------------


def js(v: float) -> str:
    if v == 0:
        return "-0" if str(v).startswith("-") else "0"
    if v == int(v) and abs(v) < 2**53:
        return str(int(v))
    s = repr(v)
    if "e" in s:
        mant, ex = s.split("e")
        ex_i = int(ex)
        mant = mant[:-2] if mant.endswith(".0") else mant
        s = f"{mant}e{ex_i}" if ex_i < 0 else f"{mant}e+{ex_i}"
    return s


def array(name: str, doc: str, values: list[float]) -> str:
    lines = [
        "/**",
        f" * {doc}",
        " *",
        " * @example",
        " * ```ts",
        f" * {name}[1]; // {js(values[1])}",
        " * ```",
        " */",
        f"export const {name}: Float64Array = new Float64Array([",
    ]
    line = " "
    for v in values:
        item = " " + js(v) + ","
        if len(line) + len(item) > 100:
            lines.append(line)
            line = " "
        line += item
    if line.strip():
        lines.append(line)
    lines.append("]);")
    return "\n".join(lines)


def const(name: str, doc: str, v: float) -> str:
    return (
        f"/**\n * {doc}\n *\n * @example\n * ```ts\n * {name}; // {js(v)}\n * ```\n */\n"
        f"export const {name}: number = {js(v)};"
    )


def main() -> None:
    out: list[str] = [
        "// GENERATED by scripts/gen-libm-tables.py from exact rational / 100-digit decimal",
        "// arithmetic. Do not edit by hand: change the script and rerun it.",
        "",
    ]
    ln2 = frac(LN2)
    pi = frac(PI)

    # ---- exp ----
    n = 1024
    L = ln2 / n
    l_hi, l_lo = split(L, 32)
    out.append(const("EXP_INV_L", "1024/ln2 rounded to double.", to_double(1 / L)))
    out.append(const("EXP_L_HI", "ln2/1024 to 32 bits (so k*EXP_L_HI is exact for |k| < 2^21).", l_hi))
    out.append(const("EXP_L_LO", "ln2/1024 - EXP_L_HI, rounded.", l_lo))
    table: list[float] = []
    for j in range(n):
        t = frac((Decimal(j) / n * LN2).exp())
        hi, lo = split(t, 26)
        table += [hi, lo]
    out.append(array("EXP_TABLE", "2^(j/1024) as [hi (26 bits), lo] pairs, j = 0..1023.", table))

    # ---- log ----
    ln2_hi = round_multiple(ln2, -42)
    out.append(const("LOG_LN2_HI", "ln2 rounded to a multiple of 2^-42.", exact_double(ln2_hi)))
    out.append(const("LOG_LN2_LO", "ln2 - LOG_LN2_HI, rounded.", to_double(ln2 - ln2_hi)))
    i0 = 212  # first bin with mantissa >= 1 + 212/512 = 1.4140625 (about sqrt 2)
    out.append(const("LOG_I0", "First mantissa bin that is treated as m/2 (m >= ~sqrt 2).", i0))
    log_table: list[float] = []
    for i in range(512):
        mid = 1 + Fraction(2 * i + 1, 1024)
        if i == 0:
            c = Fraction(1)
        elif i == 511:
            c = Fraction(1, 2)
        else:
            c = round_multiple(1 / mid, -21)
        # m_hi (21 bits) * c and m_lo (32 bits) * c must be exact: c has at most 21 bits.
        assert round_bits(c, 21) == c
        # -log(c) to 100 digits
        mlc = -frac(Decimal(c.numerator).ln() - Decimal(c.denominator).ln())
        if i == 511:
            hi = ln2_hi
            lo = to_double(ln2 - ln2_hi)
        else:
            hi = round_multiple(mlc, -42)
            lo = to_double(mlc - hi)
        log_table += [exact_double(c), exact_double(hi), lo]
    out.append(
        array("LOG_TABLE", "Per mantissa bin i = 0..511: [c ~ 1/mid, -log(c) hi, lo].", log_table)
    )

    # ---- trig ----
    pio2 = pi / 2
    p1 = round_bits(pio2, 33)
    p2 = round_bits(pio2 - p1, 33)
    p3 = round_bits(pio2 - p1 - p2, 33)
    p4 = to_double(pio2 - p1 - p2 - p3)
    out.append(const("TRIG_2_OVER_PI", "2/pi rounded to double.", to_double(2 / pi)))
    out.append(const("TRIG_PIO2_1", "pi/2 first 33 bits.", exact_double(p1)))
    out.append(const("TRIG_PIO2_2", "pi/2 next 33 bits.", exact_double(p2)))
    out.append(const("TRIG_PIO2_3", "pi/2 next 33 bits.", exact_double(p3)))
    out.append(const("TRIG_PIO2_4", "pi/2 remainder, rounded.", p4))
    trig: list[float] = []
    for i in range(203):
        s, c = sin_cos(Decimal(i) / 256)
        sh, sl = split(frac(s), 53) if i else (0.0, 0.0)
        ch, cl = split(frac(c), 53)
        trig += [sh, sl, ch, cl]
    out.append(
        array("TRIG_TABLE", "sin(i/256), cos(i/256) as [sin hi, sin lo, cos hi, cos lo].", trig)
    )

    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out[:2]) + "\n\n" + "\n\n".join(out[3:]) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
