// Writes the fused engine's WebAssembly kernels, one module per element type:
//   packages/core/src/engine/wasm/engine-f64.wat (f64x2) and engine-f32.wat (f32x4), their
//   relaxed-FMA twins, and engine-f64-3x3.wat, engine-f64-fma-3x3.wat (the float64 kernels with
//   3 x 3 blocking).
// `node scripts/gen-engine-wat.mjs [--rows R] [--vecs V]` (R x V register blocking: R rows of C
// times V SIMD vectors of columns, held in R*V accumulators across the inner loop).
// scripts/build-wasm.mjs assembles the .wat files; both are checked to be current in CI.
//
// The kernels follow packages/core/src/engine/kernels.ts; their ReLU epilogue (forward and
// derivative) is the relu entry of the fused table, scripts/engine-ops.mjs. The essential rule: every element of
// C is summed from 0 in ascending order of p, each product rounded before its addition (plain
// SIMD mul + add, never a fused multiply-add), so float64 results are bitwise the typed-array
// reference's and float32 ones are bitwise `Math.fround` applied to every operation.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { activations, toWat } from "./engine-ops.mjs";

/** The fused table's relu entry (scripts/engine-ops.mjs): the products' epilogue. */
const relu = activations.relu;

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROWS = flag("--rows", 2);
const VECS = flag("--vecs", 4);
/** Steps of the inner (p) loop per iteration: 1 or 2. */
const UNROLL = flag("--unroll", 1);
/** 1: load B's vectors inside each multiply instead of holding them in locals (fewer registers). */
const INLINE_B = flag("--inline-b", 0) === 1;

const outDir = join(dirname(fileURLToPath(import.meta.url)), "../packages/core/src/engine/wasm");

