// The output layer of the notebook's network in WebAssembly, for scripts/build-wasm.mjs: the
// fast paths of plainnet's correctly rounded `exp` and `log` (packages/core/src/libm/exp.ts,
// log.ts) as scalar f64 functions, and the element-wise loops of a sigmoid output with binary
// cross-entropy built on them: the sigmoid, its gradient, binary cross-entropy's terms and the
// accuracy threshold are the fused table's (scripts/engine-ops.mjs), rendered with `toWat`.
//
// Each function is the TypeScript code operation for operation, in the same order (IEEE f64 +,
// -, *, / and exact bit manipulation, never a fused multiply-add), so it gives the same double.
// Where the TypeScript `exp` or `log` would leave its fast path (special arguments, subnormal or
// overflowing results, or a rounding the fast path cannot decide, about 1 call in 20 000), the
// WebAssembly one returns NaN, and the loops call the TypeScript function instead (imported as
// env.exp and env.log), so every result is the TypeScript one. The tables (2^(j/1024) pairs,
// log's bins) are not in the module: the loader copies them from tables.ts into memory at
// EXP_AT and LOG_AT.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  activations,
  callsIn,
  clipped,
  columnwise,
  constantValue,
  letsOf,
  losses,
  neededLets,
  specialize,
  toWat,
} from "./engine-ops.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tables = readFileSync(join(root, "packages/core/src/libm/tables.ts"), "utf8");

/** A scalar constant of tables.ts, by name. */
function tableConstant(name) {
  const m = new RegExp(`export const ${name}: number = ([-0-9.e+]+);`).exec(tables);
  if (m === null) throw new Error(`gen-output-wat: ${name} not found in tables.ts`);
  return Number(m[1]);
}

/** Byte offsets of the tables in memory (packages/core/src/engine/wasm-kernels.ts writes them). */
export const EXP_AT = 16;
export const LOG_AT = EXP_AT + 2048 * 8;
/** First byte after the tables. */
export const TABLES_END = LOG_AT + 512 * 3 * 8;

/** A double as a WAT literal that reads back as the same double. */
const lit = (x) => `(f64.const ${Object.is(x, -0) ? "-0" : String(x)})`;

/**
 * Expression builders over one double (`"f64"`) or two (`"f64x2"`). The exp and log fast paths
 * below are written once with them, so the scalar functions and the two-lane loops are the same
 * operations in the same order: the same bits, lane for lane.
 */
function arith(V) {
  const num = (x) => (Object.is(x, -0) ? "-0" : String(x));
  return {
    get: (v) => `(local.get $${v})`,
    lit: V === "f64" ? lit : (x) => `(v128.const f64x2 ${num(x)} ${num(x)})`,
    add: (a, b) => `(${V}.add ${a} ${b})`,
    sub: (a, b) => `(${V}.sub ${a} ${b})`,
    mul: (a, b) => `(${V}.mul ${a} ${b})`,
    abs: (a) => `(${V}.abs ${a})`,
  };
}

/** Veltkamp's splitter 2^27 + 1. */
const SPLIT = 134217729;

/** exp.ts's constants. */
const EXP_C = {
  INV_L: tableConstant("EXP_INV_L"),
  L_HI: tableConstant("EXP_L_HI"),
  L_LO: tableConstant("EXP_L_LO"),
  SHIFTER: 6755399441055744,
};

/** exp.ts's x·1024/ln2 + 1.5·2^52: round(x·1024/ln2) sits in its low mantissa bits. */
const expShifted = ({ get, lit, add, mul }) =>
  add(mul(get("x"), lit(EXP_C.INV_L)), lit(EXP_C.SHIFTER));

/** exp.ts: kf = round(x·1024/ln2) as a double, by adding and subtracting 1.5·2^52. */
const expKf = (o) => o.sub(expShifted(o), o.lit(EXP_C.SHIFTER));

/** exp.ts from kf: r = x − kf·ln2/1024 as s + ds, exactly ([local, expression] steps). */
const expReduce = ({ get, lit, add, sub, mul }) => [
  ["rh", sub(get("x"), mul(get("kf"), lit(EXP_C.L_HI)))],
  ["w", mul(get("kf"), lit(EXP_C.L_LO))],
  ["s", sub(get("rh"), get("w"))],
  ["bb", sub(get("s"), get("rh"))],
  ["ds", sub(sub(get("rh"), sub(get("s"), get("bb"))), add(get("w"), get("bb")))],
];

/** exp.ts from s, ds and the table pair th, tl: y = hi + lo in [1, 2) (steps). */
const expPolish = ({ get, lit, add, sub, mul }) => [
  [
    "c",
    add(
      get("ds"),
      mul(
        mul(get("s"), get("s")),
        add(
          lit(0.5),
          mul(
            get("s"),
            add(lit(1 / 6), mul(get("s"), add(lit(1 / 24), mul(get("s"), lit(1 / 120))))),
          ),
        ),
      ),
    ),
  ],
  ["sp", mul(get("s"), lit(SPLIT))],
  ["s1", sub(get("sp"), sub(get("sp"), get("s")))],
  ["s2", sub(get("s"), get("s1"))],
  ["p1", mul(get("th"), get("s1"))],
  ["hi", add(get("th"), get("p1"))],
  [
    "lo",
    add(
      add(sub(get("th"), get("hi")), get("p1")),
      add(
        mul(get("th"), get("s2")),
        add(mul(get("th"), get("c")), add(get("tl"), mul(get("tl"), add(get("s"), get("c"))))),
      ),
    ),
  ],
];

/** exp.ts's rounding test: [hi + (lo − EB), hi + (lo + EB)]; equal, the first is e^r rounded. */
const expRounding = ({ get, lit, add, sub }) => [
  add(get("hi"), sub(get("lo"), lit(2 ** -70))),
  add(get("hi"), add(get("lo"), lit(2 ** -70))),
];

/**
 * log.ts from the mantissa's top 20 bits (`mant`, a double), its low 32 bits (`low32`, a
 * double), the exponent e, the bin's c (local `c`) and its two other table entries (`entry(8)`,
 * `entry(16)`): ln = s + (low − eb), rounded right when it equals s + (low + eb) (steps, then
 * that check's expression).
 */
