import type { RandomState } from "../random.ts";
import type { LayerDraw } from "./initializer.ts";

/**
 * The notebook's `init_layers` for one layer: `W = randn(outputDim, inputDim) * scale`, then
 * `b = randn(outputDim, 1) * scale`, drawn in that order from `rng` (the same draws as
 * `initLayers`).
 *
 * @example
 * ```ts
 * const { W, b } = notebookInit(new RandomState(2), 25, 2, 0.1);
 * W.length; // 50
 * ```
 */
export function notebookInit(
  rng: RandomState,
  outputDim: number,
  inputDim: number,
  scale: number,
): LayerDraw {
  const W = rng.randn(outputDim, inputDim);
  for (let i = 0; i < W.length; i++) W[i] = (W[i] as number) * scale;
  const b = rng.randn(outputDim, 1);
  for (let i = 0; i < b.length; i++) b[i] = (b[i] as number) * scale;
  return { W, b };
}