/** The WAT text of one module. */
export function engineWat(T, rows = ROWS, vecs = VECS, fma = false, opts = {}) {
  const unroll = opts.unroll ?? UNROLL;
  const inlineB = opts.inlineB ?? INLINE_B;
  const L = T === "f64" ? 2 : 4; // lanes
  const SZ = T === "f64" ? 8 : 4; // bytes per element
  const V = `${T}x${L}`;
  const splatLoad = T === "f64" ? "v128.load64_splat" : "v128.load32_splat";
  const lines = [];
  const emit = (s) => lines.push(s);
  const acc = (r, v) => `$acc${r}_${v}`;
  /** An expression of the fused table's relu entry over one vector of accumulators. */
  const reluWat = (e, vars) =>
    toWat(
      e,
      V,
      vars,
      () => {
        throw new Error("gen-engine-wat: the relu epilogue has no literals");
      },
      "(local.get $zero)",
    );

  // A vector block: rr rows x vv vectors starting at column $j. With `partial` (vv = 1), the
  // last columns of a row, fewer than a vector's lanes, may be all that is left: the block
  // still computes whole vectors (reading past the row's end, into the next row or the heap's
  // slack; those lanes are never stored) and stores only the lanes of columns j .. n-1.
  function vectorBlock(rr, vv, partial = false) {
    // Start from 0, or (accumulate mode, a later slice of the inner index) from C itself.
    emit(
      `(local.set $off (i32.add (i32.mul (local.get $i) (local.get $cRow)) (i32.shl (local.get $j) (i32.const ${Math.log2(SZ)}))))`,
    );
    emit(`(if (local.get $accum) (then`);
    for (let r = 0; r < rr; r++) {
      const at =
        r === 0
          ? `(i32.add (local.get $c) (local.get $off))`
          : `(i32.add (i32.add (local.get $c) (local.get $off)) (i32.mul (local.get $cRow) (i32.const ${r})))`;
      emit(`  (local.set $cp ${at})`);
      for (let v = 0; v < vv; v++)
        emit(`  (local.set ${acc(r, v)} (v128.load offset=${v * 16} (local.get $cp)))`);
    }
    emit(`) (else`);
    for (let r = 0; r < rr; r++)
      for (let v = 0; v < vv; v++)
        emit(`  (local.set ${acc(r, v)} (v128.const ${V} ${Array(L).fill(0).join(" ")}))`);
    emit(`))`);
    emit(`(local.set $ap (local.get $arow))`);
    emit(
      `(local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const ${Math.log2(SZ)}))))`,
    );
    const step = () => {
      for (let v = 0; v < vv && !inlineB; v++)
        emit(`  (local.set $bv${v} (v128.load offset=${v * 16} (local.get $bp)))`);
      for (let r = 0; r < rr; r++) {
        const addr = r === 0 ? `(local.get $ap)` : `(i32.add (local.get $ap) (local.get $sai${r}))`;
        emit(`  (local.set $av (${splatLoad} ${addr}))`);
        for (let v = 0; v < vv; v++) {
          const bv = inlineB
            ? `(v128.load offset=${v * 16} (local.get $bp))`
            : `(local.get $bv${v})`;
          emit(
            fma
              ? `  (local.set ${acc(r, v)} (${V}.relaxed_madd (local.get $av) ${bv} (local.get ${acc(r, v)})))`
              : `  (local.set ${acc(r, v)} (${V}.add (local.get ${acc(r, v)}) (${V}.mul (local.get $av) ${bv})))`,
          );
        }
      }
      emit(`  (local.set $ap (i32.add (local.get $ap) (local.get $sap)))`);
      emit(`  (local.set $bp (i32.add (local.get $bp) (local.get $bRow)))`);
    };
    if (unroll === 2) {
      // p ascending: one step first when k is odd, then two steps per iteration.
      emit(`(if (i32.and (local.get $k) (i32.const 1)) (then`);
      step();
      emit(`))`);
      emit(`(local.set $p (i32.shr_u (local.get $k) (i32.const 1)))`);
      emit(`(if (local.get $p) (then (loop $ploop`);
      step();
      step();
      emit(`  (local.set $p (i32.sub (local.get $p) (i32.const 1)))`);
      emit(`  (br_if $ploop (local.get $p)))))`);
    } else {
      emit(`(local.set $p (local.get $k))`);
      emit(`(loop $ploop`);
      step();
      emit(`  (local.set $p (i32.sub (local.get $p) (i32.const 1)))`);
      emit(`  (br_if $ploop (local.get $p)))`);
    }
    // epilogue: bias, mask, relu, store
    emit(
      `(local.set $off (i32.add (i32.mul (local.get $i) (local.get $cRow)) (i32.shl (local.get $j) (i32.const ${Math.log2(SZ)}))))`,
    );
    for (let r = 0; r < rr; r++) {
      const rowOff =
        r === 0
          ? `(local.get $off)`
          : `(i32.add (local.get $off) (i32.mul (local.get $cRow) (i32.const ${r})))`;
      emit(`(local.set $o ${rowOff})`);
      emit(
        `(if (local.get $bias) (then (local.set $av (${splatLoad} (i32.add (local.get $bias) (i32.shl (i32.add (local.get $i) (i32.const ${r})) (i32.const ${Math.log2(SZ)})))))`,
      );
      for (let v = 0; v < vv; v++)
        emit(`  (local.set ${acc(r, v)} (${V}.add (local.get ${acc(r, v)}) (local.get $av)))`);
      emit(`))`);
      emit(
        `(if (local.get $mask) (then (local.set $mp (i32.add (local.get $mask) (local.get $o)))`,
      );
      // ReLU's derivative from its output (the table's relu.fromOutput), the mask its output.
      for (let v = 0; v < vv; v++) {
        const da = `(local.get ${acc(r, v)})`;
        const out = `(v128.load offset=${v * 16} (local.get $mp))`;
        emit(`  (local.set ${acc(r, v)} ${reluWat(relu.fromOutput, { da, a: out })})`);
      }
      emit(`))`);
      // ReLU as "s <= 0 ? +0 : s" by a mask (a NaN compares false and is kept): two
      // instructions where max(s, 0), with its NaN and signed-zero rules, takes about eight.
      emit(`(if (local.get $relu) (then`);
      for (let v = 0; v < vv; v++) {
        const z = `(local.get ${acc(r, v)})`;
        emit(`  (local.set ${acc(r, v)} ${reluWat(relu.forward, { z })})`);
      }
      emit(`))`);
      emit(`(local.set $cp (i32.add (local.get $c) (local.get $o)))`);
      if (partial) {
        const a = `(local.get ${acc(r, 0)})`;
        emit(
          `(if (i32.ge_u (local.get $rem) (i32.const ${L})) (then (v128.store (local.get $cp) ${a})) (else`,
        );
        if (L === 2) {
          emit(`  (v128.store64_lane 0 (local.get $cp) ${a})))`);
        } else {
          // 1, 2 or 3 lanes: lanes 0-1 as one 64-bit store, then lane 2; or lane 0 alone.
          emit(
            `  (if (i32.ge_u (local.get $rem) (i32.const 2)) (then (v128.store64_lane 0 (local.get $cp) ${a})))`,
          );
          emit(
            `  (if (i32.eq (local.get $rem) (i32.const 3)) (then (v128.store32_lane offset=8 2 (local.get $cp) ${a})))`,
          );
          emit(
            `  (if (i32.eq (local.get $rem) (i32.const 1)) (then (v128.store32_lane 0 (local.get $cp) ${a})))))`,
          );
        }
      } else {
        for (let v = 0; v < vv; v++)
          emit(`(v128.store offset=${v * 16} (local.get $cp) (local.get ${acc(r, v)}))`);
      }
    }
    emit(`(local.set $j (i32.add (local.get $j) (i32.const ${vv * L})))`);
  }

  // All columns of rr rows starting at row $i.
  function rowBlock(rr) {
    emit(`(local.set $arow (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sai))))`);
    emit(`(local.set $j (i32.const 0))`);
    if (vecs > 1) {
      emit(`(block $wend (loop $wloop`);
      emit(
        `  (br_if $wend (i32.gt_u (i32.add (local.get $j) (i32.const ${vecs * L})) (local.get $n)))`,
      );
      vectorBlock(rr, vecs);
      emit(`  (br $wloop)))`);
    }
    emit(`(block $vend (loop $vloop`);
    emit(`  (br_if $vend (i32.ge_u (local.get $j) (local.get $n)))`);
    emit(`  (local.set $rem (i32.sub (local.get $n) (local.get $j)))`);
    vectorBlock(rr, 1, true);
    emit(`  (br $vloop)))`);
  }

  const accLocals = [];
  for (let r = 0; r < rows; r++)
    for (let v = 0; v < vecs; v++) accLocals.push(`(local ${acc(r, v)} v128)`);
  const bvLocals = Array.from({ length: vecs }, (_, v) => `(local $bv${v} v128)`);
  const saiLocals = Array.from({ length: rows - 1 }, (_, r) => `(local $sai${r + 1} i32)`);

  emit(
    `;; GENERATED by scripts/gen-engine-wat.mjs (${rows} x ${vecs} blocking${fma ? ", relaxed-SIMD fused multiply-add" : ""}): do not edit.`,
  );
  emit(
    `;; plainnet's fused-engine kernels, ${T} (${V}); contract: packages/core/src/engine/kernels.ts.`,
  );
  emit(
    `;; Pointers and strides are in bytes; a zero pointer means "none" (bytes 0..15 are reserved).`,
  );
  emit(`(module`);
  emit(`(memory (export "memory") 1)`);
  emit(
    `;; gemm(a, sai, sap, b, c, m, k, n, bias, mask, relu, ldb, ldc, accum): C = op(A)·B (+ C when accum),
;; A(i,p) at a + i*sai + p*sap, B row stride ldb, C (and mask) row stride ldc, in elements;
;; relu ≠ 0: C = max(C, 0) after bias and mask (the wrapper's reluOut = c: a ReLU layer keeps only A).`,
  );
  emit(`(func (export "gemm")`);
  emit(
    `(param $a i32) (param $sai i32) (param $sap i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32) (param $bias i32) (param $mask i32) (param $relu i32) (param $ldb i32) (param $ldc i32) (param $accum i32)`,
  );
  emit(
    `(local $i i32) (local $j i32) (local $p i32) (local $bRow i32) (local $cRow i32) (local $arow i32) (local $ap i32) (local $bp i32) (local $off i32) (local $o i32) (local $cp i32) (local $mp i32) (local $rem i32)`,
  );
  emit(
    `(local $av v128) (local $zero v128) ${[...accLocals, ...bvLocals, ...saiLocals].join(" ")}`,
  );
  emit(`(local.set $bRow (i32.shl (local.get $ldb) (i32.const ${Math.log2(SZ)})))`);
  emit(`(local.set $cRow (i32.shl (local.get $ldc) (i32.const ${Math.log2(SZ)})))`);
  for (let r = 1; r < rows; r++)
    emit(`(local.set $sai${r} (i32.mul (local.get $sai) (i32.const ${r})))`);
  emit(`(block $rend (loop $rloop`);
  emit(`  (br_if $rend (i32.gt_u (i32.add (local.get $i) (i32.const ${rows})) (local.get $m)))`);
  rowBlock(rows);
  emit(`  (local.set $i (i32.add (local.get $i) (i32.const ${rows})))`);
  emit(`  (br $rloop)))`);
  emit(`(block $r1end (loop $r1loop`);
  emit(`  (br_if $r1end (i32.ge_u (local.get $i) (local.get $m)))`);
  rowBlock(1);
  emit(`  (local.set $i (i32.add (local.get $i) (i32.const 1)))`);
  emit(`  (br $r1loop)))`);
  emit(`)`);
  emit(
    `;; transpose(a, out, rows, cols): out (cols x rows) = aᵀ, in ${L} x ${L} tiles of SIMD shuffles,`,
  );
  emit(`;; then the leftover rows and columns one element at a time.`);
  emit(
    `(func (export "transpose") (param $a i32) (param $out i32) (param $rows i32) (param $cols i32)`,
  );
  emit(
    `(local $i i32) (local $j i32) (local $rowsT i32) (local $colsT i32) (local $src i32) (local $dst i32) (local $inRow i32) (local $outRow i32)`,
  );
  emit(
    `${Array.from({ length: L }, (_, r) => `(local $r${r} v128) (local $t${r} v128)`).join(" ")}`,
  );
  emit(`(local.set $inRow (i32.shl (local.get $cols) (i32.const ${Math.log2(SZ)})))`);
  emit(`(local.set $outRow (i32.shl (local.get $rows) (i32.const ${Math.log2(SZ)})))`);
  emit(`(local.set $rowsT (i32.and (local.get $rows) (i32.const ${-L})))`);
  emit(`(local.set $colsT (i32.and (local.get $cols) (i32.const ${-L})))`);
  emit(`(block $iend (loop $iloop`);
  emit(`  (br_if $iend (i32.ge_u (local.get $i) (local.get $rowsT)))`);
  emit(`  (local.set $j (i32.const 0))`);
  emit(`  (block $jend (loop $jloop`);
  emit(`    (br_if $jend (i32.ge_u (local.get $j) (local.get $colsT)))`);
  emit(
    `    (local.set $src (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const ${Math.log2(SZ)}))))`,
  );
  for (let r = 0; r < L; r++) {
    emit(`    (local.set $r${r} (v128.load (local.get $src)))`);
    if (r < L - 1) emit(`    (local.set $src (i32.add (local.get $src) (local.get $inRow)))`);
  }
  emit(
    `    (local.set $dst (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const ${Math.log2(SZ)}))))`,
  );
  const lo64 = "0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23";
  const hi64 = "8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31";
  let outs;
  if (L === 2) {
    outs = [
      `(i8x16.shuffle ${lo64} (local.get $r0) (local.get $r1))`,
      `(i8x16.shuffle ${hi64} (local.get $r0) (local.get $r1))`,
    ];
  } else {
    const unpLo = "0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23";
    const unpHi = "8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31";
    emit(`    (local.set $t0 (i8x16.shuffle ${unpLo} (local.get $r0) (local.get $r1)))`);
    emit(`    (local.set $t1 (i8x16.shuffle ${unpHi} (local.get $r0) (local.get $r1)))`);
    emit(`    (local.set $t2 (i8x16.shuffle ${unpLo} (local.get $r2) (local.get $r3)))`);
    emit(`    (local.set $t3 (i8x16.shuffle ${unpHi} (local.get $r2) (local.get $r3)))`);
    outs = [
      `(i8x16.shuffle ${lo64} (local.get $t0) (local.get $t2))`,
      `(i8x16.shuffle ${hi64} (local.get $t0) (local.get $t2))`,
      `(i8x16.shuffle ${lo64} (local.get $t1) (local.get $t3))`,
      `(i8x16.shuffle ${hi64} (local.get $t1) (local.get $t3))`,
    ];
  }
  outs.forEach((o, r) => {
    emit(`    (v128.store (local.get $dst) ${o})`);
    if (r < L - 1) emit(`    (local.set $dst (i32.add (local.get $dst) (local.get $outRow)))`);
  });
  emit(`    (local.set $j (i32.add (local.get $j) (i32.const ${L})))`);
  emit(`    (br $jloop)))`);
  emit(`  (local.set $i (i32.add (local.get $i) (i32.const ${L})))`);
  emit(`  (br $iloop)))`);
  // Leftovers, one element at a time: rows iFrom..iEnd-1, columns jFrom..cols-1.
  const scalarCopy = (iFrom, iEnd, jFrom) => {
    emit(`(local.set $i ${iFrom})`);
    emit(`(block $re (loop $rl`);
    emit(`  (br_if $re (i32.ge_u (local.get $i) ${iEnd}))`);
    emit(`  (local.set $j ${jFrom})`);
    emit(`  (block $je (loop $jl`);
    emit(`    (br_if $je (i32.ge_u (local.get $j) (local.get $cols)))`);
    emit(
      `    (${T}.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const ${Math.log2(SZ)})))`,
    );
    emit(
      `      (${T}.load (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const ${Math.log2(SZ)})))))`,
    );
    emit(`    (local.set $j (i32.add (local.get $j) (i32.const 1)))`);
    emit(`    (br $jl)))`);
    emit(`  (local.set $i (i32.add (local.get $i) (i32.const 1)))`);
    emit(`  (br $rl)))`);
  };
  // columns colsT.. of the tiled rows, then every column of rows rowsT..
  scalarCopy("(i32.const 0)", "(local.get $rowsT)", "(local.get $colsT)");
  scalarCopy("(local.get $rowsT)", "(local.get $rows)", "(i32.const 0)");
  emit(`)`);
  sumFunc(T, emit);
  zerosFunc(T, emit);
  maxFunc(T, emit);
  emit(`)`);
  return `${lines.join("\n")}\n`;
}

