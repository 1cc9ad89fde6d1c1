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

/** Grid points' features, feature-major (k x n²): row 0 at the top, as {@link HeatMaps}. */
function gridFeatures(features: readonly FeatureName[], domain: Domain, n: number): Float64Array {
  const cells = n * n;
  const X = new Float64Array(features.length * cells);
  const coord = (i: number): number => domain.min + ((i + 0.5) / n) * (domain.max - domain.min);
  for (let row = 0; row < n; row++) {
    const x2 = coord(n - 1 - row);
    for (let col = 0; col < n; col++) {
      const x1 = coord(col);
      for (let k = 0; k < features.length; k++) {
        X[k * cells + row * n + col] = featureValue(features[k]!, x1, x2);
      }
    }
  }
  return X;
}

/**
 * Forward pass of `m` points at once (A is inputs x m, row-major) through every layer; returns
 * each layer's activation (units x m).
 */
function forwardBatch(
  params: readonly { W: Matrix; b: Matrix }[],
  activations: readonly string[],
  X: Float64Array,
  m: number,
): Float64Array[] {
  const out: Float64Array[] = [];
  let A = X;
  params.forEach(({ W, b }, l) => {
    const Z = new Float64Array(W.rows * m);
    for (let i = 0; i < W.rows; i++) {
      const z = Z.subarray(i * m, (i + 1) * m);
      z.fill(b.data[i]!);
      for (let j = 0; j < W.cols; j++) {
        const w = W.data[i * W.cols + j]!;
        if (w === 0) continue;
        const a = A.subarray(j * m, (j + 1) * m);
        for (let t = 0; t < m; t++) z[t]! += w * a[t]!;
      }
    }
    const name = activations[l]!;
    if (name === "softmax") {
      for (let t = 0; t < m; t++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < W.rows; i++) max = Math.max(max, Z[i * m + t]!);
        let sum = 0;
        for (let i = 0; i < W.rows; i++) sum += Z[i * m + t] = Math.exp(Z[i * m + t]! - max);
        for (let i = 0; i < W.rows; i++) Z[i * m + t] = Z[i * m + t]! / sum;
      }
    } else if (name === "relu") {
      for (let t = 0; t < Z.length; t++) if (!(Z[t]! > 0)) Z[t] = 0;
    } else if (name !== "linear") {
      const f = getActivation(name).forward;
      for (let t = 0; t < Z.length; t++) Z[t] = f(Z[t]!);
    }
    out.push(Z);
    A = Z;
  });
  return out;
}

/**
 * Evaluates the network on a `size` x `size` grid (output) and a `neuronSize` grid (each
 * hidden unit; 0 for none) over the domain, all points of a grid in one batched pass per layer.
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
  const cells = size * size;
  const layers = forwardBatch(params, activations, gridFeatures(features, domain, size), cells);
  const last = layers[layers.length - 1]!;
  const channels = params[params.length - 1]!.W.rows;
  const output = new Float32Array(cells * channels);
  for (let c = 0; c < channels; c++) {
    for (let t = 0; t < cells; t++) output[t * channels + c] = last[c * cells + t]!;
  }
  let neurons: Float32Array[] = [];
  if (neuronSize > 0) {
    const small = neuronSize * neuronSize;
    const hidden = forwardBatch(
      params.slice(0, -1),
      activations,
      gridFeatures(features, domain, neuronSize),
      small,
    );
    neurons = hidden.map((h) => Float32Array.from(h));
  }
  return { size, output, channels, neuronSize, neurons };
}
