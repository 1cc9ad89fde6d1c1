import type { RandomState } from "@plainnet/core";

/**
 * scikit-learn's `X += rng.normal(scale=noise, size=X.shape)`, in place: element k (row-major)
 * gets `0 + noise * gauss` added, drawn in order.
 *
 * @example
 * ```ts
 * addGaussianNoiseInPlace(new Float64Array(4), 0.1, new RandomState(0));
 * ```
 */
export function addGaussianNoiseInPlace(data: Float64Array, noise: number, rng: RandomState): void {
  const draws = rng.normal(0, noise, data.length);
  for (let k = 0; k < data.length; k++) data[k] = (data[k] as number) + (draws[k] as number);
}