/**
 * Emits the loops of a reduction over the n contiguous `T` values at byte pointer $p (locals
 * $p, $end): `four()` for four vectors a step (at offsets 0, 16, 32, 48 of $p) while at least
 * four are left, `one()` for one vector a step, then `between()`, then `scalar()` for each of
 * the last n mod lanes values one at a time. $p advances past each step.
 */
function reductionLoops(T, emit, { four, one, between, scalar }) {
  const L = T === "f64" ? 2 : 4;
  const SZ = T === "f64" ? 8 : 4;
  const sh = Math.log2(SZ);
  const endAfter = (from, mask) =>
    `(local.set $end (i32.add ${from} (i32.shl (i32.and (local.get $n) (i32.const ${mask})) (i32.const ${sh}))))`;
  emit(endAfter("(local.get $p)", -4 * L));
  emit(`(block $qe (loop $ql`);
  emit(`  (br_if $qe (i32.ge_u (local.get $p) (local.get $end)))`);
  four();
  emit(`  (local.set $p (i32.add (local.get $p) (i32.const 64)))`);
  emit(`  (br $ql)))`);
  emit(endAfter("(local.get $end)", 3 * L));
  emit(`(block $ve (loop $vl`);
  emit(`  (br_if $ve (i32.ge_u (local.get $p) (local.get $end)))`);
  one();
  emit(`  (local.set $p (i32.add (local.get $p) (i32.const 16)))`);
  emit(`  (br $vl)))`);
  between();
  emit(endAfter("(local.get $end)", L - 1));
  emit(`(block $se (loop $sl`);
  emit(`  (br_if $se (i32.ge_u (local.get $p) (local.get $end)))`);
  scalar();
  emit(`  (local.set $p (i32.add (local.get $p) (i32.const ${SZ})))`);
  emit(`  (br $sl)))`);
}

