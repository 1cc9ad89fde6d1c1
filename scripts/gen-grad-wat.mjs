// Writes the float32 engine's gradient kernel, on the engine instance's memory:
//   packages/core/src/engine/wasm/grad-f32.wat (and grad-f32-fma.wat, relaxed-SIMD multiply-add).
// scripts/build-wasm.mjs calls gradWat and assembles the files; CI checks they are current.
//
// dwdb(dz, a, dw, db, rows, cols, m, ldw), byte pointers, float32 rows of m samples:
//   dW(i, j) = Σ_p dZ(i, p)·A(j, p)   (rows x cols at dw, ldw values a row)
//   db(i)    = Σ_p dZ(i, p)           (rows values at db; db = 0: not stored)
// A caller may compute dW in blocks of columns (A's rows), each call with dw and a advanced
// and ldw the full width, so a block of A's rows stays in cache while every row of dZ passes.
// Every sum is four interleaved float32 partial sums: sample p goes to lane p mod 4, from +0,
// each product rounded before its addition; past the last whole vector, the lanes beyond m
// add +0 (their loads are masked to +0). The lanes then combine as (s0 + s2) + (s1 + s3).
// The JavaScript float32 kernels (packages/core/src/engine/js-kernels.ts, dwdb32) compute the
// same sums in the same order, so the two agree bit for bit.
//
// db first, one row of dZ at a time. Blocking: 2 rows of dZ x 4 rows of A per pass (8 dW
// accumulators, each f32x4),
// so every loaded vector serves 4 or 2 products; the last rows and columns in exact blocks of
// 2 and 1 (a small network's 3 or 6 units compute no product twice).
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "../packages/core/src/engine/wasm");

/** Rows of dZ per block (2, then 1 for an odd last row) and rows of A (4, then 2, then 1). */
const ROW_BLOCKS = [2, 1];
const COL_BLOCKS = [4, 2, 1];