function logSteps({ get, lit, add, sub, mul, abs }, mant, low32, entry) {
  const LN2_HI = tableConstant("LOG_LN2_HI");
  const LN2_LO = tableConstant("LOG_LN2_LO");
  const steps = [
    ["a", sub(mul(add(lit(1), mul(mant, lit(2 ** -20))), get("c")), lit(1))],
    ["b", mul(mul(low32, lit(2 ** -52)), get("c"))],
    ["rh", add(get("a"), get("b"))],
    ["bv", sub(get("rh"), get("a"))],
    ["rl", add(sub(get("a"), sub(get("rh"), get("bv"))), sub(get("b"), get("bv")))],
    ["rp", mul(get("rh"), lit(SPLIT))],
    ["r1", sub(get("rp"), sub(get("rp"), get("rh")))],
    ["r2", sub(get("rh"), get("r1"))],
    ["qq", mul(get("rh"), get("rh"))],
    [
      "dq",
      add(
        add(sub(mul(get("r1"), get("r1")), get("qq")), mul(mul(lit(2), get("r1")), get("r2"))),
        mul(get("r2"), get("r2")),
      ),
    ],
    ["hq", mul(lit(0.5), get("qq"))],
    ["h", sub(get("rh"), get("hq"))],
    [
      "poly",
      mul(
        mul(get("rh"), get("qq")),
        add(
          add(
            add(lit(1 / 3), mul(get("rh"), lit(-1 / 4))),
            mul(get("qq"), add(lit(1 / 5), mul(get("rh"), lit(-1 / 6)))),
          ),
          mul(mul(get("qq"), get("qq")), add(lit(1 / 7), mul(get("rh"), lit(-1 / 8)))),
        ),
      ),
    ],
    ["big", add(mul(get("e"), lit(LN2_HI)), entry(8))],
    [
      "small",
      add(add(mul(get("e"), lit(LN2_LO)), entry(16)), mul(get("rl"), sub(lit(1), get("rh")))),
    ],
    ["s", add(get("big"), get("h"))],
    ["tt", add(sub(get("big"), get("s")), get("h"))],
    [
      "low",
      add(
        get("tt"),
        add(
          sub(sub(sub(get("rh"), get("h")), get("hq")), mul(lit(0.5), get("dq"))),
          add(get("poly"), get("small")),
        ),
      ),
    ],
    ["eb", mul(abs(get("s")), lit(2 ** -68))],
    ["ln", add(get("s"), sub(get("low"), get("eb")))],
  ];
  return { steps, check: add(get("s"), add(get("low"), get("eb"))) };
}

/** The WAT lines of `$exp` (exported as "exp" for the tests). */
function expLines() {
  const o = arith("f64");
  const { get, mul } = o;
  const set = (v, e) => `  (local.set $${v} ${e})`;
  const [guess, check] = expRounding(o);
  return [
    ";; exp(x): e^x correctly rounded when the result is a normal double, else NaN.",
    '(func $exp (export "exp") (param $x f64) (result f64)',
    "  (local $kf f64) (local $k i32) (local $rh f64) (local $w f64) (local $s f64) (local $bb f64) (local $ds f64)",
    "  (local $th f64) (local $tl f64) (local $c f64) (local $sp f64) (local $s1 f64) (local $s2 f64)",
    "  (local $p1 f64) (local $hi f64) (local $lo f64) (local $e i32) (local $a f64) (local $t i32)",
    `  (if (i32.eqz (i32.and (f64.gt ${get("x")} (f64.const -746)) (f64.lt ${get("x")} (f64.const 710)))) (then (return (f64.const nan))))`,
    set("kf", expKf(o)),
    set("k", `(i32.trunc_f64_s ${get("kf")})`),
    ...expReduce(o).map(([v, e]) => set(v, e)),
    set(
      "t",
      `(i32.add (i32.const ${EXP_AT}) (i32.shl (i32.and (local.get $k) (i32.const 1023)) (i32.const 4)))`,
    ),
    set("th", "(f64.load (local.get $t))"),
    set("tl", "(f64.load offset=8 (local.get $t))"),
    ...expPolish(o).map(([v, e]) => set(v, e)),
    set("e", "(i32.shr_s (local.get $k) (i32.const 10))"),
    // Normal results only: e in (-1022, 1024), or e = -1022 with hi >= 1.
    `  (if (i32.and (i32.or (i32.gt_s (local.get $e) (i32.const -1022)) (i32.and (i32.eq (local.get $e) (i32.const -1022)) (f64.ge ${get("hi")} (f64.const 1)))) (i32.lt_s (local.get $e) (i32.const 1024))) (then`,
    set("a", guess),
    `    (if (f64.eq ${get("a")} ${check}) (then`,
    `      (return ${mul(get("a"), "(f64.reinterpret_i64 (i64.shl (i64.extend_i32_s (i32.add (local.get $e) (i32.const 1023))) (i64.const 52)))")})))))`,
    "  (f64.const nan))",
  ];
}

/** The WAT lines of `$log` (exported as "log" for the tests). */
function logLines() {
  const o = arith("f64");
  const { get } = o;
  const set = (v, e) => `  (local.set $${v} ${e})`;
  const { steps, check } = logSteps(
    o,
    "(f64.convert_i32_s (i32.and (local.get $hx) (i32.const 0x000fffff)))",
    "(f64.convert_i32_u (local.get $lx))",
    (off) => `(f64.load offset=${off} (local.get $t))`,
  );
  return [
    ";; log(x): the natural logarithm correctly rounded for positive normal x, else NaN.",
    '(func $log (export "log") (param $x f64) (result f64)',
    "  (local $bits i64) (local $hx i32) (local $lx i32) (local $e f64) (local $t i32) (local $c f64)",
    "  (local $a f64) (local $b f64) (local $rh f64) (local $bv f64) (local $rl f64) (local $rp f64) (local $r1 f64)",
    "  (local $r2 f64) (local $qq f64) (local $dq f64) (local $hq f64) (local $h f64) (local $poly f64)",
    "  (local $big f64) (local $small f64) (local $s f64) (local $tt f64) (local $low f64) (local $eb f64) (local $ln f64)",
    set("bits", "(i64.reinterpret_f64 (local.get $x))"),
    set("hx", "(i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32)))"),
    "  (if (i32.or (i32.lt_u (local.get $hx) (i32.const 0x00100000)) (i32.ge_u (local.get $hx) (i32.const 0x7ff00000))) (then (return (f64.const nan))))",
    // 1 − 2⁻⁵² (binary cross-entropy's clipping bound): the one argument near 1 the fast path
    // cannot round; log.ts returns its logarithm −(2⁻⁵² + 2⁻¹⁰⁴) directly, and so does this.
    `  (if (f64.eq ${get("x")} ${lit(1 - 2 ** -52)}) (then (return ${lit(-(2 ** -52 + 2 ** -104))})))`,
    set("lx", "(i32.wrap_i64 (local.get $bits))"),
    set(
      "e",
      "(f64.convert_i32_s (i32.add (i32.const -1023) (i32.shr_u (local.get $hx) (i32.const 20))))",
    ),
    set(
      "t",
      `(i32.add (i32.const ${LOG_AT}) (i32.mul (i32.and (i32.shr_u (local.get $hx) (i32.const 11)) (i32.const 511)) (i32.const 24)))`,
    ),
    set("c", "(f64.load (local.get $t))"),
    ...steps.map(([v, e]) => set(v, e)),
    `  (if (f64.eq ${get("ln")} ${check}) (then (return ${get("ln")})))`,
    "  (f64.const nan))",
  ];
}

