// Writes the float32 engine's output-layer math, on the engine instance's memory:
//   packages/core/src/engine/wasm/float32-output.wat
// scripts/build-wasm.mjs calls float32OutputWat and assembles it; CI checks it is current.
//
// sigmoid(z, a, n) and bce_terms(p, y, n, pos, neg) over float32 values (byte pointers), four
// at a time in f32x4 lanes (and softmax_columns(z, a, rows, m), four columns at a time): the fused table's float32 forms (scripts/engine-ops.mjs: the sigmoid's
// forward over exp32, binary cross-entropy's float32 terms over log32) through `toWat`, and
// exp32 and log32 as packages/core/src/engine/libm32.ts writes them, every lane the operations
// of the JavaScript float32 set in their order, so the WebAssembly and JavaScript float32 kernel
// sets agree bit for bit. The last n mod 4 values are one more whole
// vector (its loads read up to 12 bytes past the operands: the heap's slack) of which only the
// valid lanes are stored.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  activations,
  callsIn,
  letsOf,
  losses,
  neededLets,
  specialize,
  toWat,
} from "./engine-ops.mjs";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "../packages/core/src/engine/wasm");

const f = Math.fround;
const fromBits = (bits) => new Float32Array(new Int32Array([bits]).buffer)[0];
// The constants of float32-output.ts, computed the same way (each a float32 value).
const C = {
  LIMIT: 88,
  LOG2E: f(Math.LOG2E),
  SHIFTER: 12582912,
  LN2_HI: 0.693359375,
  LN2_LO: f(Math.LN2 - 0.693359375),
  E2: f(1 / 2),
  E3: f(1 / 6),
  E4: f(1 / 24),
  E5: f(1 / 120),
  E6: f(1 / 720),
  E7: f(1 / 5040),
  LN2_HI_LOG: fromBits(0x3f317180),
  LN2_LO_LOG: fromBits(0x3717f7d1),
  LG1: 0xaaaaaa * 2 ** -24,
  LG2: 0xccce13 * 2 ** -25,
  LG3: 0x91e9ee * 2 ** -25,
  LG4: 0xf89e26 * 2 ** -26,
};
for (const [name, v] of Object.entries(C)) {
  if (f(v) !== v) throw new Error(`${name} is not a float32 value`);
}

/** A constant vector (every lane `x`, an exact float32 written in full). */
const K = (x) => {
  const t = Object.is(x, -0) ? "-0" : String(x);
  return `(v128.const f32x4 ${t} ${t} ${t} ${t})`;
};
const I = (x) => `(v128.const i32x4 ${x} ${x} ${x} ${x})`;
const g = (n) => `(local.get $${n})`;
const add = (a, b) => `(f32x4.add ${a} ${b})`;
const sub = (a, b) => `(f32x4.sub ${a} ${b})`;
const mul = (a, b) => `(f32x4.mul ${a} ${b})`;
const sel = (a, b, m) => `(v128.bitselect ${a} ${b} ${m})`;

/** The lines of `$log32`'s body: log32 of its parameter `$v` (locals $l*), the result last. */
function logLines() {
  return [
    ["lix", `(i32x4.sub ${g("v")} ${I(0x3f3504f3)})`],
    ["lfm", sub(`(i32x4.add (v128.and ${g("lix")} ${I(0x007fffff)}) ${I(0x3f3504f3)})`, K(1))],
    ["lk", `(f32x4.convert_i32x4_s (i32x4.shr_s ${g("lix")} (i32.const 23)))`],
    ["ls", `(f32x4.div ${g("lfm")} ${add(K(2), g("lfm"))})`],
    ["lz", mul(g("ls"), g("ls"))],
    ["lw", mul(g("lz"), g("lz"))],
    [
      "lr",
      add(
        mul(g("lz"), add(K(C.LG1), mul(g("lw"), K(C.LG3)))),
        mul(g("lw"), add(K(C.LG2), mul(g("lw"), K(C.LG4)))),
      ),
    ],
    ["lh", mul(mul(K(0.5), g("lfm")), g("lfm"))],
    ["li", add(mul(g("ls"), add(g("lh"), g("lr"))), mul(g("lk"), K(C.LN2_LO_LOG)))],
    ["lres", sub(mul(g("lk"), K(C.LN2_HI_LOG)), sub(sub(g("lh"), g("li")), g("lfm")))],
  ];
}

/**
 * Lines of exp32 of the vector in `$x` (clamped in place to ±LIMIT, NaN kept), leaving
 * `$kf` and `$p`; {@link exp2k} of them is the result, `p · 2^k`.
 */
