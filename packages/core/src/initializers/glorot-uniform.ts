import type { RandomState } from "../random.ts";
import type { LayerDraw } from "./initializer.ts";

/**
 * Glorot (Xavier) uniform: `W ~ U(−limit, limit)` with `limit = √(6 / (fanIn + fanOut))`
 * (Keras's default), drawn as `rng.uniform(−limit, limit)` row by row; biases are zero.
 *
 * @example
 * ```ts
 * const { W, b } = glorotUniformInit(new RandomState(0), 4, 2);
 * Math.max(...W.map(Math.abs)) <= 1; // true: the limit is √(6/6) = 1
 * ```
 */
export function glorotUniformInit(
  rng: RandomState,
  outputDim: number,
  inputDim: number,
): LayerDraw {
  const limit = Math.sqrt(6 / (inputDim + outputDim));
  return { W: rng.uniform(-limit, limit, [outputDim, inputDim]), b: new Float64Array(outputDim) };
}