/**
 * The WAT text of one of the output-layer modules over `T` values: `"output"` (the sigmoid,
 * the output gradient and the accuracy count, on exp) or `"cost"` (binary cross-entropy's
 * sum, on log). Each imports the engine instance's memory (`env.memory`), so it reads and
 * writes the same heap, and the TypeScript function its fast path falls back to (`env.exp`
 * or `env.log`); two modules rather than one so that each stays under the 4 KiB some browsers'
 * main threads still compile synchronously.
 *
 * @param {"f64" | "f32"} T
 * @param {"output" | "cost"} part
 */
export function outputWat(T, part) {
  if (T === "f32") {
    if (part !== "output") throw new RangeError("float32 has no cost module (see float32-output)");
    return float32RestWat();
  }
  const f = part === "output" ? "exp" : "log";
  const lines = [
    ";; GENERATED by scripts/gen-output-wat.mjs: do not edit.",
    part === "output"
      ? `;; plainnet's fused-engine output layer over ${T} values (sigmoid, its gradient under binary`
      : `;; plainnet's fused-engine cost over ${T} values (binary cross-entropy's pairwise sums)`,
    part === "output"
      ? ";; cross-entropy, accuracy) with the correctly rounded exp of packages/core/src/libm; contract:"
      : ";; with the correctly rounded log of packages/core/src/libm; contract:",
    ";; packages/core/src/engine/kernels.ts. Pointers are in bytes.",
    "(module",
    '(import "env" "memory" (memory 1))',
    `;; plainnet's ${f} in TypeScript, for the arguments the fast path leaves.`,
    `(import "env" "${f}" (func $${f}_ts (param f64) (result f64)))`,
  ];
  const emit = (line) => lines.push(line);
  for (const line of part === "output" ? expLines() : logLines()) emit(line);
  emit(`;; ${f}_any(x): the fast path's ${f}, or plainnet's TypeScript ${f} where it gives NaN.`);
  emit(`(func $${f}_any (param $x f64) (result f64) (local $y f64)`);
  emit(`  (local.set $y (call $${f} (local.get $x)))`);
  emit("  (if (result f64) (f64.eq (local.get $y) (local.get $y))");
  emit(`    (then (local.get $y)) (else (call $${f}_ts (local.get $x)))))`);
  if (part === "output") outputFuncs(T, emit);
  else bceSumFuncs(T, emit);
  lines.push(")");
  return `${lines.join("\n")}\n`;
}

/**
 * The float32 output module: the output layer's gradient and the accuracy count, which need
 * no exp or log (the float32 sigmoid and cost terms are in float32-output.wat, from
 * scripts/gen-float32-output-wat.mjs).
 */
function float32RestWat() {
  const lines = [
    ";; GENERATED by scripts/gen-output-wat.mjs: do not edit.",
    ";; plainnet's fused-engine output layer over f32 values: the sigmoid's gradient under binary",
    ";; cross-entropy and the accuracy count; contract: packages/core/src/engine/kernels.ts.",
    ";; Pointers are in bytes.",
    "(module",
    '(import "env" "memory" (memory 1))',
  ];
  const emit = (line) => lines.push(line);
  const { load, store, at } = access("f32");
  bceSigmoidDzFunc("f32", emit, load, store, at);
  countCorrectFunc("f32", emit, load, at);
  lines.push(")");
  return `${lines.join("\n")}\n`;
}

/**
 * Memory access over `T` values at byte pointers: f32 values are widened exactly, computed in
 * f64 and rounded once when stored, as a Float32Array store does.
 */
function access(T) {
  const sh = T === "f64" ? 3 : 2;
  return {
    load: (addr) => (T === "f64" ? `(f64.load ${addr})` : `(f64.promote_f32 (f32.load ${addr}))`),
    store: (addr, v) =>
      T === "f64" ? `(f64.store ${addr} ${v})` : `(f32.store ${addr} (f32.demote_f64 ${v}))`,
    at: (base, idx) => `(i32.add (local.get ${base}) (i32.shl ${idx} (i32.const ${sh})))`,
  };
}

/** binaryCrossEntropy's clip(p) = p < ε ? ε : min(p, 1 − ε) (the fused table's), of an f64
 * expression. */
const clipOf = (p) => toWat(clipped, "f64", { p }, lit);
/** The same over an f64x2 vector. */
const clipOf2 = (p) => toWat(clipped, "f64x2", { p }, arith("f64x2").lit);

/**
 * Emits the output module's loops (its `$exp` and `$exp_any` are already there):
 * - `sigmoid(z, a, n)`: a[q] = 1 / (1 + exp(-z[q])) (sigmoid.forward), z and a may be the same;
 * - `bce_sigmoid_dz(p, y, dz, n)`: dZ of a sigmoid output under binary cross-entropy, from
 *   the output p (sigmoid.backwardFromOutput of the loss gradient);
 * - `count_correct(p, y, rows, m) -> i32`: samples whose every output thresholded at 0.5
 *   equals its target.
 *
 * @param {"f64" | "f32"} T
 * @param {(line: string) => void} emit
 */
function outputFuncs(T, emit) {
  const { load, store, at } = access(T);
  sigmoidFunc(T, emit, load, store, at);

  if (T === "f64") softmaxColumnsFunc(emit);

  bceSigmoidDzFunc(T, emit, load, store, at);

  countCorrectFunc(T, emit, load, at);
}

/**
 * Emits `bce_sigmoid_dz(p, y, dz, n)`: the output layer's gradient
 * `dz = (−(t/c − (1 − t)/(1 − c)) · a) · (1 − a)`, `c = clip(a)`, two elements at a time as
 * f64x2 lanes (every lane the scalar expression's operations in its order, so the same bits;
 * the clip as in the cost: bitselect(ε, pmin(a, 1 − ε), a < ε)), the odd last one alone.
 *
 * @param {"f64" | "f32"} T
 * @param {(line: string) => void} emit
 */
