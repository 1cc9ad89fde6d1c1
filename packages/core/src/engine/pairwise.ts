import { PAIRWISE_BLOCK, pairwiseSplit } from "../sum.ts";
import type { Heap } from "./kernels.ts";

/**
 * NumPy's pairwise summation of `n` contiguous values `data[offset ..]`: exactly the order of
 * `pairwiseSum` in `../sum.ts` (blocks of ≤ 128 values over eight interleaved accumulators,
 * larger ranges split in halves), so the results are the same bits. This copy takes only
 * typed arrays with unit stride, which keeps the engine's calls monomorphic (the shared one
 * sees every array type of the library); `test/engine-train.test.ts` checks the two agree.
 *
 * @example
 * ```ts
 * heapPairwiseSum(new Float64Array([1, 2, 3]), 0, 3); // 6
 * ```
 */
export function heapPairwiseSum(data: Heap | Float64Array, offset: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += data[offset + i] as number;
    return res;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = data[offset] as number;
    let r1 = data[offset + 1] as number;
    let r2 = data[offset + 2] as number;
    let r3 = data[offset + 3] as number;
    let r4 = data[offset + 4] as number;
    let r5 = data[offset + 5] as number;
    let r6 = data[offset + 6] as number;
    let r7 = data[offset + 7] as number;
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const o = offset + i;
      r0 += data[o] as number;
      r1 += data[o + 1] as number;
      r2 += data[o + 2] as number;
      r3 += data[o + 3] as number;
      r4 += data[o + 4] as number;
      r5 += data[o + 5] as number;
      r6 += data[o + 6] as number;
      r7 += data[o + 7] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += data[offset + i] as number;
    return res;
  }
  const n2 = pairwiseSplit(n);
  return heapPairwiseSum(data, offset, n2) + heapPairwiseSum(data, offset + n2, n - n2);
}
