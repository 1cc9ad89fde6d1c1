;; plainnet's WebAssembly SIMD (f64x2) matrix product kernel. Assembled by
;; scripts/build-wasm.mjs into kernels.generated.ts (do not edit that file by hand).
;;
;; matmul(a, b, c, m, k, n): C (m x n) = A (m x k) · B (k x n), all row-major float64 in the
;; exported memory; pointers are byte offsets (8-byte aligned). C is written, not accumulated.
;; Every element is summed from 0 in ascending order of the inner index p,
;; c = ((0 + a0·b0) + a1·b1) + ..., each product rounded before its addition (no fused
;; multiply-add): the typed-array reference's order, so the result is bitwise the reference's.
;; Columns go 8 at a time (four f64x2 accumulators held in registers across the p loop), then
;; 2 at a time, then a last scalar column.
(module
  (memory (export "memory") 1)

  (func (export "matmul")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $j i32) (local $p i32) (local $n8 i32) (local $n2 i32)
    (local $rowBytes i32) (local $arow i32) (local $crow i32) (local $ap i32) (local $bp i32)
    (local $av v128) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $s f64)
    (local.set $n8 (i32.and (local.get $n) (i32.const -8)))
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $arow (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3))))
        (local.set $crow (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        ;; 8 columns at a time
        (block $j8end
          (loop $j8loop
            (br_if $j8end (i32.ge_u (local.get $j) (local.get $n8)))
            (local.set $acc0 (v128.const f64x2 0 0))
            (local.set $acc1 (v128.const f64x2 0 0))
            (local.set $acc2 (v128.const f64x2 0 0))
            (local.set $acc3 (v128.const f64x2 0 0))
            (local.set $ap (local.get $arow))
            (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $pend
              (loop $ploop
                (br_if $pend (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $av (v128.load64_splat (local.get $ap)))
                (local.set $acc0 (f64x2.add (local.get $acc0)
                  (f64x2.mul (local.get $av) (v128.load (local.get $bp)))))
                (local.set $acc1 (f64x2.add (local.get $acc1)
                  (f64x2.mul (local.get $av) (v128.load offset=16 (local.get $bp)))))
                (local.set $acc2 (f64x2.add (local.get $acc2)
                  (f64x2.mul (local.get $av) (v128.load offset=32 (local.get $bp)))))
                (local.set $acc3 (f64x2.add (local.get $acc3)
                  (f64x2.mul (local.get $av) (v128.load offset=48 (local.get $bp)))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
                (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $ploop)))
            (local.set $bp (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $bp) (local.get $acc0))
            (v128.store offset=16 (local.get $bp) (local.get $acc1))
            (v128.store offset=32 (local.get $bp) (local.get $acc2))
            (v128.store offset=48 (local.get $bp) (local.get $acc3))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $j8loop)))
        ;; 2 columns at a time
        (block $j2end
          (loop $j2loop
            (br_if $j2end (i32.ge_u (local.get $j) (local.get $n2)))
            (local.set $acc0 (v128.const f64x2 0 0))
            (local.set $ap (local.get $arow))
            (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $pend
              (loop $ploop
                (br_if $pend (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $acc0 (f64x2.add (local.get $acc0)
                  (f64x2.mul (v128.load64_splat (local.get $ap)) (v128.load (local.get $bp)))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
                (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $ploop)))
            (v128.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 3))) (local.get $acc0))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $j2loop)))
        ;; the last column when n is odd
        (if (i32.lt_u (local.get $j) (local.get $n))
          (then
            (local.set $s (f64.const 0))
            (local.set $ap (local.get $arow))
            (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $pend
              (loop $ploop
                (br_if $pend (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $s (f64.add (local.get $s)
                  (f64.mul (f64.load (local.get $ap)) (f64.load (local.get $bp)))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
                (local.set $bp (i32.add (local.get $bp) (local.get $rowBytes)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $ploop)))
            (f64.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 3))) (local.get $s))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop))))
)
