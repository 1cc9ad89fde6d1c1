// Floating-point operations of the notebook's algorithm, counted from the layer sizes.
//
// Conventions (the usual ones for dense networks):
// - a matrix product of (o x i) by (i x m) counts 2·o·i·m (one multiply and one add per term);
// - every other element-wise operation counts 1 per element, `exp` and `log` included;
// - the counts follow the notebook's code line by line (see ELEMENTWISE below), so the
//   per-epoch total is the work of one epoch of its `train`: forward, cost, accuracy,
//   backward and update.
// - the count is the dense network's, whatever a candidate skips: plainnet's fused engine
//   leaves dead ReLU units out of its products, so its GFLOP/s are effective ones (the
//   notebook's work per second) and can pass its kernel's measured ceiling.

/** Activation functions the counter knows. */
export type FlopActivation = "relu" | "sigmoid";

/**
 * Element-wise operations per element, as the notebook writes them:
 * - relu `np.maximum(0, Z)`: 1; relu_backward `dZ[Z <= 0] = 0`: 1 (a compare);
 * - sigmoid `1 / (1 + np.exp(-Z))`: 4 (negate, exp, add, divide);
 *   sigmoid_backward `dA * sig * (1 - sig)` with `sig` recomputed: 4 + 3 = 7;
 * - cost `-1/m · (Y·log(Ŷ)ᵀ + (1−Y)·log(1−Ŷ)ᵀ)`: log, 1−Y, 1−Ŷ, log, and two dot-product
 *   terms of 2 each: 8 per output element;
 * - accuracy: threshold 1, compare with Y 1, the mean 1: 3 per output element;
 * - cost gradient `−(Y/Ŷ − (1−Y)/(1−Ŷ))`: divide, 1−Y, 1−Ŷ, divide, subtract, negate: 6.
 *
 * @example
 * ```ts
 * ELEMENTWISE.sigmoid.forward; // 4
 * ```
 */
export const ELEMENTWISE: {
  readonly relu: { readonly forward: number; readonly backward: number };
  readonly sigmoid: { readonly forward: number; readonly backward: number };
  readonly cost: number;
  readonly accuracy: number;
  readonly costGradient: number;
} = {
  relu: { forward: 1, backward: 1 },
  sigmoid: { forward: 4, backward: 7 },
  cost: 8,
  accuracy: 3,
  costGradient: 6,
};

/** A FLOP count split into matrix products and everything else. */
export interface FlopCount {
  /** 2·o·i·m per matrix product. */
  readonly matmul: number;
  /** Bias adds, activations, cost, accuracy, reductions, scaling and the update. */
  readonly elementwise: number;
  readonly total: number;
}

function checkNetwork(sizes: readonly number[], samples: number, where: string): void {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new RangeError(`${where}: expected at least two layer sizes, got ${String(sizes)}`);
  }
  sizes.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1) {
      throw new RangeError(
        `${where}: layer size ${i} must be a positive integer, got ${String(s)}`,
      );
    }
  });
  if (!Number.isInteger(samples) || samples < 1) {
    throw new RangeError(`${where}: samples must be a positive integer, got ${String(samples)}`);
  }
}

function activationOf(
  layer: number,
  layers: number,
  hidden: FlopActivation,
  output: FlopActivation,
): FlopActivation {
  return layer === layers - 1 ? output : hidden;
}

/**
 * FLOPs of one forward pass over `samples` columns: per layer `Z = W·A + b` (2·o·i·m + o·m)
 * and the activation.
 *
 * @example
 * ```ts
 * forwardFlops([2, 1], 10).total; // 2·1·2·10 + 10 + 4·10 = 90
 * ```
 */
export function forwardFlops(
  sizes: readonly number[],
  samples: number,
  hidden: FlopActivation = "relu",
  output: FlopActivation = "sigmoid",
): FlopCount {
  checkNetwork(sizes, samples, "forwardFlops");
  const m = samples;
  let matmul = 0;
  let elementwise = 0;
  const layers = sizes.length - 1;
  for (let l = 0; l < layers; l++) {
    const i = sizes[l] as number;
    const o = sizes[l + 1] as number;
    matmul += 2 * o * i * m;
    elementwise += o * m + ELEMENTWISE[activationOf(l, layers, hidden, output)].forward * o * m;
  }
  return { matmul, elementwise, total: matmul + elementwise };
}

/**
 * FLOPs of one epoch of the notebook's `train`: forward, cost, accuracy, the cost gradient,
 * backward (per layer: activation derivative; `dW = dZ·Aᵀ/m`; `db = Σ dZ / m`; `dA = Wᵀ·dZ`,
 * computed for every layer as the notebook does) and the update `W −= lr·dW`, `b −= lr·db`.
 *
 * @example
 * ```ts
 * trainingEpochFlops([2, 25, 50, 50, 25, 1], 900).matmul; // 27_405_000
 * ```
 */
export function trainingEpochFlops(
  sizes: readonly number[],
  samples: number,
  hidden: FlopActivation = "relu",
  output: FlopActivation = "sigmoid",
): FlopCount {
  checkNetwork(sizes, samples, "trainingEpochFlops");
  const forward = forwardFlops(sizes, samples, hidden, output);
  const m = samples;
  const layers = sizes.length - 1;
  const outputs = sizes[layers] as number;
  let matmul = forward.matmul;
  let elementwise =
    forward.elementwise +
    (ELEMENTWISE.cost + ELEMENTWISE.accuracy + ELEMENTWISE.costGradient) * outputs * m;
  for (let l = 0; l < layers; l++) {
    const i = sizes[l] as number;
    const o = sizes[l + 1] as number;
    const act = activationOf(l, layers, hidden, output);
    elementwise += ELEMENTWISE[act].backward * o * m; // dZ
    matmul += 2 * o * i * m; // dZ·Aᵀ
    elementwise += o * i; // / m
    elementwise += o * m + o; // row sums, / m
    matmul += 2 * o * i * m; // Wᵀ·dZ
    elementwise += 2 * (o * i + o); // W −= lr·dW, b −= lr·db
  }
  return { matmul, elementwise, total: matmul + elementwise };
}

/**
 * GFLOP/s of `flops` operations done in `ms` milliseconds.
 *
 * @example
 * ```ts
 * gflopsPerSecond(27_405_000, 10); // 2.7405
 * ```
 */
export function gflopsPerSecond(flops: number, ms: number): number {
  if (!(ms > 0) || !Number.isFinite(ms)) {
    throw new RangeError(`gflopsPerSecond: ms must be a finite number > 0, got ${String(ms)}`);
  }
  return flops / ms / 1e6;
}

/**
 * FLOPs of one matrix product of (m x k) by (k x n): 2·m·k·n.
 *
 * @example
 * ```ts
 * gemmFlops(512, 512, 512); // 268_435_456
 * ```
 */
export function gemmFlops(m: number, k: number, n: number): number {
  for (const [name, v] of [
    ["m", m],
    ["k", k],
    ["n", n],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`gemmFlops: ${name} must be a positive integer, got ${String(v)}`);
    }
  }
  return 2 * m * k * n;
}
