// Determinism checks for plainnet's libm: every exp/log value of fixtures/libm.json (200-bit
// mpmath, correctly rounded) and every sin/cos value of fixtures/trig.json (Python decimal,
// correctly rounded) reproduced bit for bit under every runtime.
import libm from "../../../../fixtures/libm.json" with { type: "json" };
import trig from "../../../../fixtures/trig.json" with { type: "json" };
import { cos } from "../../src/libm/cos.ts";
import { exp } from "../../src/libm/exp.ts";
import { log } from "../../src/libm/log.ts";
import { sin } from "../../src/libm/sin.ts";
import type { RuntimeCheck } from "./harness.ts";
import { assert, sameBits } from "./harness.ts";

/** Throws listing the first few inputs whose result is not bitwise the expected one. */
function checkAll(
  name: string,
  xs: readonly number[],
  want: (i: number) => number,
  f: (x: number) => number,
): void {
  const bad: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    const got = f(xs[i]!);
    if (!sameBits(got, want(i))) bad.push(`#${i} ${name}(${xs[i]}) = ${got}, want ${want(i)}`);
  }
  assert(bad.length === 0, `${bad.length} mismatches: ${bad.slice(0, 5).join("; ")}`);
}

const trigGroups = trig.groups as Record<string, { x: number[]; sin: number[]; cos: number[] }>;

export const checks: RuntimeCheck[] = [
  {
    name: `libm.json exp (${libm.exp.x.length} values)`,
    run(): void {
      checkAll("exp", libm.exp.x, (i) => libm.exp.y[i]!, exp);
    },
  },
  {
    name: `libm.json log (${libm.log.x.length} values)`,
    run(): void {
      checkAll("log", libm.log.x, (i) => libm.log.y[i]!, log);
    },
  },
  ...Object.entries(trigGroups).map(
    ([group, g]): RuntimeCheck => ({
      name: `trig.json ${group} (${g.x.length} x sin, cos)`,
      run(): void {
        checkAll("sin", g.x, (i) => g.sin[i]!, sin);
        checkAll("cos", g.x, (i) => g.cos[i]!, cos);
      },
    }),
  ),
  {
    name: "libm special cases",
    run(): void {
      const cases: [string, number, number][] = [
        ["exp(NaN)", exp(Number.NaN), Number.NaN],
        ["exp(-Inf)", exp(Number.NEGATIVE_INFINITY), 0],
        ["exp(Inf)", exp(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY],
        ["exp(709.7827128933841)", exp(709.7827128933841), Number.POSITIVE_INFINITY],
        ["exp(-745.1332191019411)", exp(-745.1332191019411), 5e-324],
        ["exp(-745.1332191019412)", exp(-745.1332191019412), 0],
        ["log(0)", log(0), Number.NEGATIVE_INFINITY],
        ["log(-1)", log(-1), Number.NaN],
        ["log(Inf)", log(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY],
        ["log(1)", log(1), 0],
        ["log(5e-324)", log(5e-324), -744.4400719213812],
        ["sin(-0)", sin(-0), -0],
        ["sin(Inf)", sin(Number.POSITIVE_INFINITY), Number.NaN],
        ["cos(NaN)", cos(Number.NaN), Number.NaN],
      ];
      for (const [label, got, want] of cases) {
        assert(sameBits(got, want), `${label} = ${got}, want ${want}`);
      }
    },
  },
];
