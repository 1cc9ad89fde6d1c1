// Summary statistics of timing samples.

/** Median, extremes and count of a set of samples. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly n: number;
}

function checkSamples(values: readonly number[], where: string): number[] {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(`${where}: expected a non-empty array of numbers, got ${String(values)}`);
  }
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`${where}: expected finite numbers, got ${String(v)} at index ${i}`);
    }
  });
  return [...values].sort((a, b) => a - b);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) with linear interpolation between closest ranks (NumPy's default
 * `np.quantile` method): position `q·(n−1)` in the sorted samples.
 *
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 * quantile([1, 2, 3, 4], 0.25); // 1.75
 * ```
 */
export function quantile(values: readonly number[], q: number): number {
  if (typeof q !== "number" || !(q >= 0 && q <= 1)) {
    throw new RangeError(`quantile: q must be a number in [0, 1], got ${String(q)}`);
  }
  const sorted = checkSamples(values, "quantile");
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return lo === hi ? a : a + (b - a) * (pos - lo);
}

/**
 * The median (the mean of the two middle values for an even count).
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Median, min, max and mean of the samples. Throws a RangeError for an empty array or a
 * non-finite sample.
 *
 * @example
 * ```ts
 * summarize([4, 1, 3]); // { median: 3, min: 1, max: 4, mean: 2.666…, n: 3 }
 * ```
 */
export function summarize(values: readonly number[]): Summary {
  const sorted = checkSamples(values, "summarize");
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    mean: sum / sorted.length,
    n: sorted.length,
  };
}
