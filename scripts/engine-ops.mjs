// The one description of the fused engine's element-wise operations: every fused activation and
// loss, keyed by its name, as small expression trees, their float32 forms, and the named
// constants. Everything element-wise the engine runs is generated from this table:
//   - packages/core/src/engine/ops.generated.ts (the activations' and losses' per-element faces,
//     which `relu`, `sigmoid`, ..., `binaryCrossEntropy` and `meanSquaredError` are built from,
//     the float32 forms `fusedForward32` and `fusedLoss32`, the constants) and
//     js-gemm.generated.ts (the JavaScript products' fused epilogues), by
//     scripts/gen-js-kernels.mjs;
//   - the WebAssembly kernels' element-wise parts: the products' ReLU epilogues
//     (scripts/gen-engine-wat.mjs); the output layer's sigmoid, its gradient under binary
//     cross-entropy, the accuracy count's threshold and binary cross-entropy's terms
//     (scripts/gen-output-wat.mjs); the float32 sigmoid and cross-entropy terms
//     (scripts/gen-float32-output-wat.mjs).
// The column-wise softmax (`columnwise`) runs as TypeScript column loops over the heap
// (engine/softmax.ts) calling its generated steps, and in the float64 WebAssembly sets as the
// output module's `softmax_columns` (scripts/gen-output-wat.mjs); categorical cross-entropy's
// terms and gradients as the output layer's TypeScript loops.
// `node scripts/gen-js-kernels.mjs --check` and `node scripts/build-wasm.mjs --check` verify the
// committed files are current (packages/core/test/engine-ops.test.ts and wasm-kernels.test.ts run them).
//
// An expression is a tree of the nodes below. `toJs` renders one as a TypeScript expression
// (every operation as written, in the same order: the bits the reference path computes), and
// `toWat` as a WebAssembly expression over one value (`f64`) or a SIMD vector (`f64x2`,
// `f32x4`); only the nodes the WebAssembly kernels use have a WAT form.

/** A variable (an argument of the element-wise function). */
export const v = (name) => ({ op: "var", name });
/** A number literal (may be −0). */
export const c = (value) => ({ op: "const", value });
/** A named constant of the table (`constants` below), rendered by name. */
export const k = (name) => ({ op: "named", name });
export const add = (a, b) => ({ op: "add", a, b });
export const sub = (a, b) => ({ op: "sub", a, b });
export const mul = (a, b) => ({ op: "mul", a, b });
export const div = (a, b) => ({ op: "div", a, b });
export const neg = (a) => ({ op: "neg", a });
/** `when ≤ 0 ? +0 : x` (a NaN `when` keeps x): ReLU and its derivative. */
export const zeroIfNotPositive = (x, when) => ({ op: "zeroIfNotPositive", x, when });
/** `a > 0 ? x : y`. */
export const ifPositive = (a, x, y) => ({ op: "ifPositive", a, x, y });
/** `a === value ? x : y`. */
export const ifEquals = (a, value, x, y) => ({ op: "ifEquals", a, value, x, y });
/** `a < b ? x : y` (a NaN takes y). */
export const ifLess = (a, b, x, y) => ({ op: "ifLess", a, b, x, y });
/** `a >= b ? x : y` (a NaN takes y). */
export const ifAtLeast = (a, b, x, y) => ({ op: "ifAtLeast", a, b, x, y });
/** `x < lo ? lo : min(x, hi)` (`Math.min`, so a NaN x stays NaN). */
export const clamp = (x, lo, hi) => ({ op: "clamp", x, lo, hi });
/** A call of a scalar function of plainnet's libm (`exp`, `log`) or `tanhValue`. */
export const call = (fn, a) => ({ op: "call", fn, a });