function bceSigmoidDzFunc(T, emit, load, store, at) {
  const SZ = T === "f64" ? 8 : 4;
  const { lit: v } = arith("f64x2");
  const addr = (base) => `(i32.add (local.get ${base}) (i32.mul (local.get $q) (i32.const ${SZ})))`;
  const load2 = (base) =>
    T === "f64"
      ? `(v128.load ${addr(base)})`
      : `(f64x2.promote_low_f32x4 (v128.load64_zero ${addr(base)}))`;
  const store2 = (val) =>
    T === "f64"
      ? `(v128.store ${addr("$dz")} ${val})`
      : `(v128.store64_lane 0 ${addr("$dz")} (f32x4.demote_f64x2_zero ${val}))`;
  /** The gradient's expression over `V` ("f64" or "f64x2") values t, c and a. */
  // The fused table's entries: sigmoid's derivative from its output of binary cross-entropy's
  // gradient (scripts/engine-ops.mjs).
  const grad = (V, one) => {
    const lit = (x) => {
      if (x !== 1) throw new Error(`gen-output-wat: unexpected literal ${x}`);
      return one;
    };
    const get = (name) => `(local.get $${name})`;
    const dL = toWat(losses.binaryCrossEntropy.gradient, V, { t: get("t"), c: get("c") }, lit);
    return toWat(activations.sigmoid.fromOutput, V, { da: dL, a: get("a") }, lit);
  };
  emit(
    ";; bce_sigmoid_dz(p, y, dz, n): dz = (-(t/c - (1-t)/(1-c)) * a) * (1 - a), c = clip(a), a = p.",
  );
  emit(
    '(func (export "bce_sigmoid_dz") (param $p i32) (param $y i32) (param $dz i32) (param $n i32)',
  );
  emit("  (local $q i32) (local $t v128) (local $a v128) (local $c v128)");
  emit("  (block $done (loop $next");
  emit("    (br_if $done (i32.gt_u (i32.add (local.get $q) (i32.const 2)) (local.get $n)))");
  emit(`    (local.set $t ${load2("$y")})`);
  emit(`    (local.set $a ${load2("$p")})`);
  emit(`    (local.set $c ${clipOf2("(local.get $a)")})`);
  emit(`    ${store2(grad("f64x2", v(1)))}`);
  emit("    (local.set $q (i32.add (local.get $q) (i32.const 2)))");
  emit("    (br $next)))");
  emit("  (if (i32.lt_u (local.get $q) (local.get $n)) (then");
  emit("    (call $dz1 (local.get $p) (local.get $y) (local.get $dz) (local.get $q)))))");
  emit(";; dz1(p, y, dz, q): element q of bce_sigmoid_dz alone.");
  emit("(func $dz1 (param $p i32) (param $y i32) (param $dz i32) (param $q i32)");
  emit("  (local $t f64) (local $a f64) (local $c f64)");
  emit(`  (local.set $t ${load(at("$y", "(local.get $q)"))})`);
  emit(`  (local.set $a ${load(at("$p", "(local.get $q)"))})`);
  emit(`  (local.set $c ${clipOf("(local.get $a)")})`);
  emit(`  ${store(at("$dz", "(local.get $q)"), grad("f64", "(f64.const 1)"))})`);
}

/**
 * Emits `count_correct(p, y, rows, m)`. With one output row (the notebook's network) it takes
 * a SIMD vector of samples at a time: a sample is right when `p > 0.5` and `y = 1`, or not
 * `p > 0.5` (NaN included) and `y = 0`, so a lane's mask is `bitselect(y = 1, y = 0, p > 0.5)`
 * and subtracting it (all ones: −1) counts it. The samples a vector does not fill, and every
 * sample of a several-row output, take the scalar loop: all rows of a column must be right.
 *
 * @param {"f64" | "f32"} T
 * @param {(line: string) => void} emit
 */
function countCorrectFunc(T, emit, load, at) {
  const SZ = T === "f64" ? 8 : 4;
  const lanes = 16 / SZ;
  const V = T === "f64" ? "f64x2" : "f32x4";
  const I = T === "f64" ? "i64x2" : "i32x4";
  const splat = (x) => `(${V}.splat (${T}.const ${x}))`;
  // The fused table's accuracy threshold (an output above it is class 1).
  const threshold = constantValue("CLASS_THRESHOLD");
  const vAt = (base) =>
    `(v128.load (i32.add (local.get ${base}) (i32.mul (local.get $j) (i32.const ${SZ}))))`;
  emit(
    `;; count_correct(p, y, rows, m): samples j whose outputs (p > ${threshold} ? 1 : 0) all equal y.`,
  );
  emit(
    '(func (export "count_correct") (param $p i32) (param $y i32) (param $rows i32) (param $m i32) (result i32)',
  );
  emit(
    "  (local $j i32) (local $i i32) (local $q i32) (local $ok i32) (local $correct i32) (local $t v128) (local $hits v128)",
  );
  emit("  (if (i32.eq (local.get $rows) (i32.const 1)) (then");
  emit("    (block $vd (loop $vl");
  emit(`      (br_if $vd (i32.gt_u (i32.add (local.get $j) (i32.const ${lanes})) (local.get $m)))`);
  emit(`      (local.set $t ${vAt("$y")})`);
  emit(
    `      (local.set $hits (${I}.sub (local.get $hits) (v128.bitselect (${V}.eq (local.get $t) ${splat(1)}) (${V}.eq (local.get $t) ${splat(0)}) (${V}.gt ${vAt("$p")} ${splat(threshold)}))))`,
  );
  emit(`      (local.set $j (i32.add (local.get $j) (i32.const ${lanes})))`);
  emit("      (br $vl)))");
  const lane = (l) => `(${I}.extract_lane ${l} (local.get $hits))`;
  emit(
    T === "f64"
      ? `    (local.set $correct (i32.wrap_i64 (i64.add ${lane(0)} ${lane(1)})))))`
      : `    (local.set $correct (i32.add (i32.add ${lane(0)} ${lane(1)}) (i32.add ${lane(2)} ${lane(3)})))))`,
  );
  emit("  (block $done (loop $next");
  emit("    (br_if $done (i32.ge_u (local.get $j) (local.get $m)))");
  emit("    (local.set $ok (i32.const 1))");
  emit("    (local.set $i (i32.const 0))");
  emit("    (block $rd (loop $rl");
  emit("      (br_if $rd (i32.ge_u (local.get $i) (local.get $rows)))");
  emit("      (local.set $q (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)))");
  emit(
    `      (if (f64.ne (select (f64.const 1) (f64.const 0) (f64.gt ${load(at("$p", "(local.get $q)"))} (f64.const ${threshold}))) ${load(at("$y", "(local.get $q)"))})`,
  );
  emit("        (then (local.set $ok (i32.const 0)) (br $rd)))");
  emit("      (local.set $i (i32.add (local.get $i) (i32.const 1)))");
  emit("      (br $rl)))");
  emit("    (local.set $correct (i32.add (local.get $correct) (local.get $ok)))");
  emit("    (local.set $j (i32.add (local.get $j) (i32.const 1)))");
  emit("    (br $next)))");
  emit("  (local.get $correct))");
}

/**
 * Emits `sigmoid(z, a, n)`: two values at a time in f64x2 lanes, the exp fast path of
 * `expLines` lane for lane (the same operations, so the same bits: the table entries are
 * gathered into the lanes, the exponent scaling built from integer lanes); a pair with an
 * argument outside the fast path's range, an exponent outside the normal range, or a rounding
 * it cannot decide takes the scalar `$exp_any` (and so TypeScript where needed), as does an odd
 * last value. Two independent values per step also let the processor overlap their long
 * chains of dependent operations.
 */