/**
 * Emits `zeros(p, n) -> i32`: 1 when every one of the n contiguous `T` values at byte pointer p
 * equals 0 (+0 or −0; NaN does not), else 0. A value equals 0 exactly when its bits other than
 * the sign are all zero, so the whole vectors' bits are ORed together (four per step, then one
 * at a time) and tested once at the end without the sign bits; then the last n mod lanes values
 * one by one.
 */
function zerosFunc(T, emit) {
  emit(`;; zeros(p, n): whether the n ${T} values at p all equal 0.`);
  emit(`(func (export "zeros") (param $p i32) (param $n i32) (result i32)`);
  emit(`(local $end i32) (local $acc v128)`);
  const load = (off) => `(v128.load offset=${off} (local.get $p))`;
  const noSign =
    T === "f64"
      ? "i64x2 0x7fffffffffffffff 0x7fffffffffffffff"
      : "i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff";
  reductionLoops(T, emit, {
    four: () =>
      emit(
        `  (local.set $acc (v128.or (local.get $acc) (v128.or (v128.or ${load(0)} ${load(16)}) (v128.or ${load(32)} ${load(48)}))))`,
      ),
    one: () => emit(`  (local.set $acc (v128.or (local.get $acc) ${load(0)}))`),
    between: () =>
      emit(
        `(if (v128.any_true (v128.and (local.get $acc) (v128.const ${noSign}))) (then (return (i32.const 0))))`,
      ),
    scalar: () =>
      emit(
        `  (if (${T}.ne (${T}.load (local.get $p)) (${T}.const 0)) (then (return (i32.const 0))))`,
      ),
  });
  emit(`(i32.const 1)`);
  emit(`)`);
}

