// Tiny timing script (not a test): plainnet's correctly rounded exp/log/sin/cos against the
// engine's Math versions. Run with any runtime, e.g.
//   node_modules/.bin/tsx scripts/bench-libm.ts
//   node_modules/.bin/bun run scripts/bench-libm.ts
//   node_modules/.bin/deno run scripts/bench-libm.ts
// Prints nanoseconds per call (best of several rounds) and the ratio to Math.*.

import { cos } from "../packages/core/src/libm/cos.ts";
import { exp } from "../packages/core/src/libm/exp.ts";
import { log } from "../packages/core/src/libm/log.ts";
import { sin } from "../packages/core/src/libm/sin.ts";

const N = 20_000;
/** Many short rounds, best one kept: robust against a busy machine preempting some rounds. */
const ROUNDS = 500;

let state = 0x2545f491;
/** Deterministic uniform [0, 1) (xorshift32), so every run times the same inputs. */
function uniform(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
}

function inputs(gen: () => number): Float64Array {
  const a = new Float64Array(N);
  for (let i = 0; i < N; i++) a[i] = gen();
  return a;
}

// One monomorphic loop per function, so each call site can be inlined like real code would.
type Loop = (xs: Float64Array) => number;
const loops: Record<string, Loop> = {
  exp: (xs) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += exp(xs[i]!);
    return s;
  },
  "Math.exp": (xs) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i]!);
    return s;
  },
  log: (xs) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += log(xs[i]!);
    return s;
  },
  "Math.log": (xs) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += Math.log(xs[i]!);
    return s;
  },
  sin: (xs) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += sin(xs[i]!);
    return s;
  },
  "Math.sin": (xs) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += Math.sin(xs[i]!);
    return s;
  },
  cos: (xs) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += cos(xs[i]!);
    return s;
  },
  "Math.cos": (xs) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += Math.cos(xs[i]!);
    return s;
  },
};

/** Best-of-ROUNDS nanoseconds per call. */
function time(loop: Loop, xs: Float64Array): number {
  let best = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    sink += loop(xs);
    const dt = performance.now() - t0;
    if (dt < best) best = dt;
  }
  if (sink === 0.123456789) console.log("unlikely");
  return (best * 1e6) / xs.length;
}

const cases: [string, string, Float64Array][] = [
  ["exp  x in [-10, 10]", "exp", inputs(() => uniform() * 20 - 10)],
  ["exp  x in [-700, 700]", "exp", inputs(() => uniform() * 1400 - 700)],
  ["log  x in (0, 1]", "log", inputs(() => 1 - uniform())],
  ["log  x = 2^u, u in [-1000, 1000]", "log", inputs(() => 2 ** (uniform() * 2000 - 1000))],
  ["sin  x in [0, 2pi]", "sin", inputs(() => uniform() * 2 * Math.PI)],
  ["cos  x in [0, 2pi]", "cos", inputs(() => uniform() * 2 * Math.PI)],
  ["sin  x in [-1e5, 1e5]", "sin", inputs(() => uniform() * 2e5 - 1e5)],
];

for (const [name, fn, xs] of cases) {
  const ours = loops[fn]!;
  const theirs = loops[`Math.${fn}`]!;
  // Warm up both loops on the same inputs first.
  time(ours, xs);
  time(theirs, xs);
  const a = time(ours, xs);
  const b = time(theirs, xs);
  console.log(
    `${name.padEnd(34)} plainnet ${a.toFixed(1).padStart(6)} ns   Math ${b.toFixed(1).padStart(6)} ns   ratio ${(a / b).toFixed(2)}`,
  );
}