/**
 * The two-lane exp fast path of `$x` (the scalar `exp`'s steps lane for lane, into the locals
 * `$big` .. `$r`): emits the steps, then `(if <both lanes on the fast path> (then <then(e)>)`
 * with `e` the two exps, and `(else`; the caller emits the else branch and closes the `if`.
 *
 * @param {ReturnType<typeof arith>} o
 * @param {(name: string, e: string) => void} set
 * @param {(line: string) => void} emit
 * @param {(exp: string) => string} then
 */
function expTwoLanes(o, set, emit, then) {
  const { get, lit: v } = o;
  set("big", expShifted(o));
  set("kf", o.sub(get("big"), v(EXP_C.SHIFTER)));
  set("k", `(i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 ${get("big")} ${get("big")})`);
  for (const [n, e] of expReduce(o)) set(n, e);
  // The table entries of both lanes (indices masked, so always inside the table).
  for (const lane of [0, 1]) {
    set(
      `t${lane}`,
      `(i32.add (i32.const ${EXP_AT}) (i32.shl (i32.and (i32x4.extract_lane ${lane} (local.get $k)) (i32.const 1023)) (i32.const 4)))`,
    );
  }
  set("th", "(v128.load64_lane 1 (local.get $t1) (v128.load64_zero (local.get $t0)))");
  set(
    "tl",
    "(v128.load64_lane offset=8 1 (local.get $t1) (v128.load64_zero offset=8 (local.get $t0)))",
  );
  for (const [n, e] of expPolish(o)) set(n, e);
  set("e", "(i32x4.shr_s (local.get $k) (i32.const 10))");
  const [guess, check] = expRounding(o);
  set("r", guess);
  // Both lanes on the fast path: arguments in range, normal results and roundings decided,
  // as one test of every 32-bit word (the f64 lanes' masks are all ones or all zeros, e's
  // words are [e0, e1, e0, e1]); then scale by 2^e, built from the exponent lanes.
  emit("    (if (i32x4.all_true (v128.and (v128.and");
  emit(`          (v128.and (f64x2.gt ${get("x")} ${v(-746)}) (f64x2.lt ${get("x")} ${v(710)}))`);
  emit(`          (f64x2.eq ${get("r")} ${check}))`);
  emit(
    `          (v128.and (i32x4.gt_s ${get("e")} (i32x4.splat (i32.const -1022))) (i32x4.lt_s ${get("e")} (i32x4.splat (i32.const 1024))))))`,
  );
  emit("      (then");
  emit(
    `        ${then(`(f64x2.mul ${get("r")} (i64x2.shl (i64x2.extend_low_i32x4_s (i32x4.add ${get("e")} (i32x4.splat (i32.const 1023)))) (i32.const 52)))`)})`,
  );
  emit("      (else");
}

/** The locals {@link expTwoLanes} writes, as two declaration lines. */
const EXP_TWO_LANES_LOCALS = [
  "  (local $x v128) (local $big v128) (local $kf v128) (local $k v128) (local $rh v128) (local $w v128) (local $s v128) (local $bb v128) (local $ds v128)",
  "  (local $t0 i32) (local $t1 i32) (local $th v128) (local $tl v128) (local $c v128) (local $sp v128) (local $s1 v128) (local $s2 v128) (local $p1 v128) (local $hi v128) (local $lo v128) (local $e v128) (local $r v128)",
];

/**
 * `softmax_columns(z, a, rows, m)`: softmax of each column of the float64 `rows x m` matrix at
 * `z` into `a` (may be `z`), two adjacent columns at a time (contiguous in each row), in the
 * order of `softmaxColumnsInPlace` (engine/softmax.ts) and the fused table's steps: the
 * column's maximum (`pmax(max, v)` is `v > max ? v : max`, so a NaN first value stays and a
 * later NaN is passed over), each `exp(z − max)` (the fast path in two lanes, plainnet's `exp`
 * per lane where it leaves it) added to a sum from +0 in row order, then each `e / sum`.
 */