/**
 * Emits `max(p, n) -> f64`: the largest of the n contiguous `T` values at byte pointer p, NaN
 * when one of them is NaN, −∞ for n = 0 (a zero result may be −0 or +0). The vector loop keeps
 * the running maximum with `pmax` (one instruction, where `max` with its NaN and signed-zero
 * rules takes about eight) and, apart, whether any lane was NaN (`v != v`): four vectors a
 * step, then one at a time, the lanes, then the last n mod lanes values with the scalar max.
 */
function maxFunc(T, emit) {
  const L = T === "f64" ? 2 : 4;
  const V = `${T}x${L}`;
  const load = (off) => `(v128.load offset=${off} (local.get $p))`;
  emit(`;; max(p, n): the largest of the n ${T} values at p (NaN if one is NaN), as f64.`);
  emit(`(func (export "max") (param $p i32) (param $n i32) (result f64)`);
  emit(
    `(local $end i32) (local $acc v128) (local $nan v128) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $res ${T})`,
  );
  emit(`(local.set $acc (${V}.splat (${T}.const -inf)))`);
  const ne = (v) => `(${V}.ne (local.get ${v}) (local.get ${v}))`;
  const lanes = Array.from({ length: L }, (_, i) => `(${V}.extract_lane ${i} (local.get $acc))`);
  reductionLoops(T, emit, {
    four: () => {
      for (let i = 0; i < 4; i++) emit(`  (local.set $v${i} ${load(16 * i)})`);
      emit(
        `  (local.set $acc (${V}.pmax (local.get $acc) (${V}.pmax (${V}.pmax (local.get $v0) (local.get $v1)) (${V}.pmax (local.get $v2) (local.get $v3)))))`,
      );
      emit(
        `  (local.set $nan (v128.or (local.get $nan) (v128.or (v128.or ${ne("$v0")} ${ne("$v1")}) (v128.or ${ne("$v2")} ${ne("$v3")}))))`,
      );
    },
    one: () => {
      emit(`  (local.set $v0 ${load(0)})`);
      emit(`  (local.set $acc (${V}.pmax (local.get $acc) (local.get $v0)))`);
      emit(`  (local.set $nan (v128.or (local.get $nan) ${ne("$v0")}))`);
    },
    between: () => {
      emit(`(if (v128.any_true (local.get $nan)) (then (return (f64.const nan))))`);
      emit(
        `(local.set $res ${L === 2 ? `(${T}.max ${lanes[0]} ${lanes[1]})` : `(${T}.max (${T}.max ${lanes[0]} ${lanes[1]}) (${T}.max ${lanes[2]} ${lanes[3]}))`})`,
      );
    },
    scalar: () => emit(`  (local.set $res (${T}.max (local.get $res) (${T}.load (local.get $p))))`),
  });
  emit(T === "f64" ? `(local.get $res)` : `(f64.promote_f32 (local.get $res))`);
  emit(`)`);
}

