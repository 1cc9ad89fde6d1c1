import { cos, sin } from "../trig.ts";
import type { Dataset } from "../types.ts";
import type { PlaygroundOptions } from "./common.ts";
import { classSizes, finishPlayground, playgroundSetup, randUniform } from "./common.ts";

const RADIUS = 5;

/**
 * TensorFlow Playground's "circle" set: class 1 (Playground's positive) inside radius 2.5,
 * class 0 (negative) in the ring 3.5..5, centred at the origin. Each point draws, in order,
 * `r = U(a, b)` (0..2.5 inside, 3.5..5 outside), `angle = U(0, 2 pi)`, `x = r sin(angle)`,
 * `y = r cos(angle)`, then `nx = U(-5, 5) * noise`, `ny = U(-5, 5) * noise`, with
 * `U(a, b) = randomSample() * (b - a) + a`. Noise (Playground's meaning) does not move the
 * point: the label is 1 when the noisy point (x + nx, y + ny) lies within 2.5 of the origin,
 * else 0, so noise flips labels near the boundary. Before the optional shuffle the ring's
 * ceil(n/2) points come first, then the disc's floor(n/2) (Playground: n/2 each, disc first).
 *
 * @example
 * ```ts
 * const { X, y } = playgroundCircle({ nSamples: 200, noise: 0.1, randomState: 0 });
 * X.shape; // [200, 2]
 * ```
 */
export function playgroundCircle(options: PlaygroundOptions = {}): Dataset {
  const setup = playgroundSetup("playgroundCircle", options);
  const { n, noise, rng } = setup;
  const [nOutside, nInside] = classSizes(n, 2) as [number, number];
  const data = new Float64Array(n * 2);
  const y = new Array<number>(n);
  let row = 0;
  const draw = (rMin: number, rMax: number): void => {
    const r = randUniform(rng, rMin, rMax);
    const angle = randUniform(rng, 0, 2 * Math.PI);
    const x = r * sin(angle);
    const yy = r * cos(angle);
    const nx = randUniform(rng, -RADIUS, RADIUS) * noise;
    const ny = randUniform(rng, -RADIUS, RADIUS) * noise;
    const dx = x + nx;
    const dy = yy + ny;
    data[2 * row] = x;
    data[2 * row + 1] = yy;
    y[row] = Math.sqrt(dx * dx + dy * dy) < RADIUS * 0.5 ? 1 : 0;
    row++;
  };
  for (let i = 0; i < nOutside; i++) draw(RADIUS * 0.7, RADIUS);
  for (let i = 0; i < nInside; i++) draw(0, RADIUS * 0.5);
  return finishPlayground(data, y, setup);
}