function expLines() {
  return [
    ["x", sel(K(-C.LIMIT), g("x"), `(f32x4.lt ${g("x")} ${K(-C.LIMIT)})`)],
    ["x", sel(K(C.LIMIT), g("x"), `(f32x4.gt ${g("x")} ${K(C.LIMIT)})`)],
    ["kf", sub(add(mul(g("x"), K(C.LOG2E)), K(C.SHIFTER)), K(C.SHIFTER))],
    ["r", sub(sub(g("x"), mul(g("kf"), K(C.LN2_HI))), mul(g("kf"), K(C.LN2_LO)))],
    ["p", add(K(C.E6), mul(g("r"), K(C.E7)))],
    ...[C.E5, C.E4, C.E3, C.E2, 1, 1].map((c) => ["p", add(K(c), mul(g("r"), g("p")))]),
  ];
}

/** exp32's result after {@link expLines}: `p · 2^k` (k = kf truncated; NaN gives 0). */
const exp2k = () =>
  mul(
    g("p"),
    `(i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s ${g("kf")}) ${I(127)}) (i32.const 23))`,
  );

/** Lines setting `$a` to sigmoid32 of the vector in `$z`. */
function sigmoidLines() {
  return [
    ["x", `(f32x4.neg ${g("z")})`],
    ...expLines(),
    // The fused table's sigmoid, over exp32 of −z computed above (p · 2^k).
    ["a", toWat(activations.sigmoid.forward, "f32x4", { z: g("z") }, K, undefined, { exp: exp2k })],
  ];
}

/**
 * `softmax_columns(z, a, rows, m)`: softmax of each column of the rows x m float32 matrix at
 * `z` into `a` (may be `z`), as `softmaxColumnsInPlace` with the fused table's float32 steps
 * (`fusedSoftmax.float32`), four columns at a time in f32x4 lanes: per column the maximum (the
 * first row, then every larger value: a NaN never replaces it), `e = exp32(z − max)` stored
 * and summed from +0 in row order, then `e / sum`. The last m mod 4 columns are one more
 * vector whose loads read past them (the next row, or up to 12 bytes past the matrix: the
 * heap's slack) and whose stores keep to the valid lanes. exp32 is a function of its own
 * (`$exp32`) so that the module stays small.
 */
function softmaxColumns(emit) {
  const set = ([n, e]) => `    (local.set $${n} ${e})`;
  const at = (ptr) => `(i32.add (local.get ${ptr}) (local.get $off))`;
  const rowLoop = (from, lines) => {
    emit(`    (local.set $i (i32.const ${from}))`);
    emit(
      `    (local.set $off (i32.add (local.get $col) (i32.mul (i32.const ${from}) (local.get $stride))))`,
    );
    emit("    (block $rows_done (loop $row");
    emit("      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))");
    for (const l of lines) emit(`  ${l}`);
    emit("      (local.set $off (i32.add (local.get $off) (local.get $stride)))");
    emit("      (local.set $i (i32.add (local.get $i) (i32.const 1)))");
    emit("      (br $row)))");
  };
  /** Stores `$e` at `ptr` + $off: whole, or its lanes below $rem (the last columns). */
  const storeE = (ptr) =>
    `    (if (i32.ge_u (local.get $rem) (i32.const 4)) (then (v128.store ${at(ptr)} ${g("e")})) (else` +
    ` (v128.store32_lane 0 ${at(ptr)} ${g("e")})` +
    ` (if (i32.ge_u (local.get $rem) (i32.const 2)) (then (v128.store32_lane offset=4 1 ${at(ptr)} ${g("e")})))` +
    ` (if (i32.eq (local.get $rem) (i32.const 3)) (then (v128.store32_lane offset=8 2 ${at(ptr)} ${g("e")})))))`;
  emit(";; exp32 of four float32 values, lane for lane (as libm32.ts's exp32; NaN stays NaN).");
  emit("(func $exp32 (param $x v128) (result v128)");
  emit("  (local $kf v128) (local $r v128) (local $p v128)");
  for (const l of expLines()) emit(set(l));
  emit(`  ${exp2k()})`);
  emit(
    ";; softmax_columns(z, a, rows, m): softmax of each column of a rows x m matrix (a may be z), as softmaxColumnsInPlace in float32.",
  );
  emit(
    '(func (export "softmax_columns") (param $zp i32) (param $ap i32) (param $rows i32) (param $m i32)',
  );
  emit(
    "  (local $col i32) (local $rem i32) (local $stride i32) (local $i i32) (local $off i32) (local $max v128) (local $v v128) (local $s v128) (local $e v128)",
  );
  emit("  (local.set $stride (i32.shl (local.get $m) (i32.const 2)))");
  emit("  (local.set $rem (local.get $m))");
  emit("  (block $done (loop $next");
  emit("    (br_if $done (i32.le_s (local.get $rem) (i32.const 0)))");
  // The maximum of each column: the first row, then every larger value.
  emit("    (local.set $max (v128.load (i32.add (local.get $zp) (local.get $col))))");
  rowLoop(1, [
    set(["v", `(v128.load ${at("$zp")})`]),
    set(["max", sel(g("v"), g("max"), `(f32x4.gt ${g("v")} ${g("max")})`)]),
  ]);
  // e = exp32(z − max), stored, and the running sum from +0.
  emit(set(["s", K(0)]));
  rowLoop(0, [
    set(["e", `(call $exp32 ${sub(`(v128.load ${at("$zp")})`, g("max"))})`]),
    storeE("$ap"),
    set(["s", add(g("s"), g("e"))]),
  ]);
  // e / sum.
  rowLoop(0, [set(["e", `(f32x4.div (v128.load ${at("$ap")}) ${g("s")})`]), storeE("$ap")]);
  emit("    (local.set $col (i32.add (local.get $col) (i32.const 16)))");
  emit("    (local.set $rem (i32.sub (local.get $rem) (i32.const 4)))");
  emit("    (br $next)))");
  emit(")");
}