/** Named constants: [TypeScript value expression, doc]. */
export const constants = {
  BCE_EPSILON: [
    "2 ** -52",
    "Binary cross-entropy clips probabilities to [ε, 1 − ε] with ε = 2⁻⁵² (scikit-learn's `log_loss` default) before the logarithm, so predictions of exactly 0 or 1 give a large finite cost instead of NaN/Infinity. Values inside that interval, every value of a normal run, are untouched, which keeps NumPy parity.",
  ],
  LEAKY_RELU_ALPHA: ["0.01", "Slope of `leakyRelu` for z ≤ 0 (PyTorch's default)."],
  CLASS_THRESHOLD: [
    "0.5",
    "The accuracy count's threshold: an output above it is class 1, any other (NaN included) class 0 (the notebook's `convert_prob_into_class`).",
  ],
};

/** The value of a named constant (for the WAT generators' literals). */
export function constantValue(name) {
  const [expr] = constants[name];
  // The expressions are number literals or powers of two.
  const pow = /^2 \*\* (-?\d+)$/.exec(expr);
  return pow === null ? Number(expr) : 2 ** Number(pow[1]);
}

const da = v("da");
const z = v("z");
const a = v("a");
const t = v("t");
const p = v("p");
const rows = v("rows");
const m = v("m");
const one = c(1);
/** Binary cross-entropy's clipped prediction (of `p`). */
export const clipped = clamp(p, k("BCE_EPSILON"), sub(one, k("BCE_EPSILON")));

/**
 * The fused activations. Each has `forward` (of `z`), `backward` (of `da` and `z`) and
 * `fromOutput` (the same derivative from the output `a = forward(z)`, bit for bit), optionally
 * `float32` (the float32 functions its forward function calls where the float32 kernel sets
 * compute it in float32 arithmetic), and `gemm`: whether the products apply it in their epilogue (`"relu"`), need no element-wise
 * step (`"identity"`), or leave it to an element-wise pass (`null`). `let` binds a shared
 * subexpression of `backward` (rendered as a local).
 */
export const activations = {
  relu: {
    doc: "ReLU, `max(0, z)`, as the notebook's `relu`/`relu_backward`: the derivative is 1 for z > 0 and 0 otherwise (also at z = 0). NaN propagates (as `np.maximum`); −0 gives +0.",
    forward: zeroIfNotPositive(z, z),
    backward: zeroIfNotPositive(da, z),
    fromOutput: zeroIfNotPositive(da, a),
    gemm: "relu",
  },
  sigmoid: {
    doc: "Logistic sigmoid `1 / (1 + e^-z)`, evaluated exactly as the notebook writes it, with plainnet's correctly rounded `exp`: for z < −709 `e^-z` overflows to Infinity and the result is exactly 0; for z > 37 it is exactly 1, never NaN.",
    forward: div(one, add(one, call("exp", neg(z)))),
    backwardLet: ["s", div(one, add(one, call("exp", neg(z))))],
    backward: mul(mul(da, v("s")), sub(one, v("s"))),
    fromOutput: mul(mul(da, a), sub(one, a)),
    gemm: null,
    // The float32 kernel sets' output layer computes the forward function in float32
    // arithmetic, with float32 functions for these calls (engine/libm32.ts).
    float32: { exp: "exp32" },
  },
  tanh: {
    doc: "tanh from plainnet's correctly rounded `exp` and basic arithmetic (`tanhValue`), so every runtime gives the same bits; derivative `1 − tanh(z)²`.",
    forward: call("tanhValue", z),
    backwardLet: ["t", call("tanhValue", z)],
    backward: mul(da, sub(one, mul(v("t"), v("t")))),
    fromOutput: mul(da, sub(one, mul(a, a))),
    gemm: null,
  },
  leakyRelu: {
    doc: "Leaky ReLU: `z` for z > 0, `0.01 z` otherwise; derivative 1 or 0.01 (from the output too: a > 0 exactly where z > 0).",
    forward: ifPositive(z, z, mul(k("LEAKY_RELU_ALPHA"), z)),
    backward: ifPositive(z, da, mul(k("LEAKY_RELU_ALPHA"), da)),
    fromOutput: ifPositive(a, da, mul(k("LEAKY_RELU_ALPHA"), da)),
    gemm: null,
  },
  linear: {
    doc: "The identity (for regression outputs with mean squared error).",
    forward: z,
    backward: da,
    fromOutput: da,
    gemm: "identity",
  },
};

