import { checkElementCount } from "@plainnet/core/engine";
import { checkSampleCount } from "../checks.ts";
import { cos, sin } from "../trig.ts";
import type { Dataset } from "../types.ts";
import type { PlaygroundOptions } from "./common.ts";
import { classSizes, finishPlayground, playgroundSetup, randUniform } from "./common.ts";

/**
 * Options of {@link playgroundSpiral}: the common Playground options plus the number of arms.
 *
 * @example
 * ```ts
 * const options: SpiralOptions = { nSamples: 300, nClasses: 3, noise: 0.1, randomState: 0 };
 * ```
 */
export interface SpiralOptions extends PlaygroundOptions {
  /** Number of spiral arms (classes), at least 2. Default 2 (Playground's). */
  nClasses?: number;
}

/**
 * TensorFlow Playground's "spiral" set, generalised to `nClasses` arms. With m = n / K (the
 * per-class share, a real number as in Playground), point i of class k has
 * `r = i / m * 5`, `t = 1.75 * i / m * 2 * pi + delta_k`,
 * `x = r sin(t) + U(-1, 1) * noise`, `y = r cos(t) + U(-1, 1) * noise`, drawing the x noise
 * then the y noise (`U(a, b) = randomSample() * (b - a) + a`). Here noise (Playground's
 * meaning) does move the points, by at most `noise` per coordinate. Arm k is rotated by
 * `delta_k = (pi + 2 pi k / K) mod 2 pi`: for K = 2, class 1 is Playground's positive spiral
 * (delta 0) and class 0 its negative one (delta pi). Class k has floor(n/K) points, the first
 * n mod K classes one more; classes are generated in order 0..K-1, then shuffled.
 *
 * @example
 * ```ts
 * const { X, y } = playgroundSpiral({ nSamples: 300, nClasses: 3, randomState: 0 });
 * X.shape; // [300, 2]
 * ```
 */
export function playgroundSpiral(options: SpiralOptions = {}): Dataset {
  const fn = "playgroundSpiral";
  const setup = playgroundSetup(fn, options, ["nClasses"]);
  const k = checkSampleCount(fn, "nClasses", options.nClasses ?? 2);
  if (k < 2) throw new RangeError(`${fn}: expected nClasses >= 2, got ${k}`);
  checkElementCount(fn, `nClasses ${k} (one size per class)`, k);
  const { n, noise, rng } = setup;
  const m = n / k;
  const data = new Float64Array(n * 2);
  const y = new Array<number>(n);
  let row = 0;
  classSizes(n, k).forEach((count, c) => {
    let delta = Math.PI + (2 * Math.PI * c) / k;
    if (delta >= 2 * Math.PI) delta -= 2 * Math.PI;
    for (let i = 0; i < count; i++, row++) {
      const r = (i / m) * 5;
      const t = ((1.75 * i) / m) * 2 * Math.PI + delta;
      data[2 * row] = r * sin(t) + randUniform(rng, -1, 1) * noise;
      data[2 * row + 1] = r * cos(t) + randUniform(rng, -1, 1) * noise;
      y[row] = c;
    }
  });
  return finishPlayground(data, y, setup);
}