/**
 * Emits `sum(p, n) -> f64`: NumPy's pairwise sum of n contiguous `T` values at byte pointer p,
 * in f64 (f32 values widened exactly), the order of pairwiseSum in packages/core/src/sum.ts:
 * n < 8 a plain sum from +0; n <= 128 eight interleaved accumulators r0..r7 (here four f64x2
 * vectors holding r0 r1 | r2 r3 | r4 r5 | r6 r7, lane-wise the same additions), combined as
 * ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the last n % 8 values one by one;
 * above, the sums of two halves split at a multiple of 8.
 */
function sumFunc(T, emit) {
  const SZ = T === "f64" ? 8 : 4;
  const sh = Math.log2(SZ);
  const one = (addr) =>
    T === "f64" ? `(f64.load ${addr})` : `(f64.promote_f32 (f32.load ${addr}))`;
  const two = (off, addr) =>
    T === "f64"
      ? `(v128.load offset=${off} ${addr})`
      : `(f64x2.promote_low_f32x4 (v128.load64_zero offset=${off} ${addr}))`;
  const lanes = (v) =>
    `(f64.add (f64x2.extract_lane 0 (local.get ${v})) (f64x2.extract_lane 1 (local.get ${v})))`;
  // Adds the values from $q up to $end (byte pointers) one by one to $res.
  const scalarTail = () => {
    emit(`  (block $te (loop $tl`);
    emit(`    (br_if $te (i32.ge_u (local.get $q) (local.get $end)))`);
    emit(`    (local.set $res (f64.add (local.get $res) ${one("(local.get $q)")}))`);
    emit(`    (local.set $q (i32.add (local.get $q) (i32.const ${SZ})))`);
    emit(`    (br $tl)))`);
  };
  emit(`;; sum(p, n): NumPy's pairwise sum of n ${T} values at p, in f64.`);
  emit(`(func $sum (export "sum") (param $p i32) (param $n i32) (result f64)`);
  emit(
    `(local $q i32) (local $end i32) (local $half i32) (local $res f64) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)`,
  );
  emit(`(local.set $q (local.get $p))`);
  emit(`(if (i32.lt_u (local.get $n) (i32.const 8)) (then`);
  emit(`  (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const ${sh}))))`);
  scalarTail();
  emit(`  (return (local.get $res))))`);
  emit(`(if (i32.le_u (local.get $n) (i32.const 128)) (then`);
  for (let v = 0; v < 4; v++) emit(`  (local.set $r${v} ${two(2 * v * SZ, "(local.get $p)")})`);
  emit(
    `  (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const ${sh}))))`,
  );
  emit(`  (local.set $q (i32.add (local.get $p) (i32.const ${8 * SZ})))`);
  emit(`  (block $be (loop $bl`);
  emit(`    (br_if $be (i32.ge_u (local.get $q) (local.get $end)))`);
  for (let v = 0; v < 4; v++)
    emit(
      `    (local.set $r${v} (f64x2.add (local.get $r${v}) ${two(2 * v * SZ, "(local.get $q)")}))`,
    );
  emit(`    (local.set $q (i32.add (local.get $q) (i32.const ${8 * SZ})))`);
  emit(`    (br $bl)))`);
  emit(
    `  (local.set $res (f64.add (f64.add ${lanes("$r0")} ${lanes("$r1")}) (f64.add ${lanes("$r2")} ${lanes("$r3")})))`,
  );
  emit(`  (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const ${sh}))))`);
  scalarTail();
  emit(`  (return (local.get $res))))`);
  emit(`(local.set $half (i32.and (i32.shr_u (local.get $n) (i32.const 1)) (i32.const -8)))`);
  emit(`(f64.add (call $sum (local.get $p) (local.get $half))`);
  emit(
    `  (call $sum (i32.add (local.get $p) (i32.shl (local.get $half) (i32.const ${sh}))) (i32.sub (local.get $n) (local.get $half))))`,
  );
  emit(`)`);
}