/**
 * The fused losses, per element of the `rows x m` output: `pos` and `neg` (the cost's two
 * per-element terms of target `t` and prediction `p`, each summed pairwise; `neg` null: one
 * sum), `cost` (of the sums `pos`, `neg`, the output rows and the samples m) and `gradient`
 * (dL/dŷ per sample, of `t`, `p` and `rows`). `let` binds locals the expressions share
 * (`[name, expression]` pairs in order, or one pair; null: none; see `letsOf`). Optional
 * `float32`: the float32 kernel sets' own `let` and the float32 functions their calls use.
 */
export const losses = {
  binaryCrossEntropy: {
    doc: "Binary cross-entropy `−1/m · Σ (t·log(c) + (1 − t)·log(1 − c))`, `c = clip(ŷ)` to [ε, 1 − ε]; each term skips its `log` where its value cannot matter (t = 0 gives 0·(a negative number) = −0 and t = 1 the log itself), and a NaN prediction still makes the cost NaN.",
    let: [
      ["c", clipped],
      ["u", sub(one, v("c"))],
    ],
    pos: ifEquals(t, 0, c(-0), ifEquals(t, 1, call("log", v("c")), mul(t, call("log", v("c"))))),
    neg: ifEquals(
      t,
      1,
      c(-0),
      ifEquals(t, 0, call("log", v("u")), mul(sub(one, t), call("log", v("u")))),
    ),
    // The float32 kernel sets compute `pos` and `neg` in float32 arithmetic with plainnet's
    // float32 `log32`, and bind `c` and `u` (1 − c) differently: 1 − ε is not a float32 (it
    // rounds to 1), so c only has the lower clip and u is ε where p ≥ 1 (the float64 value of
    // 1 − clip(p) there), 1 − p elsewhere.
    float32: {
      let: [
        ["c", ifLess(p, k("BCE_EPSILON"), k("BCE_EPSILON"), p)],
        ["u", ifAtLeast(p, one, k("BCE_EPSILON"), sub(one, p))],
      ],
      calls: { log: "log32" },
    },
    cost: mul(div(c(-1), m), add(v("pos"), v("neg"))),
    gradient: neg(sub(div(t, v("c")), div(sub(one, t), sub(one, v("c"))))),
  },
  meanSquaredError: {
    doc: "Mean squared error `Σ (ŷ − t)² / (rows·m)`; per-sample gradient `2 (ŷ − t) / rows`.",
    let: null,
    pos: mul(sub(p, t), sub(p, t)),
    neg: null,
    cost: div(v("pos"), mul(rows, m)),
    gradient: div(mul(c(2), sub(p, t)), rows),
  },
  categoricalCrossEntropy: {
    doc: "Categorical cross-entropy `−1/m · Σ t·log(c)` over every class and sample, `c = max(ŷ, ε)` (clipped below only); per-sample gradient `−t/c`. After a softmax output layer the pair's gradient is the closed form `dZ = ŷ − t` (`softmaxDelta`). A term with t = ±0 skips its `log` where only the log's sign matters (c < 1: `−t`; 1 ≤ c < ∞: `t`), the same bits as `t·log(c)`; an infinite or NaN c still gives NaN.",
    let: ["c", ifLess(p, k("BCE_EPSILON"), k("BCE_EPSILON"), p)],
    pos: ifEquals(
      t,
      0,
      ifLess(v("c"), one, neg(t), ifLess(v("c"), c(Infinity), t, mul(t, call("log", v("c"))))),
      mul(t, call("log", v("c"))),
    ),
    neg: null,
    cost: mul(div(c(-1), m), v("pos")),
    gradient: neg(div(t, v("c"))),
    softmaxDelta: sub(p, t),
  },
};