function softmaxColumnsFunc(emit) {
  const o = arith("f64x2");
  const { get, lit: v } = o;
  const sm = columnwise.softmax;
  const set = (n, e) => emit(`    (local.set $${n} ${e})`);
  const at = (base) => `(i32.add (local.get $${base}) (local.get $off))`;
  // The table's steps.
  const step = (e, V, vars, literal) => toWat(e, V, vars, literal);
  emit(";; softmax_columns(z, a, rows, m): softmax of each column (see engine/softmax.ts).");
  emit(
    '(func (export "softmax_columns") (param $z i32) (param $a i32) (param $rows i32) (param $m i32)',
  );
  emit(
    "  (local $j i32) (local $i i32) (local $off i32) (local $stride i32) (local $mx v128) (local $sum v128) (local $ev v128) (local $mxs f64) (local $sums f64) (local $es f64)",
  );
  for (const line of EXP_TWO_LANES_LOCALS) emit(line);
  emit("  (local.set $stride (i32.shl (local.get $m) (i32.const 3)))");
  emit("  (block $pairs (loop $pair");
  emit("    (br_if $pairs (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))");
  // The maximum of both columns.
  set("off", "(i32.shl (local.get $j) (i32.const 3))");
  set("mx", `(v128.load ${at("z")})`);
  set("i", "(i32.const 1)");
  emit("    (block $maxed (loop $max");
  emit("      (br_if $maxed (i32.ge_u (local.get $i) (local.get $rows)))");
  emit("      (local.set $off (i32.add (local.get $off) (local.get $stride)))");
  emit(`      (local.set $mx (f64x2.pmax (local.get $mx) (v128.load ${at("z")})))`);
  emit("      (local.set $i (i32.add (local.get $i) (i32.const 1)))");
  emit("      (br $max)))");
  // e = exp(z − max) into a, summed from +0 in row order.
  set("sum", "(v128.const f64x2 0 0)");
  set("off", "(i32.shl (local.get $j) (i32.const 3))");
  set("i", "(i32.const 0)");
  emit("    (block $summed (loop $exps");
  emit("      (br_if $summed (i32.ge_u (local.get $i) (local.get $rows)))");
  // x = z − max, the argument of `shifted`'s exp (its writer returns the argument itself).
  set(
    "x",
    toWat(sm.shifted, "f64x2", { z: `(v128.load ${at("z")})`, max: get("mx") }, v, undefined, {
      exp: (arg) => arg,
    }),
  );
  expTwoLanes(o, set, emit, (exp) => `(local.set $ev ${exp})`);
  emit(
    "        (local.set $ev (f64x2.replace_lane 1 (f64x2.splat (call $exp_any (f64x2.extract_lane 0 (local.get $x)))) (call $exp_any (f64x2.extract_lane 1 (local.get $x)))))))",
  );
  emit(`    (v128.store ${at("a")} (local.get $ev))`);
  set("sum", step(sm.accumulate, "f64x2", { s: get("sum"), e: get("ev") }, v));
  emit("    (local.set $off (i32.add (local.get $off) (local.get $stride)))");
  emit("    (local.set $i (i32.add (local.get $i) (i32.const 1)))");
  emit("    (br $exps)))");
  // Each e / sum.
  set("off", "(i32.shl (local.get $j) (i32.const 3))");
  set("i", "(i32.const 0)");
  emit("    (block $divided (loop $divide");
  emit("      (br_if $divided (i32.ge_u (local.get $i) (local.get $rows)))");
  emit(
    `      (v128.store ${at("a")} ${step(sm.normalize, "f64x2", { e: `(v128.load ${at("a")})`, s: get("sum") }, v)})`,
  );
  emit("      (local.set $off (i32.add (local.get $off) (local.get $stride)))");
  emit("      (local.set $i (i32.add (local.get $i) (i32.const 1)))");
  emit("      (br $divide)))");
  emit("    (local.set $j (i32.add (local.get $j) (i32.const 2)))");
  emit("    (br $pair)))");
  // The last column when m is odd: one value at a time.
  emit("  (if (i32.lt_u (local.get $j) (local.get $m)) (then");
  set("off", "(i32.shl (local.get $j) (i32.const 3))");
  set("mxs", `(f64.load ${at("z")})`);
  set("i", "(i32.const 1)");
  emit("    (block $maxed1 (loop $max1");
  emit("      (br_if $maxed1 (i32.ge_u (local.get $i) (local.get $rows)))");
  emit("      (local.set $off (i32.add (local.get $off) (local.get $stride)))");
  emit(
    `      (local.set $mxs (select (f64.load ${at("z")}) (local.get $mxs) (f64.gt (f64.load ${at("z")}) (local.get $mxs))))`,
  );
  emit("      (local.set $i (i32.add (local.get $i) (i32.const 1)))");
  emit("      (br $max1)))");
  set("sums", lit(0));
  set("off", "(i32.shl (local.get $j) (i32.const 3))");
  set("i", "(i32.const 0)");
  emit("    (block $summed1 (loop $exps1");
  emit("      (br_if $summed1 (i32.ge_u (local.get $i) (local.get $rows)))");
  const expAny = { exp: (arg) => `(call $exp_any ${arg})` };
  emit(
    `      (local.set $es ${toWat(sm.shifted, "f64", { z: `(f64.load ${at("z")})`, max: "(local.get $mxs)" }, lit, undefined, expAny)})`,
  );
  emit(`      (f64.store ${at("a")} (local.get $es))`);
  emit(
    `      (local.set $sums ${step(sm.accumulate, "f64", { s: "(local.get $sums)", e: "(local.get $es)" }, lit)})`,
  );
  emit("      (local.set $off (i32.add (local.get $off) (local.get $stride)))");
  emit("      (local.set $i (i32.add (local.get $i) (i32.const 1)))");
  emit("      (br $exps1)))");
  set("off", "(i32.shl (local.get $j) (i32.const 3))");
  set("i", "(i32.const 0)");
  emit("    (block $divided1 (loop $divide1");
  emit("      (br_if $divided1 (i32.ge_u (local.get $i) (local.get $rows)))");
  emit(
    `      (f64.store ${at("a")} ${step(sm.normalize, "f64", { e: `(f64.load ${at("a")})`, s: "(local.get $sums)" }, lit)})`,
  );
  emit("      (local.set $off (i32.add (local.get $off) (local.get $stride)))");
  emit("      (local.set $i (i32.add (local.get $i) (i32.const 1)))");
  emit("      (br $divide1)))))");
  emit(")");
}

function sigmoidFunc(T, emit, load, store, at) {
  const o = arith("f64x2");
  const { get, lit: v } = o;
  const SZ = T === "f64" ? 8 : 4;
  const set = (n, e) => emit(`    (local.set $${n} ${e})`);
  const zAt = `(i32.add (local.get $z) (i32.mul (local.get $q) (i32.const ${SZ})))`;
  const aAt = `(i32.add (local.get $a) (i32.mul (local.get $q) (i32.const ${SZ})))`;
  const load2 =
    T === "f64" ? `(v128.load ${zAt})` : `(f64x2.promote_low_f32x4 (v128.load64_zero ${zAt}))`;
  const store2 = (val) =>
    T === "f64"
      ? `(v128.store ${aAt} ${val})`
      : `(v128.store64_lane 0 ${aAt} (f32x4.demote_f64x2_zero ${val}))`;
  // The fused table's sigmoid: one value through the scalar $exp_any, two lanes through the
  // exp computed above (its argument, −z, is already in $x).
  const sigmoidOf = (V, z, lit, exp) =>
    toWat(activations.sigmoid.forward, V, { z }, lit, undefined, { exp });
  const one = (idx) =>
    store(
      at("$a", idx),
      sigmoidOf("f64", load(at("$z", idx)), lit, (arg) => `(call $exp_any ${arg})`),
    );
  emit(";; sigmoid(z, a, n): a = 1 / (1 + exp(-z)) for n values (a may be z), two at a time.");
  emit('(func (export "sigmoid") (param $z i32) (param $a i32) (param $n i32)');
  emit("  (local $q i32)");
  for (const line of EXP_TWO_LANES_LOCALS) emit(line);
  emit("  (block $done (loop $next");
  emit("    (br_if $done (i32.gt_u (i32.add (local.get $q) (i32.const 2)) (local.get $n)))");
  set("x", `(f64x2.neg ${load2})`);
  // kf as expKf, through its intermediate x·(1024/ln2) + 1.5·2^52, whose low 32 bits are kf
  // itself (an integer well inside ±2^31 wherever the fast path holds): both lanes' k, twice
  // over, by one shuffle (no float-to-int conversion).
  expTwoLanes(o, set, emit, (exp) => store2(sigmoidOf("f64x2", get("x"), v, () => exp)));
  emit(`        ${one("(local.get $q)")}`);
  emit(`        ${one("(i32.add (local.get $q) (i32.const 1))")}))`);
  emit("    (local.set $q (i32.add (local.get $q) (i32.const 2)))");
  emit("    (br $next)))");
  emit("  (if (i32.lt_u (local.get $q) (local.get $n)) (then");
  emit(`    ${one("(local.get $q)")}))`);
  emit(")");
}

