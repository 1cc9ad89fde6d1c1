import type { Dataset } from "../types.ts";
import type { PlaygroundOptions } from "./common.ts";
import { finishPlayground, playgroundSetup, randUniform } from "./common.ts";

const PADDING = 0.3;

/**
 * TensorFlow Playground's "exclusive or" set: each point draws, in order, `x = U(-5, 5)`
 * moved 0.3 away from the axis (`x += x > 0 ? 0.3 : -0.3`), `y` likewise, then
 * `nx = U(-5, 5) * noise` and `ny = U(-5, 5) * noise`, with
 * `U(a, b) = randomSample() * (b - a) + a`. Noise (Playground's meaning) does not move the
 * point: the label is 1 when `(x + nx) * (y + ny) >= 0` (same-sign quadrants), else 0
 * (Playground's -1). Coordinates lie in [-5.3, -0.3] or (0.3, 5.3).
 *
 * @example
 * ```ts
 * const { X, y } = playgroundXor({ nSamples: 200, randomState: 0 });
 * X.shape; // [200, 2]
 * ```
 */
export function playgroundXor(options: PlaygroundOptions = {}): Dataset {
  const setup = playgroundSetup("playgroundXor", options);
  const { n, noise, rng } = setup;
  const data = new Float64Array(n * 2);
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let x = randUniform(rng, -5, 5);
    x += x > 0 ? PADDING : -PADDING;
    let yy = randUniform(rng, -5, 5);
    yy += yy > 0 ? PADDING : -PADDING;
    const nx = randUniform(rng, -5, 5) * noise;
    const ny = randUniform(rng, -5, 5) * noise;
    data[2 * i] = x;
    data[2 * i + 1] = yy;
    y[i] = (x + nx) * (yy + ny) >= 0 ? 1 : 0;
  }
  return finishPlayground(data, y, setup);
}
