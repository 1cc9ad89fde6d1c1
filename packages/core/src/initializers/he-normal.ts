import type { RandomState } from "../random.ts";
import type { LayerDraw } from "./initializer.ts";

/**
 * He (Kaiming) normal: `W ~ N(0, σ²)` with `σ = √(2 / fanIn)`, untruncated (as PyTorch's
 * `kaiming_normal_`), drawn as `rng.normal(0, σ)` row by row; biases are zero. Suited to ReLU
 * layers.
 *
 * @example
 * ```ts
 * const { W } = heNormalInit(new RandomState(0), 50, 25);
 * W.length; // 1250
 * ```
 */
export function heNormalInit(rng: RandomState, outputDim: number, inputDim: number): LayerDraw {
  return {
    W: rng.normal(0, Math.sqrt(2 / inputDim), [outputDim, inputDim]),
    b: new Float64Array(outputDim),
  };
}
