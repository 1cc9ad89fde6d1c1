"""Independent check of fixtures/libm.json's exp values near the subnormal range.

The generator of the fixture rounded subnormal results twice (to 53 bits, then to the
2**-1074 grid). This script recomputes every exp value whose result is subnormal with Python's
decimal module at 200 digits and rounds once, directly on the subnormal grid. It exits non-zero
on any mismatch. Usage: python3 scripts/verify-libm-fixture.py
"""
import json
import sys
from decimal import Decimal, ROUND_HALF_EVEN, getcontext
from pathlib import Path

getcontext().prec = 200
UNIT = Decimal(2) ** -1074
SMALLEST_NORMAL = 2.0 ** -1022

data = json.loads((Path(__file__).parent.parent / "fixtures" / "libm.json").read_text())
bad = 0
checked = 0
for i, (x, y) in enumerate(zip(data["exp"]["x"], data["exp"]["y"])):
    if not (0 < y < SMALLEST_NORMAL):
        continue
    checked += 1
    units = (Decimal(x).exp() / UNIT).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    want = float(units * UNIT)
    if want != y:
        bad += 1
        print(f"exp #{i} x={x!r}: fixture {y!r}, correctly rounded {want!r}")
print(f"subnormal exp values checked: {checked}, mismatches: {bad}")
sys.exit(1 if bad else 0)
