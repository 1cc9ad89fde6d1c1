import type { Dataset } from "../types.ts";
import type { PlaygroundOptions } from "./common.ts";
import { classSizes, finishPlayground, playgroundSetup } from "./common.ts";

/**
 * Playground's noise-to-variance map for the Gaussian set: the linear scale from domain
 * [0, 0.5] to range [0.5, 4] (extrapolated past 0.5), as d3 v3 evaluates it:
 * `t = noise / 0.5; variance = 0.5 * (1 - t) + 4 * t`.
 *
 * @example
 * ```ts
 * gaussVariance(0); // 0.5
 * gaussVariance(0.5); // 4
 * ```
 */
export function gaussVariance(noise: number): number {
  const t = (noise - 0) / 0.5;
  return 0.5 * (1 - t) + 4 * t;
}

/**
 * TensorFlow Playground's "two Gaussians" set: class 1 (Playground's positive) around (2, 2),
 * class 0 around (-2, -2). Noise (Playground's meaning) sets the variance:
 * {@link gaussVariance} (0.5 at noise 0, 4 at noise 0.5). Each point draws
 * `x = rng.normal(cx, sqrt(variance))` then `y = rng.normal(cy, sqrt(variance))` (NumPy's
 * legacy Gaussian; Playground draws one polar-method value per coordinate with
 * `Math.random`, the same distribution). Before the optional shuffle the class-0 points
 * (ceil(n/2)) come first, then class 1 (floor(n/2)).
 *
 * @example
 * ```ts
 * const { X, y } = playgroundGauss({ nSamples: 200, noise: 0.1, randomState: 0 });
 * X.shape; // [200, 2]
 * ```
 */
export function playgroundGauss(options: PlaygroundOptions = {}): Dataset {
  const setup = playgroundSetup("playgroundGauss", options);
  const { n, noise, rng } = setup;
  const variance = gaussVariance(noise);
  if (!Number.isFinite(variance)) {
    throw new RangeError(
      `playgroundGauss: noise ${noise} gives a non-finite variance (${variance}); use a smaller noise`,
    );
  }
  const sd = Math.sqrt(variance);
  const [n0, n1] = classSizes(n, 2) as [number, number];
  const data = new Float64Array(n * 2);
  const y = new Array<number>(n);
  let row = 0;
  const draw = (count: number, c: number, label: number): void => {
    for (let i = 0; i < count; i++, row++) {
      data[2 * row] = rng.normal(c, sd);
      data[2 * row + 1] = rng.normal(c, sd);
      y[row] = label;
    }
  };
  draw(n0, -2, 0);
  draw(n1, 2, 1);
  return finishPlayground(data, y, setup);
}