/**
 * Lines setting `$pos` and `$neg` to the fused table's float32 binary cross-entropy terms
 * (`float32` of its entry, as bceTerms32) of the predictions `$p` and targets `$t`, its locals
 * (`c`, `u`) first. When every lane's target is 0 or 1 (the usual case), each lane needs one
 * log: the table's terms specialised to t = 1 and to t = 0 each call `log` once (the other
 * term is a constant), so one `$log32` of the selected arguments serves the vector. Otherwise
 * every distinct log the terms call, and the terms as written (both branches lane by lane).
 */
function bceLines(emit) {
  const bce = losses.binaryCrossEntropy;
  const set = ([n, e]) => emit(`    (local.set $${n} ${e})`);
  const lets = letsOf(bce.float32.let);
  const vars = { p: g("p"), t: g("t") };
  for (const [name] of lets) vars[name] = g(name);
  const wat = (e, calls = {}) => toWat(e, "f32x4", vars, K, undefined, calls);
  for (const [name, e] of neededLets(lets, [bce.pos, bce.neg])) set([name, wat(e)]);
  /** The one `log` argument of a term pair specialised to target `tv`. */
  const spec = (tv) => {
    const pos = specialize(bce.pos, { t: tv });
    const neg = specialize(bce.neg, { t: tv });
    const calls = [...callsIn(pos), ...callsIn(neg)];
    if (calls.length !== 1 || calls[0].fn !== "log") {
      throw new Error(`gen-float32-output-wat: t = ${tv} should take exactly one log`);
    }
    return { pos, neg, arg: calls[0].a };
  };
  const one = spec(1);
  const zero = spec(0);
  const viaL1 = { log: () => g("l1") };
  set(["t1", `(f32x4.eq ${g("t")} ${K(1)})`]);
  set(["t0", `(f32x4.eq ${g("t")} ${K(0)})`]);
  emit(`    (if (i32x4.all_true (v128.or ${g("t1")} ${g("t0")})) (then`);
  set(["l1", `(call $log32 ${sel(wat(one.arg), wat(zero.arg), g("t1"))})`]);
  set(["pos", sel(wat(one.pos, viaL1), wat(zero.pos, viaL1), g("t1"))]);
  set(["neg", sel(wat(one.neg, viaL1), wat(zero.neg, viaL1), g("t1"))]);
  emit("    ) (else");
  // Every distinct argument of a log in the terms, each computed once.
  const logs = new Map();
  for (const call of [...callsIn(bce.pos), ...callsIn(bce.neg)]) {
    const arg = wat(call.a);
    if (!logs.has(arg)) logs.set(arg, `l${logs.size + 1}`);
  }
  if (logs.size > 2) throw new Error("gen-float32-output-wat: more logs than locals");
  for (const [arg, local] of logs) set([local, `(call $log32 ${arg})`]);
  const viaLocals = { log: (arg) => g(logs.get(arg)) };
  set(["pos", wat(bce.pos, viaLocals)]);
  set(["neg", wat(bce.neg, viaLocals)]);
  emit("    ))");
}