/**
 * Emits `bce_sum(p, y, n)`, `bce_sums(p, y, n, dst)` and their helpers (the cost module's `$log`
 * and `$log_any` are already there). Both pairwise sums (the `t·log(c)` terms and the `(1 − t)·log(1 − c)` terms) have
 * the same tree, so one pass takes both, as the two lanes of f64x2 accumulators: every
 * lane-wise addition is the scalar sum's own. With targets of 0 or 1 an element needs one log
 * (of c for t = 1, of 1 − c for t = 0; its other term is −0), so two elements share a two-lane
 * log: the log fast path of `logLines` lane for lane, its table entries gathered into the
 * lanes. A pair with another target, a NaN prediction, or a rounding the fast path cannot
 * decide takes the scalar terms (`$bce_terms`, and so TypeScript where needed).
 *
 * @param {"f64" | "f32"} T
 * @param {(line: string) => void} emit
 */
function bceSumFuncs(T, emit) {
  const { load } = access(T);
  const o = arith("f64x2");
  const { get, lit: v } = o;
  const SZ = T === "f64" ? 8 : 4;
  const set = (n, e) => emit(`    (local.set $${n} ${e})`);
  const el = (base, k) =>
    load(
      `(i32.add (local.get ${base}) (i32.mul (i32.add (local.get $q) (i32.const ${k})) (i32.const ${SZ})))`,
    );
  const i32s = (x) => `(i32x4.splat (i32.const ${x}))`;
  // Words 0 and 2 (the low 32 bits of each 64-bit lane) into words 0 and 1.
  const lowWords = (x) => `(i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 ${x} ${x})`;

  const bce = losses.binaryCrossEntropy;
  const lets = neededLets(letsOf(bce.let), [bce.pos, bce.neg]);
  const letLocal = (name) => `bce_${name}`;
  emit(
    ";; bce_terms(p, y, q): [pos, neg] of element q, the fused table's binaryCrossEntropy terms",
  );
  emit(";; (scalar, only the branch taken evaluated: for t = 1 one log, for t = 0 another).");
  emit(
    `(func $bce_terms (param $p i32) (param $y i32) (param $q i32) (result v128) (local $t f64) (local $p0 f64) ${lets.map(([n]) => `(local $${letLocal(n)} f64)`).join(" ")}`,
  );
  {
    const vars = { t: "(local.get $t)", p: "(local.get $p0)" };
    for (const [n] of lets) vars[n] = `(local.get $${letLocal(n)})`;
    const wat = (e) =>
      toWat(e, "f64", vars, lit, undefined, { log: (a) => `(call $log_any ${a})` });
    emit(`  (local.set $t ${el("$y", 0)})`);
    emit(`  (local.set $p0 ${el("$p", 0)})`);
    for (const [n, e] of lets) emit(`  (local.set $${letLocal(n)} ${wat(e)})`);
    emit(`  (f64x2.replace_lane 1 (f64x2.splat ${wat(bce.pos)}) ${wat(bce.neg)}))`);
  }

  emit(";; bce_two(p, y, q): the term vectors of elements q and q + 1, one two-lane log for both.");
  emit("(func $bce_two (param $p i32) (param $y i32) (param $q i32) (result v128 v128)");
  emit(
    "  (local $t v128) (local $one v128) (local $pos v128) (local $neg v128) (local $x v128) (local $hx v128) (local $e v128) (local $i0 i32) (local $i1 i32) (local $c v128)",
  );
  emit(
    "  (local $a v128) (local $b v128) (local $rh v128) (local $bv v128) (local $rl v128) (local $rp v128) (local $r1 v128) (local $r2 v128)",
  );
  emit(
    "  (local $qq v128) (local $dq v128) (local $hq v128) (local $h v128) (local $poly v128) (local $big v128) (local $small v128)",
  );
  emit(
    `  (local $s v128) (local $tt v128) (local $low v128) (local $eb v128) (local $ln v128) ${lets.map(([n]) => `(local $${letLocal(n)} v128)`).join(" ")}`,
  );
  emit("  (block $slow");
  // Both targets and predictions as lanes (float32 values widened exactly).
  const pair = (base) => {
    const addr = `(i32.add (local.get ${base}) (i32.mul (local.get $q) (i32.const ${SZ})))`;
    return T === "f64"
      ? `(v128.load ${addr})`
      : `(f64x2.promote_low_f32x4 (v128.load64_zero ${addr}))`;
  };
  set("t", pair("$y"));
  set("one", `(f64x2.eq ${get("t")} ${v(1)})`);
  emit(
    `    (br_if $slow (i32.eqz (i64x2.all_true (v128.or ${get("one")} (f64x2.eq ${get("t")} ${v(0)})))))`,
  );
  // clip(p) lane by lane: p < ε ? ε : min(p, 1 − ε), the min as pmin(p, 1 − ε) (1 − ε < p ?
  // 1 − ε : p, so a NaN p stays NaN, as min keeps it), one instruction where min takes several.
  set("x", pair("$p"));
  // The table's terms specialised to t = 1 and t = 0: each calls log once (of c, of u = 1 − c),
  // its other term a constant (−0).
  const spec = (tv) => {
    const pos = specialize(bce.pos, { t: tv });
    const neg = specialize(bce.neg, { t: tv });
    const calls = [...callsIn(pos), ...callsIn(neg)];
    if (calls.length !== 1 || calls[0].fn !== "log") {
      throw new Error(`gen-output-wat: binaryCrossEntropy at t = ${tv} should take one log`);
    }
    return { pos, neg, arg: calls[0].a };
  };
  const [s1, s0] = [spec(1), spec(0)];
  const vars2 = { t: get("t"), p: get("x") };
  for (const [n] of lets) vars2[n] = get(letLocal(n));
  const wat2 = (e, calls = {}) => toWat(e, "f64x2", vars2, v, undefined, calls);
  for (const [n, e] of lets) set(letLocal(n), wat2(e));
  // The one log each element needs: its argument where t = 1, else where t = 0.
  set("x", `(v128.bitselect ${wat2(s1.arg)} ${wat2(s0.arg)} ${get("one")})`);
  // Off the fast path: NaN (a NaN prediction; clipped values are never zero, subnormal or
  // infinite), whose bits would read as a finite number. (The fast path's special case,
  // 1 − 2⁻⁵², is an argument it cannot round: the rounding test below sends it to log.ts.)
  set("hx", lowWords(`(i64x2.shr_u ${get("x")} (i32.const 32))`));
  emit(
    `    (br_if $slow (v128.any_true (v128.or (i32x4.lt_u ${get("hx")} ${i32s(0x00100000)}) (i32x4.ge_u ${get("hx")} ${i32s(0x7ff00000)}))))`,
  );
  set(
    "e",
    `(f64x2.convert_low_i32x4_s (i32x4.add (i32x4.shr_u ${get("hx")} (i32.const 20)) ${i32s(-1023)}))`,
  );
  for (const lane of [0, 1]) {
    set(
      `i${lane}`,
      `(i32.add (i32.const ${LOG_AT}) (i32.mul (i32.and (i32.shr_u (i32x4.extract_lane ${lane} ${get("hx")}) (i32.const 11)) (i32.const 511)) (i32.const 24)))`,
    );
  }
  const gather = (off) =>
    `(v128.load64_lane offset=${off} 1 (local.get $i1) (v128.load64_zero offset=${off} (local.get $i0)))`;
  set("c", gather(0));
  const { steps, check } = logSteps(
    o,
    `(f64x2.convert_low_i32x4_s (v128.and ${get("hx")} ${i32s(0x000fffff)}))`,
    `(f64x2.convert_low_i32x4_u ${lowWords(get("x"))})`,
    gather,
  );
  for (const [n, e] of steps) set(n, e);
  emit(`    (br_if $slow (i32.eqz (i64x2.all_true (f64x2.eq ${get("ln")} ${check}))))`);
  // Element k's terms: [log, −0] for t = 1, [−0, log] for t = 0.
  // The terms [t·log(c), (1 − t)·log(1 − c)] of each element: [ln, −0] where t = 1, [−0, ln]
  // where t = 0; the positive terms of both elements, then the negative ones, then paired.
  const viaLn = { log: () => get("ln") };
  set("pos", `(v128.bitselect ${wat2(s1.pos, viaLn)} ${wat2(s0.pos, viaLn)} ${get("one")})`);
  set("neg", `(v128.bitselect ${wat2(s1.neg, viaLn)} ${wat2(s0.neg, viaLn)} ${get("one")})`);
  emit(
    `    (return (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${get("pos")} ${get("neg")}) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 ${get("pos")} ${get("neg")})))`,
  );
  emit("  (call $bce_terms (local.get $p) (local.get $y) (local.get $q))");
  emit("  (call $bce_terms (local.get $p) (local.get $y) (i32.add (local.get $q) (i32.const 1))))");

  const two = (at) => `(call $bce_two (local.get $p) (local.get $y) ${at})`;
  emit(";; bce_pw(p, y, q0, n): NumPy's pairwise sums of both kinds of term, as [pos, neg] lanes.");
  emit("(func $bce_pw (param $p i32) (param $y i32) (param $q0 i32) (param $n i32) (result v128)");
  emit(
    `  (local $q i32) (local $end i32) (local $half i32) (local $res v128) (local $u v128) (local $w v128) ${Array.from({ length: 8 }, (_, r) => `(local $r${r} v128)`).join(" ")}`,
  );
  emit("  (local.set $end (i32.add (local.get $q0) (local.get $n)))");
  emit("  (local.set $q (local.get $q0))");
  // The terms from $q to $end one after the other (a pair shares a log), added to $res.
  const tail = () => {
    emit("    (block $te (loop $tl");
    emit("      (br_if $te (i32.gt_u (i32.add (local.get $q) (i32.const 2)) (local.get $end)))");
    emit(`      ${two("(local.get $q)")}`);
    emit("      (local.set $w)");
    emit("      (local.set $u)");
    emit(
      "      (local.set $res (f64x2.add (f64x2.add (local.get $res) (local.get $u)) (local.get $w)))",
    );
    emit("      (local.set $q (i32.add (local.get $q) (i32.const 2)))");
    emit("      (br $tl)))");
    emit("    (if (i32.lt_u (local.get $q) (local.get $end)) (then");
    emit(
      "      (local.set $res (f64x2.add (local.get $res) (call $bce_terms (local.get $p) (local.get $y) (local.get $q))))))",
    );
  };
  emit("  (if (i32.lt_u (local.get $n) (i32.const 8)) (then");
  tail();
  emit("    (return (local.get $res))))");
  emit("  (if (i32.le_u (local.get $n) (i32.const 128)) (then");
  for (let r = 0; r < 8; r += 2) {
    emit(`    ${two(`(i32.add (local.get $q0) (i32.const ${r}))`)}`);
    emit(`    (local.set $r${r + 1})`);
    emit(`    (local.set $r${r})`);
  }
  emit("    (local.set $end (i32.add (local.get $q0) (i32.and (local.get $n) (i32.const -8))))");
  emit("    (local.set $q (i32.add (local.get $q0) (i32.const 8)))");
  emit("    (block $be (loop $bl");
  emit("      (br_if $be (i32.ge_u (local.get $q) (local.get $end)))");
  for (let r = 0; r < 8; r += 2) {
    emit(`      ${two(`(i32.add (local.get $q) (i32.const ${r}))`)}`);
    emit("      (local.set $w)");
    emit("      (local.set $u)");
    emit(`      (local.set $r${r} (f64x2.add (local.get $r${r}) (local.get $u)))`);
    emit(`      (local.set $r${r + 1} (f64x2.add (local.get $r${r + 1}) (local.get $w)))`);
  }
  emit("      (local.set $q (i32.add (local.get $q) (i32.const 8)))");
  emit("      (br $bl)))");
  emit(
    "    (local.set $res (f64x2.add (f64x2.add (f64x2.add (local.get $r0) (local.get $r1)) (f64x2.add (local.get $r2) (local.get $r3))) (f64x2.add (f64x2.add (local.get $r4) (local.get $r5)) (f64x2.add (local.get $r6) (local.get $r7)))))",
  );
  emit("    (local.set $end (i32.add (local.get $q0) (local.get $n)))");
  tail();
  emit("    (return (local.get $res))))");
  emit("  (local.set $half (i32.and (i32.shr_u (local.get $n) (i32.const 1)) (i32.const -8)))");
  emit(
    "  (f64x2.add (call $bce_pw (local.get $p) (local.get $y) (local.get $q0) (local.get $half))",
  );
  emit(
    "    (call $bce_pw (local.get $p) (local.get $y) (i32.add (local.get $q0) (local.get $half)) (i32.sub (local.get $n) (local.get $half)))))",
  );
  emit(";; bce_sum(p, y, n): pos + neg, the two pairwise sums of binary cross-entropy's terms.");
  emit(
    '(func (export "bce_sum") (param $p i32) (param $y i32) (param $n i32) (result f64) (local $v v128)',
  );
  emit(
    "  (local.set $v (call $bce_pw (local.get $p) (local.get $y) (i32.const 0) (local.get $n)))",
  );
  emit("  (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))");
  emit(";; bce_sums(p, y, n, dst): the same two sums as [pos, neg], stored at dst (16 bytes), for");
  emit(
    ";; a thread of parallel training whose samples are one node of the whole batch's sum tree.",
  );
  emit('(func (export "bce_sums") (param $p i32) (param $y i32) (param $n i32) (param $dst i32)');
  emit(
    "  (v128.store (local.get $dst) (call $bce_pw (local.get $p) (local.get $y) (i32.const 0) (local.get $n))))",
  );
}