/** The WAT text of the gradient module (`fma`: relaxed-SIMD multiply-add in dW's sums). */
export function gradWat(fma = false) {
  const lines = [];
  const emit = (s) => lines.push(s);
  const s = (r, c) => `$s${r}${c}`;
  const madd = (acc, x, y) =>
    fma
      ? `(f32x4.relaxed_madd ${x} ${y} (local.get ${acc}))`
      : `(f32x4.add (local.get ${acc}) (f32x4.mul ${x} ${y}))`;
  // One step of p for an R x C block: the vectors at byte offset $off, masked when `masked`.
  const step = (R, C, masked) => {
    const load = (ptr) =>
      masked
        ? `(v128.and (v128.load (i32.add (local.get ${ptr}) (local.get $off))) (local.get $mask))`
        : `(v128.load (i32.add (local.get ${ptr}) (local.get $off)))`;
    for (let r = 0; r < R; r++) emit(`      (local.set $v${r} ${load(`$z${r}`)})`);
    for (let c = 0; c < C; c++) {
      emit(`      (local.set $x ${load(`$a${c}`)})`);
      for (let r = 0; r < R; r++)
        emit(
          `      (local.set ${s(r, c)} ${madd(s(r, c), `(local.get $v${r})`, "(local.get $x)")})`,
        );
    }
  };
  // The R x C block of dW at rows $i.., columns $j.. (and db of its rows when $j = 0).
  const block = (R, C) => {
    for (let c = 0; c < C; c++) {
      emit(
        `    (local.set $a${c} (i32.add (local.get $a) (i32.mul (i32.add (local.get $j) (i32.const ${c})) (local.get $rowB))))`,
      );
    }
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < C; c++) emit(`    (local.set ${s(r, c)} (v128.const i32x4 0 0 0 0))`);
    }
    emit(`    (local.set $off (i32.const 0))`);
    emit(`    (block $pend (loop $ploop`);
    emit(`      (br_if $pend (i32.ge_u (local.get $off) (local.get $full)))`);
    step(R, C, false);
    emit(`      (local.set $off (i32.add (local.get $off) (i32.const 16)))`);
    emit(`      (br $ploop)))`);
    emit(`    (if (i32.and (local.get $m) (i32.const 3)) (then`);
    step(R, C, true);
    emit(`    ))`);
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < C; c++) {
        const at = `(i32.add (local.get $dw) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $ldw)) (i32.add (local.get $j) (i32.const ${c}))) (i32.const 2)))`;
        emit(`    (f32.store ${at} (call $hsum (local.get ${s(r, c)})))`);
      }
    }
    emit(`    (local.set $j (i32.add (local.get $j) (i32.const ${C})))`);
  };
  // Every column block of R rows from $i: blocks of 4 while 4 are left, then 2, then 1.
  const rowBlock = (R) => {
    for (let r = 0; r < R; r++) {
      emit(
        `  (local.set $z${r} (i32.add (local.get $dz) (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $rowB))))`,
      );
    }
    emit(`  (local.set $j (i32.const 0))`);
    emit(`  (block $c4end (loop $c4loop`);
    emit(`    (br_if $c4end (i32.lt_u (i32.sub (local.get $cols) (local.get $j)) (i32.const 4)))`);
    block(R, 4);
    emit(`    (br $c4loop)))`);
    emit(`  (if (i32.ge_u (i32.sub (local.get $cols) (local.get $j)) (i32.const 2)) (then`);
    block(R, 2);
    emit(`  ))`);
    emit(`  (if (i32.lt_u (local.get $j) (local.get $cols)) (then`);
    block(R, 1);
    emit(`  ))`);
    emit(`  (local.set $i (i32.add (local.get $i) (i32.const ${R})))`);
  };
  const maxR = ROW_BLOCKS[0];
  const maxC = COL_BLOCKS[0];
  const accs = [];
  for (let r = 0; r < maxR; r++) {
    accs.push(`(local $v${r} v128) (local $z${r} i32)`);
    for (let c = 0; c < maxC; c++) accs.push(`(local ${s(r, c)} v128)`);
  }
  const aPtrs = Array.from({ length: maxC }, (_, c) => `(local $a${c} i32)`);
  emit(
    `;; GENERATED by scripts/gen-grad-wat.mjs (${ROW_BLOCKS.join("/")} x ${COL_BLOCKS.join("/")} blocks${fma ? ", relaxed-SIMD fused multiply-add" : ""}): do not edit.`,
  );
  emit(
    `;; The float32 engine's weight and bias gradients; contract: packages/core/src/engine/kernels.ts.`,
  );
  emit(`(module`);
  emit(`(import "env" "memory" (memory 1))`);
  emit(`;; (s0 + s2) + (s1 + s3) of the four lanes.`);
  emit(`(func $hsum (param $v v128) (result f32)`);
  emit(
    `  (local.set $v (f32x4.add (local.get $v) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))`,
  );
  emit(`  (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v))))`);
  emit(
    `;; dwdb(dz, a, dw, db, rows, cols, m, ldw): dW = dZ·Aᵀ (row stride ldw) and db = dZ·1 (db = 0: not stored).`,
  );
  emit(
    `(func (export "dwdb") (param $dz i32) (param $a i32) (param $dw i32) (param $db i32) (param $rows i32) (param $cols i32) (param $m i32) (param $ldw i32)`,
  );
  emit(
    `(local $i i32) (local $j i32) (local $rowB i32) (local $full i32) (local $off i32) (local $mask v128) (local $x v128) (local $d0 v128) ${[...accs, ...aPtrs].join(" ")}`,
  );
  emit(`(local.set $rowB (i32.shl (local.get $m) (i32.const 2)))`);
  emit(`(local.set $full (i32.shl (i32.and (local.get $m) (i32.const -4)) (i32.const 2)))`);
  // Lanes below m mod 4 all ones: the last, partial vector's valid samples.
  emit(
    `(local.set $mask (i32x4.lt_s (v128.const i32x4 0 1 2 3) (i32x4.splat (i32.and (local.get $m) (i32.const 3)))))`,
  );
  // db first, one row of dZ at a time (the same lane sums the blocks once kept beside dW's).
  emit(`(if (local.get $db) (then`);
  emit(`(block $dend (loop $dloop`);
  emit(`  (br_if $dend (i32.ge_u (local.get $i) (local.get $rows)))`);
  emit(`  (local.set $z0 (i32.add (local.get $dz) (i32.mul (local.get $i) (local.get $rowB))))`);
  emit(`  (local.set $d0 (v128.const i32x4 0 0 0 0))`);
  emit(`  (local.set $off (i32.const 0))`);
  emit(`  (block $pend (loop $ploop`);
  emit(`    (br_if $pend (i32.ge_u (local.get $off) (local.get $full)))`);
  emit(
    `    (local.set $d0 (f32x4.add (local.get $d0) (v128.load (i32.add (local.get $z0) (local.get $off)))))`,
  );
  emit(`    (local.set $off (i32.add (local.get $off) (i32.const 16)))`);
  emit(`    (br $ploop)))`);
  emit(
    `  (if (i32.and (local.get $m) (i32.const 3)) (then (local.set $d0 (f32x4.add (local.get $d0) (v128.and (v128.load (i32.add (local.get $z0) (local.get $off))) (local.get $mask))))))`,
  );
  emit(
    `  (f32.store (i32.add (local.get $db) (i32.shl (local.get $i) (i32.const 2))) (call $hsum (local.get $d0)))`,
  );
  emit(`  (local.set $i (i32.add (local.get $i) (i32.const 1)))`);
  emit(`  (br $dloop)))`);
  emit(`(local.set $i (i32.const 0))))`);
  emit(`(block $r2end (loop $r2loop`);
  emit(`  (br_if $r2end (i32.lt_u (i32.sub (local.get $rows) (local.get $i)) (i32.const 2)))`);
  rowBlock(2);
  emit(`  (br $r2loop)))`);
  emit(`(if (i32.lt_u (local.get $i) (local.get $rows)) (then`);
  rowBlock(1);
  emit(`))`);
  emit(`)`);
  emit(`)`);
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const fma of [false, true]) {
    const path = join(outDir, `grad-f32${fma ? "-fma" : ""}.wat`);
    writeFileSync(path, gradWat(fma));
    console.log(`wrote ${path}`);
  }
}