/**
 * The loop over n values: `body(at)` emits one vector's loads, math and stores for the byte
 * offset expression `at`, `tail` its partial version (stores of lanes below $rem only).
 */
function loop(emit, body) {
  emit("  (local.set $full (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))");
  emit("  (block $done (loop $next");
  emit("    (br_if $done (i32.ge_u (local.get $off) (local.get $full)))");
  body(false);
  emit("    (local.set $off (i32.add (local.get $off) (i32.const 16)))");
  emit("    (br $next)))");
  emit("  (local.set $rem (i32.and (local.get $n) (i32.const 3)))");
  emit("  (if (local.get $rem) (then");
  body(true);
  emit("  ))");
}

/** Stores vector `v` at `ptr` + $off: whole, or (partial) its lanes below $rem. */
function store(ptr, v, partial) {
  const at = `(i32.add (local.get ${ptr}) (local.get $off))`;
  if (!partial) return [`(v128.store ${at} ${g(v)})`];
  return [
    `(v128.store32_lane 0 ${at} ${g(v)})`,
    `(if (i32.ge_u (local.get $rem) (i32.const 2)) (then (v128.store32_lane offset=4 1 ${at} ${g(v)})))`,
    `(if (i32.eq (local.get $rem) (i32.const 3)) (then (v128.store32_lane offset=8 2 ${at} ${g(v)})))`,
  ];
}

/** The WAT text of the module. */
export function float32OutputWat() {
  const lines = [];
  const emit = (s) => lines.push(s);
  const set = ([n, e]) => emit(`    (local.set $${n} ${e})`);
  const load = (ptr) => `(v128.load (i32.add (local.get ${ptr}) (local.get $off)))`;
  emit(";; GENERATED by scripts/gen-float32-output-wat.mjs: do not edit.");
  emit(
    ";; The float32 engine's output layer in float32 arithmetic (packages/core/src/engine/float32-output.ts,",
  );
  emit(";; lane for lane); contract: packages/core/src/engine/kernels.ts. Pointers are in bytes.");
  emit("(module");
  emit('(import "env" "memory" (memory 1))');
  emit(";; log32 of four float32 values, lane for lane (NaN stays NaN).");
  emit("(func $log32 (param $v v128) (result v128)");
  emit(
    "  (local $lix v128) (local $lfm v128) (local $lk v128) (local $ls v128) (local $lz v128) (local $lw v128) (local $lr v128) (local $lh v128) (local $li v128) (local $lres v128)",
  );
  for (const l of logLines()) set(l);
  emit(`  ${sel(g("lres"), g("v"), `(f32x4.eq ${g("v")} ${g("v")})`)})`);
  emit(";; sigmoid(z, a, n): a = 1 / (1 + exp32(-z)) for n values (a may be z).");
  emit('(func (export "sigmoid") (param $zp i32) (param $ap i32) (param $n i32)');
  emit(
    "  (local $off i32) (local $full i32) (local $rem i32) (local $z v128) (local $x v128) (local $kf v128) (local $r v128) (local $p v128) (local $a v128)",
  );
  loop(emit, (partial) => {
    set(["z", load("$zp")]);
    for (const l of sigmoidLines()) set(l);
    for (const s of store("$ap", "a", partial)) emit(`    ${s}`);
  });
  emit(")");
  emit(
    ";; bce_terms(p, y, n, pos, neg): binary cross-entropy's two terms of n predictions, as bceTerms32.",
  );
  emit(
    '(func (export "bce_terms") (param $pp i32) (param $yp i32) (param $n i32) (param $posp i32) (param $negp i32)',
  );
  emit(
    "  (local $off i32) (local $full i32) (local $rem i32) (local $p v128) (local $t v128) (local $c v128) (local $u v128) (local $l1 v128) (local $l2 v128) (local $t0 v128) (local $t1 v128) (local $pos v128) (local $neg v128)",
  );
  loop(emit, (partial) => {
    set(["p", load("$pp")]);
    set(["t", load("$yp")]);
    bceLines(emit);
    for (const s of store("$posp", "pos", partial)) emit(`    ${s}`);
    for (const s of store("$negp", "neg", partial)) emit(`    ${s}`);
  });
  emit(")");
  softmaxColumns(emit);
  emit(")");
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = join(outDir, "float32-output.wat");
  writeFileSync(path, float32OutputWat());
  console.log(`wrote ${path}`);
}