/**
 * The float64 modules' second blocking, 3 x 3 (engine-f64-3x3.wat and its relaxed-FMA twin
 * engine-f64-fma-3x3.wat): nine accumulators, 18
 * products for 6 loads a step (2 x 4: 16 for 6), and 6-column blocks that tile the headline
 * network's 900 samples exactly. Measured faster under JavaScriptCore (Bun) and V8 15 (Deno);
 * V8 11 (Node 20) keeps one accumulator on the stack and runs it ~1.5x slower, so
 * packages/core/src/engine/wasm-kernels.ts picks the blocking per runtime. The float32 modules
 * keep 2 x 4 (a float32 3 x 3 module is over 4 KiB).
 */
export const F64_ALT = { rows: 3, vecs: 3 };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const T of ["f64", "f32"]) {
    const path = join(outDir, `engine-${T}.wat`);
    writeFileSync(path, engineWat(T));
    writeFileSync(join(outDir, `engine-${T}-fma.wat`), engineWat(T, ROWS, VECS, true));
    console.log(`wrote ${path} (${ROWS} x ${VECS} blocking)`);
  }
  for (const fma of [false, true]) {
    const alt = join(outDir, `engine-f64${fma ? "-fma" : ""}-${F64_ALT.rows}x${F64_ALT.vecs}.wat`);
    writeFileSync(alt, engineWat("f64", F64_ALT.rows, F64_ALT.vecs, fma));
    console.log(`wrote ${alt}`);
  }
}