/**
 * The column-wise activations: softmax over each column (one column per sample) of a
 * `rows x m` layout, `a = e^(z − max) / Σ e^(z − max)`. The column loops (the maximum, the sums
 * in row order from +0) are the engine's and the reference backend's; the per-element steps
 * are these: `shifted` (`e` of `z` and the column's `max`), `accumulate` (the running sum `s`
 * plus `e`), `normalize` (`e / s`), and for the backward pass the Jacobian-vector product
 * `dZ = a ⊙ (dA − 1·(1ᵀ(dA ⊙ a)))`: `dotTerm` (`da · a`, added to the running `dot` from +0 in
 * row order with `accumulate`) and `jvp` (of `da`, `a` and the column's `dot`). `float32`: the
 * float32 functions its calls use where the float32 kernel sets compute it in float32.
 */
export const columnwise = {
  softmax: {
    doc: "Softmax over each column, max-subtracted, with plainnet's correctly rounded `exp`.",
    shifted: call("exp", sub(z, v("max"))),
    accumulate: add(v("s"), v("e")),
    normalize: div(v("e"), v("s")),
    dotTerm: mul(da, a),
    jvp: mul(a, sub(da, v("dot"))),
    float32: { exp: "exp32" },
  },
};

/** A `let` field as a list of `[name, expression]` pairs (null: none; one pair: a list of it). */
export function letsOf(let_) {
  if (let_ === null || let_ === undefined) return [];
  return typeof let_[0] === "string" ? [let_] : let_;
}

/** Whether expression `e` reads variable `name`. */
export function uses(e, name) {
  return JSON.stringify(e).includes(`"op":"var","name":"${name}"`);
}

/** The pairs of `lets` that `exprs` need (directly or through a later pair), in order. */
export function neededLets(lets, exprs) {
  const need = [];
  for (let i = lets.length - 1; i >= 0; i--) {
    const [name] = lets[i];
    if ([...exprs, ...need.map(([, e]) => e)].some((e) => uses(e, name))) need.unshift(lets[i]);
  }
  return need;
}

/**
 * `e` with the variables of `values` fixed (`{ t: 1 }`): every `ifEquals` on such a variable
 * resolved to its branch. The WebAssembly cost kernels use it to find what a term is for the
 * targets 0 and 1 (one log, or −0).
 */
export function specialize(e, values) {
  if (e === null || typeof e !== "object" || !("op" in e)) return e;
  if (e.op === "ifEquals" && e.a.op === "var" && e.a.name in values) {
    return specialize(Object.is(values[e.a.name], e.value) ? e.x : e.y, values);
  }
  const out = {};
  for (const [key, value] of Object.entries(e)) out[key] = specialize(value, values);
  return out;
}

/** The `call` nodes of `e`, outermost first. */
export function callsIn(e) {
  if (e === null || typeof e !== "object" || !("op" in e)) return [];
  const own = e.op === "call" ? [e] : [];
  return [...own, ...Object.values(e).flatMap((x) => callsIn(x))];
}

// ---------------------------------------------------------------------------------------------
// The table's meaning

/**
 * The value of `e` for the variables `env`, as the table means it (the semantics `toJs` and
 * `toWat` render): `f32` rounds every arithmetic result to float32, `calls` gives the called
 * functions by name. Only the branch a conditional takes is evaluated. The tests hold every
 * generated function and kernel to it.
 */
