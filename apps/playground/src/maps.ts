// Heat maps: the network evaluated on a grid over the domain — the output (the decision
// boundary) and every hidden unit (what each neuron has learned).
import type { Matrix } from "@plainnet/core";
import { getActivation } from "@plainnet/core";
import type { Domain } from "./data.ts";
import { type FeatureName, featureValue } from "./features.ts";

/**
 * Grid values, row 0 at the top (largest x2), column 0 at the left (smallest x1).
 *
 * @example
 * ```ts
 * const m: HeatMaps = computeMaps(net.params, ["relu", "sigmoid"], ["x1", "x2"], domain, 50, 10);
 * m.output.length; // 50 * 50 * m.channels
 * ```
 */
export interface HeatMaps {
  readonly size: number;
  /** Output values, `channels` per cell (1 for sigmoid/linear, one per class for softmax). */
  readonly output: Float32Array;
  readonly channels: number;
  readonly neuronSize: number;
  /** One map per hidden layer: units x neuronSize², unit by unit. */
  readonly neurons: Float32Array[];
}

/** Forward pass of one input column through layers, keeping every hidden activation. */
function forward(
  params: readonly { W: Matrix; b: Matrix }[],
  activations: readonly string[],
  input: Float64Array,
  hidden: Float64Array[],
): Float64Array {
  let a = input;
  for (let l = 0; l < params.length; l++) {
    const { W, b } = params[l]!;
    const out = new Float64Array(W.rows);
    for (let i = 0; i < W.rows; i++) {
      let z = b.data[i]!;
      for (let j = 0; j < W.cols; j++) z += W.data[i * W.cols + j]! * a[j]!;
      out[i] = z;
    }
    const name = activations[l]!;
    if (name === "softmax") {
      let max = Number.NEGATIVE_INFINITY;
      for (const z of out) max = Math.max(max, z);
      let sum = 0;
      for (let i = 0; i < out.length; i++) sum += out[i] = Math.exp(out[i]! - max);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
    } else {
      const act = getActivation(name);
      for (let i = 0; i < out.length; i++) out[i] = act.forward(out[i]!);
    }
    if (l + 1 < params.length) hidden[l] = out;
    a = out;
  }
  return a;
}

/**
 * Evaluates the network on a `size` x `size` grid (output) and a `neuronSize` grid (each
 * hidden unit; 0 for none) over the domain. Costs about size² forward passes.
 *
 * @example
 * ```ts
 * const maps = computeMaps(net.params, net.architecture.map((l) => l.activation.name), ["x1", "x2"], { min: -6, max: 6 }, 64, 16);
 * ```
 */
export function computeMaps(
  params: readonly { W: Matrix; b: Matrix }[],
  activations: readonly string[],
  features: readonly FeatureName[],
  domain: Domain,
  size: number,
  neuronSize: number,
): HeatMaps {
  if (!Number.isInteger(size) || size < 2 || size > 256) {
    throw new RangeError(`computeMaps: size must be an integer 2..256, got ${size}`);
  }
  if (!Number.isInteger(neuronSize) || neuronSize < 0 || neuronSize === 1 || neuronSize > size) {
    throw new RangeError(
      `computeMaps: neuronSize must be 0 (no unit maps) or an integer 2..size, got ${neuronSize}`,
    );
  }
  const channels = params[params.length - 1]!.W.rows;
  const output = new Float32Array(size * size * channels);
  const input = new Float64Array(features.length);
  const hidden: Float64Array[] = [];
  const coord = (i: number, n: number): number =>
    domain.min + ((i + 0.5) / n) * (domain.max - domain.min);
  const evalAt = (col: number, row: number, n: number): Float64Array => {
    const x1 = coord(col, n);
    const x2 = coord(n - 1 - row, n);
    for (let k = 0; k < features.length; k++) input[k] = featureValue(features[k]!, x1, x2);
    return forward(params, activations, input, hidden);
  };
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const out = evalAt(col, row, size);
      for (let c = 0; c < channels; c++) output[(row * size + col) * channels + c] = out[c]!;
    }
  }
  const cells = neuronSize * neuronSize;
  const neurons =
    neuronSize === 0 ? [] : params.slice(0, -1).map((p) => new Float32Array(p.W.rows * cells));
  for (let row = 0; row < neuronSize; row++) {
    for (let col = 0; col < neuronSize; col++) {
      evalAt(col, row, neuronSize);
      hidden.forEach((h, l) => {
        for (let u = 0; u < h.length; u++) neurons[l]![u * cells + row * neuronSize + col] = h[u]!;
      });
    }
  }
  return { size, output, channels, neuronSize, neurons };
}
