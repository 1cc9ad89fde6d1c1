/**
 * The longest range {@link pairwiseSum} adds without splitting it (eight accumulators).
 *
 * @example
 * ```ts
 * pairwiseSum(values, 0, PAIRWISE_BLOCK, 1); // one block: eight accumulators, no split
 * ```
 */
export const PAIRWISE_BLOCK = 128;

/**
 * Where {@link pairwiseSum} splits a range of `n` > {@link PAIRWISE_BLOCK} values, as NumPy
 * does: `⌊n/2⌋` rounded down to a multiple of 8. Its other copies (`heapPairwiseSum`, the
 * shards of parallel training) use this too.
 *
 * @example
 * ```ts
 * pairwiseSplit(900); // 448: the sum of 900 values is that of 448 plus that of 452
 * ```
 */
export function pairwiseSplit(n: number): number {
  const half = Math.floor(n / 2);
  return half - (half % 8);
}

/**
 * NumPy's pairwise summation (`np.add.reduce` over a contiguous axis): blocks of ≤ 128 values
 * summed with eight interleaved accumulators, larger ranges split in halves. Using the same
 * order as NumPy keeps sums bitwise closer to NumPy's and bounds the rounding error by
 * O(log n · ε) instead of O(n · ε).
 *
 * Sums `n` values `data[offset], data[offset + stride], ...`.
 *
 * @example
 * ```ts
 * pairwiseSum(new Float64Array([1, 2, 3]), 0, 3, 1); // 6
 * ```
 */
export function pairwiseSum(
  data: ArrayLike<number>,
  offset: number,
  n: number,
  stride: number,
): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += data[offset + i * stride] as number;
    return res;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = data[offset] as number;
    let r1 = data[offset + stride] as number;
    let r2 = data[offset + 2 * stride] as number;
    let r3 = data[offset + 3 * stride] as number;
    let r4 = data[offset + 4 * stride] as number;
    let r5 = data[offset + 5 * stride] as number;
    let r6 = data[offset + 6 * stride] as number;
    let r7 = data[offset + 7 * stride] as number;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const o = offset + i * stride;
      r0 += data[o] as number;
      r1 += data[o + stride] as number;
      r2 += data[o + 2 * stride] as number;
      r3 += data[o + 3 * stride] as number;
      r4 += data[o + 4 * stride] as number;
      r5 += data[o + 5 * stride] as number;
      r6 += data[o + 6 * stride] as number;
      r7 += data[o + 7 * stride] as number;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += data[offset + i * stride] as number;
    return res;
  }
  const n2 = pairwiseSplit(n);
  return (
    pairwiseSum(data, offset, n2, stride) + pairwiseSum(data, offset + n2 * stride, n - n2, stride)
  );
}