export function evaluate(e, env, calls, f32 = false) {
  const r = (x) => evaluate(x, env, calls, f32);
  const round = f32 ? Math.fround : (x) => x;
  switch (e.op) {
    case "var":
      if (!(e.name in env)) throw new Error(`evaluate: no value for ${e.name}`);
      return env[e.name];
    case "const":
      return e.value;
    case "named":
      return constantValue(e.name);
    case "add":
    case "sub":
    case "mul":
    case "div":
      return round(FOLD[e.op](r(e.a), r(e.b)));
    case "neg":
      return -r(e.a);
    case "zeroIfNotPositive":
      return r(e.when) <= 0 ? 0 : r(e.x);
    case "ifPositive":
      return r(e.a) > 0 ? r(e.x) : r(e.y);
    case "ifEquals":
      return r(e.a) === e.value ? r(e.x) : r(e.y);
    case "ifLess":
      return r(e.a) < r(e.b) ? r(e.x) : r(e.y);
    case "ifAtLeast":
      return r(e.a) >= r(e.b) ? r(e.x) : r(e.y);
    case "clamp": {
      const x = r(e.x);
      const lo = r(e.lo);
      return x < lo ? lo : Math.min(x, r(e.hi));
    }
    case "call": {
      const fn = calls[e.fn];
      if (fn === undefined) throw new Error(`evaluate: no function ${e.fn}`);
      return fn(r(e.a));
    }
    default:
      throw new Error(`evaluate: unknown node ${e.op}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Renderers

const jsNumber = (x) => (Object.is(x, -0) ? "-0" : String(x));

/**
 * A TypeScript expression for `e`; `vars` maps a variable to its text (default: its name),
 * `f32` rounds every arithmetic result with `Math.fround`, `calls` renames called functions
 * (e.g. `{ exp: "exp32" }`).
 */
export function toJs(e, vars = {}, f32 = false, calls = {}) {
  const r = (x) => toJs(x, vars, f32, calls);
  const round = (s) => (f32 ? `Math.fround(${s})` : s);
  switch (e.op) {
    case "var":
      return vars[e.name] ?? e.name;
    case "const":
      return jsNumber(e.value);
    case "named":
      return e.name;
    case "add":
      return round(`${paren(e.a, r, "add")} + ${paren(e.b, r, "addR")}`);
    case "sub":
      return round(`${paren(e.a, r, "add")} - ${paren(e.b, r, "addR")}`);
    case "mul":
      return round(`${paren(e.a, r, "mul")} * ${paren(e.b, r, "mulR")}`);
    case "div":
      return round(`${paren(e.a, r, "mul")} / ${paren(e.b, r, "mulR")}`);
    case "neg":
      return `-${atomic(e.a, r)}`;
    case "zeroIfNotPositive":
      return `${atomic(e.when, r)} <= 0 ? 0 : ${r(e.x)}`;
    case "ifPositive":
      return `${atomic(e.a, r)} > 0 ? ${r(e.x)} : ${r(e.y)}`;
    case "ifEquals":
      return `${atomic(e.a, r)} === ${jsNumber(e.value)} ? ${r(e.x)} : ${r(e.y)}`;
    case "ifLess":
      return `${atomic(e.a, r)} < ${atomic(e.b, r)} ? ${r(e.x)} : ${r(e.y)}`;
    case "ifAtLeast":
      return `${atomic(e.a, r)} >= ${atomic(e.b, r)} ? ${r(e.x)} : ${r(e.y)}`;
    case "clamp":
      return `${atomic(e.x, r)} < ${r(e.lo)} ? ${r(e.lo)} : Math.min(${r(e.x)}, ${r(e.hi)})`;
    case "call":
      return `${calls[e.fn] ?? e.fn}(${r(e.a)})`;
    default:
      throw new Error(`toJs: unknown node ${e.op}`);
  }
}

const LEAF = new Set(["var", "const", "named", "call"]);

/** `x` rendered, parenthesised unless it is a leaf or binds at least as tightly as `ctx`. */
function paren(x, r, ctx) {
  if (LEAF.has(x.op)) return r(x);
  // Left operands of + − take + − × ÷ bare; right operands of + − take × ÷ bare; left operands
  // of × ÷ take × ÷ bare; right operands of × ÷ take nothing bare (a / (b * c)).
  const bare =
    (ctx === "add" && ["add", "sub", "mul", "div"].includes(x.op)) ||
    (ctx === "addR" && ["mul", "div"].includes(x.op)) ||
    (ctx === "mul" && ["mul", "div"].includes(x.op));
  return bare ? r(x) : `(${r(x)})`;
}

function atomic(x, r) {
  return LEAF.has(x.op) ? r(x) : `(${r(x)})`;
}

const FOLD = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

/** The value of a constant node (a literal, a named constant or arithmetic of them), else
 * undefined. */
function constantOf(e) {
  if (e.op === "const") return e.value;
  if (e.op === "named") return constantValue(e.name);
  if (e.op in FOLD) {
    const x = constantOf(e.a);
    const y = constantOf(e.b);
    return x === undefined || y === undefined ? undefined : FOLD[e.op](x, y);
  }
  return undefined;
}

/**
 * A WebAssembly expression for `e` over `V` (`"f64"`, `"f64x2"` or `"f32x4"`): `vars` maps each
 * variable to its WAT text, `lit(x)` writes a literal, `zero` is a value of +0 (vectors: to
 * compare with), `calls` maps a called function's name to a writer of its call from the
 * argument's text (which may ignore it: a value computed beforehand). Only the nodes the
 * kernels use are supported.
 */
export function toWat(e, V, vars, lit, zero, calls = {}) {
  const r = (x) => toWat(x, V, vars, lit, zero, calls);
  switch (e.op) {
    case "var": {
      const text = vars[e.name];
      if (text === undefined) throw new Error(`toWat: no value for ${e.name}`);
      return text;
    }
    case "const":
      return lit(e.value);
    case "named":
      return lit(constantValue(e.name));
    case "add":
    case "sub":
    case "mul":
    case "div": {
      // Two constants fold into one literal (as the JavaScript engines fold them).
      const x = constantOf(e.a);
      const y = constantOf(e.b);
      if (x !== undefined && y !== undefined) return lit(FOLD[e.op](x, y));
      return `(${V}.${e.op} ${r(e.a)} ${r(e.b)})`;
    }
    case "neg":
      return `(${V}.neg ${r(e.a)})`;
    case "clamp": {
      // x < lo ? lo : min(x, hi): min as f64.min (scalar) or pmin (vectors: hi < x ? hi : x,
      // so a NaN x stays NaN as Math.min keeps it, one instruction where min takes several).
      const x = r(e.x);
      const lo = r(e.lo);
      if (V === "f64") return `(select ${lo} (f64.min ${x} ${r(e.hi)}) (f64.lt ${x} ${lo}))`;
      return `(v128.bitselect ${lo} (${V}.pmin ${x} ${r(e.hi)}) (${V}.lt ${x} ${lo}))`;
    }
    case "ifEquals":
    case "ifLess":
    case "ifAtLeast": {
      const cmp = { ifEquals: "eq", ifLess: "lt", ifAtLeast: "ge" }[e.op];
      const b = e.op === "ifEquals" ? lit(e.value) : r(e.b);
      // Scalar: only the branch taken is evaluated (a call in the other is not made).
      if (V === "f64") {
        return `(if (result f64) (f64.${cmp} ${r(e.a)} ${b}) (then ${r(e.x)}) (else ${r(e.y)}))`;
      }
      // Vectors: both branches, lane by lane.
      return `(v128.bitselect ${r(e.x)} ${r(e.y)} (${V}.${cmp} ${r(e.a)} ${b}))`;
    }
    case "zeroIfNotPositive":
      // As a mask: "when <= 0" lanes cleared to +0 (a NaN compares false and is kept).
      if (V === "f64") throw new Error("toWat: zeroIfNotPositive is vector-only");
      return `(v128.andnot ${r(e.x)} (${V}.le ${r(e.when)} ${zero}))`;
    case "call": {
      const write = calls[e.fn];
      if (write === undefined) throw new Error(`toWat: no WebAssembly form for ${e.fn}`);
      return write(r(e.a));
    }
    default:
      throw new Error(`toWat: node ${e.op} has no WebAssembly form`);
  }
}
