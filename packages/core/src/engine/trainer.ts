import { isColumnwise } from "../activations/softmax.ts";
import type { Architecture } from "../architecture.ts";
import type { DivergenceDetector } from "../divergence.ts";
import { TrainingDivergedError } from "../errors.ts";
import type { Loss } from "../losses/loss.ts";
import { Matrix } from "../matrix.ts";
import type { Grads, LayerGrads, LayerParams, Params } from "../params.ts";
import { type Epilogue, type Kernels, NO_EPILOGUE, NONE } from "./kernels.ts";
import {
  type FusedActivation,
  type FusedActivationName,
  type FusedLoss,
  type FusedLossName,
  fusedActivations,
  fusedLosses,
} from "./ops.generated.ts";
import { heapPairwiseSum } from "./pairwise.ts";

/** Values of a ReLU output row the dead-unit scan reads one by one before it sums the rest. */
const PROBE = 16;
/** Most forward passes a layer skips its dead-unit proofs after attempts that proved nothing. */
const PROOF_WAIT_MAX = 64;

/** Options of a {@link FusedTrainer}. */
export interface FusedTrainerOptions {
  /**
   * Skip the rows and columns of dead ReLU units (default `true`): a hidden ReLU unit whose
   * output is exactly 0 for every sample of the batch contributes only exact zeros to the next
   * layer's products and to the backward pass, so the engine multiplies compacted matrices
   * without it. A unit dead in one pass is not even computed in the next when a bound on its
   * inputs proves it still dead (its weights got zero gradients, so they have not moved); and
   * when every unit of a layer is dead, every gradient at or below it is +0 and is not
   * computed either. The results are the same bits as with `false` (see {@link FusedTrainer}).
   */
  readonly skipDeadUnits?: boolean;
}

/** Cost and accuracy of one fused epoch, measured before its update. */
export interface FusedEpochStats {
  readonly cost: number;
  readonly accuracy: number;
}

/** Cost of the current output and the number of samples predicted right (every output unit thresholded at 0.5). */
export interface FusedEvaluation {
  readonly cost: number;
  readonly correct: number;
}

/** Where one layer's buffers live in the heap (element offsets). */
interface LayerPlan {
  readonly inputs: number;
  readonly outputs: number;
  /** The activation's entry of the fused table (recognised by its name). */
  readonly op: FusedActivation;
  /** "relu" and "linear" run fused in the kernels; "js" applies the activation per element. */
  readonly kind: "relu" | "linear" | "js";
  /** The forward product's epilogue: the bias (and ReLU), with the whole bias or the gathered one. */
  readonly forwardEpilogue: Epilogue;
  readonly gatheredEpilogue: Epilogue;
  /** The epilogue of the product that computes this layer's dZ from the next layer's (ReLU's
   * derivative from this layer's output, or none). */
  readonly backwardEpilogue: Epilogue;
  readonly W: number;
  readonly b: number;
  /** Z = W·A_prev + b; for a ReLU layer the same buffer as A (see the memory plan). */
  readonly Z: number;
  /** This layer's output (the same buffer as Z: every activation's derivative reads A). */
  readonly A: number;
  readonly dZ: number;
  /** dA of this layer's output before the activation derivative ("js" layers only). */
  readonly dA: number;
  readonly dW: number;
  readonly db: number;
  /** The transpose of this layer's input (samples x inputs), for dW = dZ·Aᵀ. */
  readonly inputT: number;
}

/**
 * Why a network cannot run on the fused engine, or `null` when it can. The engine runs dense
 * layers with element-wise activations (softmax is column-wise) and the built-in binary
 * cross-entropy or mean-squared-error losses.
 *
 * @example
 * ```ts
 * fusedUnsupportedReason(normalizeArchitecture(arch), binaryCrossEntropy); // null
 * ```
 */
export function fusedUnsupportedReason(arch: Architecture, loss: Loss): string | null {
  for (let i = 0; i < arch.length; i++) {
    const name = arch[i]!.activation.name;
    if (isColumnwise(arch[i]!.activation)) {
      return `layer ${i} uses the column-wise activation "${name}"`;
    }
    if (!Object.hasOwn(fusedActivations, name)) {
      return `layer ${i} uses the activation "${name}", which is not in the fused table`;
    }
  }
  if (!Object.hasOwn(fusedLosses, loss.name)) {
    return `the loss "${loss.name}" is not ${Object.keys(fusedLosses).join(" or ")}`;
  }
  return null;
}

/**
 * The fused, zero-allocation training engine: the notebook's full-batch gradient descent on
 * one heap of a {@link Kernels} set, planned once for an architecture and a number of samples.
 * Each {@link epoch} runs forward, cost, accuracy, backward, the divergence checks and the
 * update in place, allocating no matrix or buffer.
 *
 * With a float64 kernel set every value is bitwise the reference path's (`train` with the
 * typed-array backend): the products and sums are taken in the reference's order, the
 * element-wise steps use the same expressions, and bias gradients and costs use the same
 * pairwise sums. A float32 set stores every matrix in float32 and rounds each operation to
 * float32; costs and accuracies are still summed in float64.
 *
 * Dead ReLU units (output 0 for every sample of the batch; early in the notebook's headline
 * run about a third of its hidden units) are skipped: their rows and columns are left out of
 * the products, which saves work without changing a bit. A skipped product is 0 times a finite
 * weight, activation or gradient, and adding ±0 to a sum that starts at +0 changes nothing.
 * Where a skipped factor is not finite (its product would be NaN), the pass is recomputed
 * without skipping, so divergence is reported exactly as before. A unit dead in one pass
 * is not computed at all in the next when an interval bound proves it dead again (its weights
 * have not moved; {@link provenDeadUnits}); when every unit of a hidden layer is dead and every
 * value below it is finite, the gradients at and below it are exactly +0 and are filled in
 * rather than computed (the seed notebook's 2-4-6-6-4-1 from `initLayers(arch, 2)` is such a
 * network: its fourth layer is dead from the start, and only the output layer learns).
 * `skipDeadUnits: false` turns all of this off.
 *
 * @example
 * ```ts
 * const t = new FusedTrainer(normalizeArchitecture(arch), 900, jsKernels("float64"), binaryCrossEntropy);
 * t.setParams(initLayers(arch, 2));
 * t.setData(X, Y);
 * const { cost } = t.epoch(0, 0.01);
 * const params = t.params();
 * ```
 */
export class FusedTrainer {
  /** The kernel set this trainer computes with. */
  readonly kernels: Kernels;
  /** Most samples one {@link setData} may hold. */
  readonly capacity: number;
  #samples: number;
  private readonly arch: Architecture;
  /** The loss's entry of the fused table (recognised by its name). */
  private readonly loss: FusedLoss;
  private readonly layers: LayerPlan[];
  private readonly X: number;
  private readonly Y: number;
  private readonly terms: Float64Array;
  private readonly terms2: Float64Array;
  /** The two cost sums of {@link evaluate} where no kernel adds them. */
  readonly #sums: Float64Array = new Float64Array(2);
  readonly #skipDead: boolean;
  /** Per layer: its units whose output row is not all zero, ascending (the first `#count[l]`). */
  readonly #alive: Int32Array[];
  /** Per layer: how many units the last forward pass kept (its width when none is skipped). */
  readonly #count: Int32Array;
  /** Scratch buffer for one compacted W: `W[:, alive]` forward, `W[alive, alive]` backward. */
  readonly #gather: number;
  /** Scratch buffer for the biases of the units a forward pass computes when it skips some. */
  readonly #gatherB: number;
  /** Per layer: 1 for each unit whose output row was all +0 in the last compacted pass. */
  readonly #dead: Uint8Array[];
  /** Per layer: how many of `#dead` are 1. */
  readonly #deadCount: Int32Array;
  /** Per layer: the largest value of each of its kept output rows (`#count[l]`, in order),
   * valid where `#maxDone[l]` is 1 (reset at each forward pass). */
  readonly #rowMax: Float64Array[];
  readonly #maxDone: Uint8Array;
  /** The units a forward pass computes for a layer, when it proves others dead. */
  readonly #cand: Int32Array;
  /** Each input feature's largest and smallest value in the current data (bounds for layer 0). */
  readonly #xMax: Float64Array;
  readonly #xMin: Float64Array;
  /** The hidden layer all of whose units are dead, above layers whose inputs are all finite
   * (see {@link #backward}), or −1. */
  #zeroFrom = -1;
  /** Per layer: how many units the last forward pass proved dead and did not compute. */
  readonly #skipped: Int32Array;
  /** Per layer: 1 when every unit was dead in the last compacted pass. */
  readonly #allDead: Uint8Array;
  /** Per layer: passes to go before the next attempt at proofs, and the last wait (doubled,
   * up to {@link PROOF_WAIT_MAX}, after each attempt that proves nothing; 0 after a success). */
  readonly #proofWait: Int32Array;
  readonly #proofBackoff: Int32Array;
  /** [offset, length] of the block of every layer's W and b, and of every dW and db. */
  readonly #paramsSpan: readonly [number, number];
  readonly #gradsSpan: readonly [number, number];
  /** A layer's compacted bias gradients, on their way to their units' places. */
  readonly #dbScratch: Float64Array;
  /** Heap buffers for the cost's terms where the kernel set computes them (`bceTerms`), else
   * NONE. */
  readonly #posTerms: number;
  readonly #negTerms: number;

  /** Number of samples (columns of X) of the current data. */
  get samples(): number {
    return this.#samples;
  }

  constructor(
    arch: Architecture,
    samples: number,
    kernels: Kernels,
    loss: Loss,
    options: FusedTrainerOptions = {},
  ) {
    const skip = options.skipDeadUnits ?? true;
    if (typeof skip !== "boolean") {
      throw new TypeError(
        `FusedTrainer: options.skipDeadUnits must be a boolean, got ${typeof skip} (e.g. { skipDeadUnits: false })`,
      );
    }
    this.#skipDead = skip;
    const reason = fusedUnsupportedReason(arch, loss);
    if (reason !== null) {
      throw new RangeError(`FusedTrainer: cannot fuse this network: ${reason}`);
    }
    if (!Number.isInteger(samples) || samples < 1) {
      throw new RangeError(`FusedTrainer: samples must be a positive integer, got ${samples}`);
    }
    this.arch = arch;
    this.loss = fusedLosses[loss.name as FusedLossName];
    this.kernels = kernels;
    this.capacity = samples;
    this.#samples = samples;
    const m = samples;
    const k = kernels;
    this.X = k.alloc(arch[0]!.inputDim * m);
    this.Y = k.alloc(arch[arch.length - 1]!.outputDim * m);
    // Memory plan (a small heap stays in cache): a ReLU layer keeps only A = max(Z, 0), which
    // also serves as the mask of its derivative (Z ≤ 0 exactly where A ≤ 0, NaN where Z is);
    // only two dZ buffers exist, used alternately by consecutive layers; one buffer holds the
    // transposed input of whichever layer computes dW (X's own transpose is kept, it never
    // changes); one buffer holds dA of whichever non-fused layer needs it.
    let widest = 0;
    let widestInput = 1;
    let widestJs = 0;
    arch.forEach((layer, l) => {
      widest = Math.max(widest, layer.outputDim);
      if (l > 0) widestInput = Math.max(widestInput, layer.inputDim);
      if (fusedActivations[layer.activation.name as FusedActivationName].gemm === null) {
        widestJs = Math.max(widestJs, layer.outputDim);
      }
    });
    const dZBuffers = [k.alloc(widest * m), k.alloc(widest * m)];
    // A kernel set with dWdb reads each layer's input as it is: no transposes to keep.
    const transposes = k.dWdb === undefined;
    const sharedT = transposes ? k.alloc(widestInput * m) : NONE;
    const sharedDA = widestJs > 0 ? k.alloc(widestJs * m) : NONE;
    // Every layer's W and b in one block, and every dW and db in another (the gaps between
    // allocations stay +0), so that one sum checks them all for non-finite values.
    const paramsStart = k.alloc(0);
    const Wb = arch.map(({ inputDim: i, outputDim: o }) => ({ W: k.alloc(o * i), b: k.alloc(o) }));
    this.#paramsSpan = [paramsStart, k.alloc(0) - paramsStart];
    const gradsStart = k.alloc(0);
    const dWdb = arch.map(({ inputDim: i, outputDim: o }) => ({
      dW: k.alloc(o * i),
      db: k.alloc(o),
    }));
    this.#gradsSpan = [gradsStart, k.alloc(0) - gradsStart];
    arch.forEach((_, l) => {
      const same =
        Wb[l]!.W - paramsStart === dWdb[l]!.dW - gradsStart &&
        Wb[l]!.b - paramsStart === dWdb[l]!.db - gradsStart;
      if (!same)
        throw new Error("FusedTrainer: the gradients' layout differs from the parameters'");
    });
    this.#gather = k.alloc(Math.max(...arch.map((layer) => layer.outputDim * layer.inputDim)));
    const gatherB = k.alloc(widest);
    this.#gatherB = gatherB;
    const layers: LayerPlan[] = [];
    for (let l = 0; l < arch.length; l++) {
      const { inputDim: i, outputDim: o, activation } = arch[l]!;
      const op = fusedActivations[activation.name as FusedActivationName];
      const kind = op.gemm === "relu" ? "relu" : op.gemm === "identity" ? "linear" : "js";
      // Every activation's derivative reads its output, so A is computed in place over Z.
      const Z = k.alloc(o * m);
      const { W, b } = Wb[l]!;
      const epilogue = (bias: number): Epilogue =>
        kind === "relu" ? { kind: "relu", bias, out: Z } : { kind: "none", bias };
      layers.push({
        inputs: i,
        outputs: o,
        op,
        kind,
        forwardEpilogue: epilogue(b),
        gatheredEpilogue: epilogue(gatherB),
        backwardEpilogue: kind === "relu" ? { kind: "relu", mask: Z } : NO_EPILOGUE,
        W,
        b,
        Z,
        A: Z,
        dZ: dZBuffers[l % 2]!,
        dA: kind === "js" ? sharedDA : NONE,
        ...dWdb[l]!,
        inputT: l === 0 && transposes ? k.alloc(m * i) : sharedT,
      });
    }
    this.layers = layers;
    this.#alive = arch.map((layer) => Int32Array.from({ length: layer.outputDim }, (_, r) => r));
    this.#count = Int32Array.from(arch, (layer) => layer.outputDim);
    this.#dead = arch.map((layer) => new Uint8Array(layer.outputDim));
    this.#deadCount = new Int32Array(arch.length);
    this.#rowMax = arch.map((layer) => new Float64Array(layer.outputDim));
    this.#maxDone = new Uint8Array(arch.length);
    this.#allDead = new Uint8Array(arch.length);
    this.#skipped = new Int32Array(arch.length);
    this.#proofWait = new Int32Array(arch.length);
    this.#proofBackoff = new Int32Array(arch.length);
    this.#cand = new Int32Array(widest);
    this.#xMax = new Float64Array(arch[0]!.inputDim);
    this.#xMin = new Float64Array(arch[0]!.inputDim);
    this.#dbScratch = new Float64Array(widest);
    const outputs = arch[arch.length - 1]!.outputDim * m;
    const heapTerms = k.bceTerms !== undefined && this.loss.name === "binaryCrossEntropy";
    this.#posTerms = heapTerms ? k.alloc(outputs) : NONE;
    this.#negTerms = heapTerms ? k.alloc(outputs) : NONE;
    this.terms = new Float64Array(outputs);
    this.terms2 = new Float64Array(outputs);
  }

  /** The input of layer `l` (X for layer 0). */
  private inputOf(l: number): number {
    return l === 0 ? this.X : this.layers[l - 1]!.A;
  }

  /**
   * Copies parameters in (one `{ W, b }` per layer, shapes as the architecture).
   *
   * @example
   * ```ts
   * trainer.setParams(initLayers(arch, 42));
   * ```
   */
  setParams(params: Params<Matrix>): void {
    const h = this.kernels.heap();
    this.layers.forEach((L, l) => {
      const p = params[l]!;
      h.set(p.W.data, L.W);
      h.set(p.b.data, L.b);
    });
  }

  /**
   * Copies the training data in: X is features x samples, Y is outputs x samples, with at
   * most {@link capacity} samples (a smaller last mini-batch is fine).
   *
   * @example
   * ```ts
   * trainer.setData(X, Y);
   * ```
   */
  setData(X: Matrix, Y: Matrix): void {
    const m = X.cols;
    if (m < 1 || m > this.capacity || Y.cols !== m) {
      throw new RangeError(
        `FusedTrainer.setData: X has ${X.cols} and Y ${Y.cols} samples; both must be the same, from 1 to ${this.capacity}`,
      );
    }
    if (
      X.rows !== this.arch[0]!.inputDim ||
      Y.rows !== this.arch[this.arch.length - 1]!.outputDim
    ) {
      throw new RangeError(
        `FusedTrainer.setData: X is ${X.rows}x${X.cols} and Y ${Y.rows}x${Y.cols}, expected ${this.arch[0]!.inputDim} and ${this.arch[this.arch.length - 1]!.outputDim} rows`,
      );
    }
    this.#samples = m;
    const h = this.kernels.heap();
    h.set(X.data, this.X);
    h.set(Y.data, this.Y);
    // Each feature's range as stored (float32 values in a float32 heap), for the dead-unit
    // bounds of layer 0 (see #provenDead); NaN where a value is NaN.
    for (let r = 0; r < X.rows; r++) {
      let hi = Number.NEGATIVE_INFINITY;
      let lo = Number.POSITIVE_INFINITY;
      for (let q = this.X + r * m; q < this.X + (r + 1) * m; q++) {
        const v = h[q] as number;
        hi = Math.max(hi, v);
        lo = Math.min(lo, v);
      }
      this.#xMax[r] = hi;
      this.#xMin[r] = lo;
    }
    // X never changes during training: its transpose (for layer 0's dW) is taken once here.
    if (this.kernels.dWdb === undefined) {
      this.kernels.transpose(this.X, this.layers[0]!.inputT, this.arch[0]!.inputDim, m);
    }
  }

  /**
   * The current parameters, copied out as float64 matrices.
   *
   * @example
   * ```ts
   * trainer.params()[0].W.shape; // [25, 2]
   * ```
   */
  params(): Params<Matrix> {
    const h = this.kernels.heap();
    return this.layers.map(
      (L): LayerParams<Matrix> => ({
        W: new Matrix(
          L.outputs,
          L.inputs,
          Float64Array.from(h.subarray(L.W, L.W + L.outputs * L.inputs)),
        ),
        b: new Matrix(L.outputs, 1, Float64Array.from(h.subarray(L.b, L.b + L.outputs))),
      }),
    );
  }

  /**
   * The network's output for the current data (outputs x samples), as computed by the last
   * {@link epoch} or {@link forward}.
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.output().shape; // [1, 900]
   * ```
   */
  output(): Matrix {
    const L = this.layers[this.layers.length - 1]!;
    const h = this.kernels.heap();
    const n = L.outputs * this.samples;
    return new Matrix(L.outputs, this.samples, Float64Array.from(h.subarray(L.A, L.A + n)));
  }

  /**
   * Forward pass over the current data, in place: `Z = W·A_prev + b`, `A = g(Z)` per layer.
   *
   * @example
   * ```ts
   * trainer.forward();
   * ```
   */
  forward(): void {
    this.#forward(this.#skipDead && this.#weightsFinite());
  }

  /**
   * The forward pass. With `compact`, each hidden ReLU layer's output rows that are all zero
   * (dead units) are dropped after its product: the live rows move up to form an
   * `alive x samples` block, and the next layer multiplies `W[:, alive]` by it. The skipped
   * products are exact zeros (finite weights times +0), and every sum starts at +0, so the
   * outputs are the same bits as without skipping.
   */
  #forward(compact: boolean): void {
    const k = this.kernels;
    const m = this.samples;
    const layers = this.layers;
    const last = layers.length - 1;
    const count = this.#count;
    this.#maxDone.fill(0);
    this.#zeroFrom = -1;
    let inCount = layers[0]!.inputs;
    for (let l = 0; l <= last; l++) {
      const L = layers[l]!;
      const input = this.inputOf(l);
      const hidden = compact && L.kind === "relu" && l < last;
      const cols = inCount < L.inputs ? this.#alive[l - 1]! : null;
      // Units dead in the last pass that a bound proves dead now are not computed at all.
      const rows = hidden ? this.#unitsToCompute(L, l, inCount, cols) : L.outputs;
      this.#skipped[l] = L.outputs - rows;
      const cand = rows < L.outputs ? this.#cand : null;
      if (rows > 0) {
        let W = L.W;
        let bias = L.b;
        if (cand !== null) {
          this.#gatherW(L, rows, cand, inCount, cols);
          W = this.#gather;
          const h = k.heap();
          for (let r = 0; r < rows; r++) h[this.#gatherB + r] = h[L.b + cand[r]!] as number;
          bias = this.#gatherB;
        } else if (cols !== null) {
          this.#gatherW(L, L.outputs, null, inCount, cols);
          W = this.#gather;
        }
        const ep = bias === L.b ? L.forwardEpilogue : L.gatheredEpilogue;
        k.gemm(W, inCount, 1, input, L.Z, rows, inCount, m, ep);
      }
      if (L.kind === "js") {
        const f = L.op.forward;
        const end = L.outputs * m;
        if (L.op.name === "sigmoid" && k.sigmoid !== undefined) {
          k.sigmoid(L.Z, L.A, end);
        } else {
          const h = k.heap();
          for (let q = 0; q < end; q++) h[L.A + q] = f(h[L.Z + q] as number);
        }
      }
      count[l] = hidden ? this.#compactRows(L, l, rows, cand) : L.outputs;
      inCount = count[l]!;
    }
    if (compact) this.#zeroFrom = this.#deadLayerAboveFinite();
  }

  /**
   * How many units of hidden ReLU layer `l` the forward pass computes, their indices in
   * `#cand` when fewer than all. A unit whose output row was all +0 in the last compacted pass
   * (its weights then got zero gradients) is skipped when a bound proves its row all +0 again:
   * with every input feature `r` in `[lo_r, hi_r]` (X's range, or `[0, max]` of a ReLU row),
   * `b + Σ_r (w_r ≥ 0 ? w_r·hi_r : w_r·lo_r)` bounds every `z` from above, and it stays at or
   * below 0 with a margin far above the rounding of any summation order (float32 or float64,
   * fused or not): so every computed `z ≤ 0` and the ReLU gives +0, as the product would.
   */
  #unitsToCompute(L: LayerPlan, l: number, inCount: number, cols: Int32Array | null): number {
    const o = L.outputs;
    const dead = this.#dead[l]!;
    if (this.#deadCount[l] === 0) return o;
    // Where the bounds keep failing (units die and revive on their inputs' edge, as in a wide
    // network later in training), the row maxima they need are not worth taking every pass.
    if (this.#proofWait[l]! > 0) {
      this.#proofWait[l]!--;
      return o;
    }
    if (l > 0) {
      // Bounds of the input rows: a ReLU layer's outputs are at least 0 (or NaN: no proof).
      if (this.layers[l - 1]!.kind !== "relu") return o;
      this.#ensureRowMax(l - 1);
    }
    const cand = this.#cand;
    let n = 0;
    for (let j = 0; j < o; j++) {
      if (dead[j] === 0 || !this.#provenDead(L, l, j, inCount, cols)) cand[n++] = j;
    }
    const backoff = n < o ? 0 : Math.min(Math.max(1, 2 * this.#proofBackoff[l]!), PROOF_WAIT_MAX);
    this.#proofBackoff[l] = backoff;
    this.#proofWait[l] = backoff;
    return n;
  }

  /** Whether the bound of {@link #unitsToCompute} proves unit `j` of layer `l` dead. */
  #provenDead(
    L: LayerPlan,
    l: number,
    j: number,
    inCount: number,
    cols: Int32Array | null,
  ): boolean {
    const h = this.kernels.heap();
    const row = L.W + j * L.inputs;
    const b = h[L.b + j] as number;
    const first = l === 0;
    const his = first ? this.#xMax : this.#rowMax[l - 1]!;
    let bound = b;
    let scale = Math.abs(b);
    for (let r = 0; r < inCount; r++) {
      const w = h[row + (cols === null ? r : cols[r]!)] as number;
      const hi = his[r] as number;
      const lo = first ? (this.#xMin[r] as number) : 0;
      bound += w >= 0 ? w * hi : w * lo;
      scale += Math.abs(w) * Math.max(Math.abs(hi), Math.abs(lo));
    }
    // The margin: (terms + 1)·2⁻²⁰ of the terms' magnitudes, 16 times float32's worst-case
    // rounding of the sum (and of this bound's own float64 arithmetic), plus per operation the
    // heap type's smallest subnormal: a product or sum that underflows is rounded by up to half
    // of it in absolute terms, which no relative margin covers (float32 products near 2⁻¹⁴⁹).
    // NaN fails the test.
    const tiny = this.kernels.dtype === "float32" ? 2 ** -149 : 2 ** -1074;
    return bound + (inCount + 2) * (2 ** -20 * scale + tiny) <= 0;
  }

  /** Fills `#rowMax[l]` with the largest value of each kept output row of layer `l`. */
  #ensureRowMax(l: number): void {
    if (this.#maxDone[l] === 1) return;
    const k = this.kernels;
    const m = this.samples;
    const A = this.layers[l]!.A;
    const max = this.#rowMax[l]!;
    for (let r = 0; r < this.#count[l]!; r++) max[r] = k.max(A + r * m, m);
    this.#maxDone[l] = 1;
  }

  /**
   * The highest hidden layer whose units were all dead in this pass, when every value below it
   * is finite (X, and each ReLU layer's kept rows, whose largest value is then finite), else
   * −1. Its dZ is all +0 (the ReLU's mask zeroes every row), so every gradient at or below it
   * is +0: finite weights times +0 summed from +0, times finite inputs (see {@link #backward}).
   */
  #deadLayerAboveFinite(): number {
    const allDead = this.#allDead;
    for (let top = this.layers.length - 2; top >= 0; top--) {
      if (allDead[top] === 0) continue;
      let finite = true;
      for (let r = 0; r < this.#xMax.length && finite; r++) {
        finite = Number.isFinite(this.#xMax[r]) && Number.isFinite(this.#xMin[r]);
      }
      for (let l = 0; l < top && finite; l++) {
        if (this.layers[l]!.kind !== "relu") {
          finite = false;
          break;
        }
        this.#ensureRowMax(l);
        for (let r = 0; r < this.#count[l]! && finite; r++) {
          finite = Number.isFinite(this.#rowMax[l]![r]);
        }
      }
      if (finite) return top;
    }
    return -1;
  }

  /**
   * How many units of each layer the last forward pass kept: for a hidden ReLU layer, its
   * units whose output is not 0 for every sample (at least 1, see
   * {@link FusedTrainerOptions.skipDeadUnits}); for every other layer, its width.
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.liveUnits(); // e.g. [23, 36, 31, 12, 1] for 2-25-50-50-25-1 early in training
   * ```
   */
  liveUnits(): number[] {
    return Array.from(this.#count);
  }

  /**
   * How many units of each layer the last forward pass did not compute at all: hidden ReLU
   * units dead in the pass before (all-+0 output rows, so their weights got zero gradients)
   * that a bound on their inputs proved dead again (see {@link FusedTrainerOptions.skipDeadUnits}).
   * They count among the dead units of {@link liveUnits}.
   *
   * @example
   * ```ts
   * trainer.epoch(0, 0.01);
   * trainer.epoch(1, 0.01);
   * trainer.provenDeadUnits(); // e.g. [1, 1, 3, 4, 0] for the seed notebook's 2-4-6-6-4-1
   * ```
   */
  provenDeadUnits(): number[] {
    return Array.from(this.#skipped);
  }

  /**
   * Finds the `rows` computed rows of a ReLU layer's output (units `cand`, null: 0 .. rows − 1)
   * that are not all +0 (a NaN row counts as live), records their units in `#alive` and in
   * `#dead`, moves them up into a contiguous block and returns how many there are. At least one
   * row is kept (an all-+0 one when every unit is dead), since products need an inner size of
   * at least 1.
   */
  #compactRows(L: LayerPlan, l: number, rows: number, cand: Int32Array | null): number {
    const k = this.kernels;
    const h = k.heap();
    const m = this.samples;
    const alive = this.#alive[l]!;
    const dead = this.#dead[l]!;
    for (let u = 0; u < L.outputs; u++) dead[u] = 1;
    const probe = Math.min(m, PROBE);
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const row = L.A + r * m;
      // A live row usually shows a nonzero value within its first few; past those, the kernel
      // set's `zeros` decides: a ReLU output is +0, positive or NaN, so a row is all +0
      // exactly when every value equals 0.
      let j = 0;
      while (j < probe && h[row + j] === 0) j++;
      if (j === probe && k.zeros(row + probe, m - probe)) continue;
      if (n !== r) h.copyWithin(L.A + n * m, row, row + m);
      const unit = cand === null ? r : (cand[r] as number);
      alive[n++] = unit;
      dead[unit] = 0;
    }
    this.#allDead[l] = n === 0 ? 1 : 0;
    this.#deadCount[l] = L.outputs - n;
    if (n === 0) {
      if (rows === 0) h.fill(0, L.A, L.A + m);
      alive[n++] = 0;
    }
    return n;
  }

  /**
   * Copies `W[rows, cols]` of layer `L` into the gather buffer as a row-major
   * `rowCount x colCount` matrix (`rows` null: every row).
   */
  #gatherW(
    L: LayerPlan,
    rowCount: number,
    rows: Int32Array | null,
    colCount: number,
    cols: Int32Array | null,
  ): void {
    const h = this.kernels.heap();
    const g = this.#gather;
    const width = L.inputs;
    for (let r = 0; r < rowCount; r++) {
      const src = L.W + (rows === null ? r : rows[r]!) * width;
      const dst = g + r * colCount;
      if (cols === null) {
        h.copyWithin(dst, src, src + width);
      } else {
        for (let c = 0; c < colCount; c++) h[dst + c] = h[src + cols[c]!] as number;
      }
    }
  }

  /**
   * Whether every weight is finite (a skipped product is an exact zero only then): one sum over
   * every W and b. A finite sum means every value is; an infinite one may also be a float64
   * overflow of finite values, which only turns skipping off for the epoch (the dense pass
   * gives the same bits).
   */
  #weightsFinite(): boolean {
    const [at, n] = this.#paramsSpan;
    return Number.isFinite(this.kernels.sum(at, n));
  }

  /**
   * Cost of the current output (the reference loss's exact expressions and pairwise sums) and
   * the number of samples predicted right. Run {@link forward} first.
   *
   * @example
   * ```ts
   * trainer.forward();
   * const { cost, correct } = trainer.evaluate();
   * ```
   */
  evaluate(): FusedEvaluation {
    const last = this.layers[this.layers.length - 1]!;
    const rows = last.outputs;
    const m = this.samples;
    const loss = this.loss;
    let cost: number;
    if (loss.name === "binaryCrossEntropy" && this.kernels.bceSum !== undefined) {
      // −0: the neutral element of addition (bceSum is pos + neg already).
      cost = loss.cost(this.kernels.bceSum(last.A, this.Y, rows * m), -0, rows, m);
    } else {
      const sums = this.#sums;
      this.#costSums(sums, 0);
      cost = loss.cost(sums[0] as number, sums[1] as number, rows, m);
    }
    const correct = this.#countCorrect();
    return { cost, correct };
  }

  /**
   * The two pairwise sums of the loss's cost terms of the current output, into `out[at]` and
   * `out[at + 1]`, and the number of samples predicted right. For binary cross-entropy they are
   * `Σ t·log(clip(ŷ))` and `Σ (1 − t)·log(1 − clip(ŷ))`, and the cost is `−(pos + neg) / m`;
   * for mean squared error `Σ (ŷ − t)²` and 0, and the cost is `pos / (rows·m)`. A thread of
   * parallel training whose samples are one node of the whole batch's pairwise-sum tree sends
   * these, and the sums of the tree's nodes give the full batch's cost bit for bit.
   *
   * @example
   * ```ts
   * trainer.forward();
   * const correct = trainer.costSumsInto(out, 0); // out[0] + out[1]: the undivided sums
   * ```
   */
  costSumsInto(out: Float64Array, at: number): number {
    this.#costSums(out, at);
    return this.#countCorrect();
  }

  /** The loss's two pairwise sums of the current output (see {@link costSumsInto}). */
  #costSums(out: Float64Array, at: number): void {
    const k = this.kernels;
    const last = this.layers[this.layers.length - 1]!;
    const n = last.outputs * this.samples;
    const P = last.A;
    const Y = this.Y;
    if (this.loss.name === "binaryCrossEntropy" && k.bceSums !== undefined) {
      k.bceSums(P, Y, n, out, at);
      return;
    }
    if (this.#posTerms !== NONE) {
      k.bceTerms!(P, Y, n, this.#posTerms, this.#negTerms);
      out[at] = k.sum(this.#posTerms, n);
      out[at + 1] = k.sum(this.#negTerms, n);
      return;
    }
    const h = k.heap();
    const terms = this.terms;
    const pos = this.loss.pos;
    const neg = this.loss.neg;
    if (neg !== null) {
      const terms2 = this.terms2;
      for (let q = 0; q < n; q++) {
        const t = h[Y + q] as number;
        const p = h[P + q] as number;
        terms[q] = pos(t, p);
        terms2[q] = neg(t, p);
      }
      out[at] = heapPairwiseSum(terms, 0, n);
      out[at + 1] = heapPairwiseSum(terms2, 0, n);
      return;
    }
    for (let q = 0; q < n; q++) terms[q] = pos(h[Y + q] as number, h[P + q] as number);
    out[at] = heapPairwiseSum(terms, 0, n);
    out[at + 1] = 0;
  }

  /**
   * Samples of the current data whose thresholded outputs (> 0.5 → 1) all equal their
   * targets: the reference's accuracy count.
   */
  #countCorrect(): number {
    const k = this.kernels;
    const last = this.layers[this.layers.length - 1]!;
    const rows = last.outputs;
    const m = this.#samples;
    const P = last.A;
    const Y = this.Y;
    if (k.countCorrect !== undefined) return k.countCorrect(P, Y, rows, m);
    const h = k.heap();
    let correct = 0;
    for (let j = 0; j < m; j++) {
      let all = true;
      for (let i = 0; i < rows; i++) {
        const cls = (h[P + i * m + j] as number) > 0.5 ? 1 : 0;
        if (cls !== h[Y + i * m + j]) {
          all = false;
          break;
        }
      }
      if (all) correct++;
    }
    return correct;
  }

  /**
   * Backward pass into dW and db of every layer (parameters unchanged); run {@link forward}
   * first.
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.backward();
   * const grads = trainer.gradients();
   * ```
   */
  backward(): void {
    this.#backward(this.#samples);
  }

  /**
   * Backward pass leaving the undivided sums `dZ·A_prevᵀ` and `Σ_samples dZ` in dW and db
   * (what data-parallel training adds across shards before dividing by the total count).
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.backwardSums();
   * trainer.gradientsInto(flat, 0);
   * ```
   */
  backwardSums(): void {
    this.#backward(1);
  }

  /**
   * Returns the {@link nonFiniteGradient} result when it had to compute it (after a compacted
   * pass whose gradients are all finite: null), or undefined when it did not.
   */
  #backward(divisor: number): null | undefined {
    const k = this.kernels;
    const m = this.samples;
    const layers = this.layers;
    const last = layers.length - 1;
    let h = k.heap();
    const hasDWdb = k.dWdb !== undefined;
    // Output layer: dZ = g'(Z) ⊙ dL/dA, the loss gradient and the derivative in one pass.
    {
      const L = layers[last]!;
      const n = L.outputs * m;
      // From the output A (no second exp): the table's derivative from the output.
      const back = L.op.backwardFromOutput;
      const P = L.A;
      const Y = this.Y;
      if (
        this.loss.name === "binaryCrossEntropy" &&
        L.op.name === "sigmoid" &&
        k.bceSigmoidDz !== undefined
      ) {
        k.bceSigmoidDz(P, Y, L.dZ, n);
      } else {
        const gradient = this.loss.gradient;
        const rows = L.outputs;
        for (let q = 0; q < n; q++) {
          const p = h[P + q] as number;
          h[L.dZ + q] = back(gradient(h[Y + q] as number, p, rows), p);
        }
      }
    }
    const count = this.#count;
    const alive = this.#alive;
    const zeroFrom = this.#zeroFrom;
    let compacted = false;
    for (let l = last; l >= 0; l--) {
      if (l <= zeroFrom) {
        // Every gradient from here down is +0 (see #deadLayerAboveFinite).
        const top = layers[zeroFrom]!;
        h = k.heap();
        h.fill(0, this.#gradsSpan[0], top.db + top.outputs);
        compacted = true;
        break;
      }
      const L = layers[l]!;
      const { inputs: i, outputs: o } = L;
      // Live units of this layer (rows of dZ) and of its input (rows of A_prev): all of them
      // unless the forward pass compacted dead ReLU units away.
      const oc = count[l]!;
      const ic = l > 0 ? count[l - 1]! : i;
      if (oc < o || ic < i) compacted = true;
      // dA_prev = Wᵀ·dZ first (it needs this layer's W; dW does not touch it); not needed
      // below a layer whose gradients are all +0.
      if (l > 0) {
        const P = layers[l - 1]!;
        if (l - 1 > zeroFrom) {
          let W = L.W;
          if (oc < o || ic < i) {
            this.#gatherW(L, oc, oc < o ? alive[l]! : null, ic, ic < i ? alive[l - 1]! : null);
            W = this.#gather;
          }
          if (P.kind === "relu") {
            k.gemm(W, 1, ic, L.dZ, P.dZ, ic, oc, m, P.backwardEpilogue);
          } else if (P.kind === "linear") {
            k.gemm(W, 1, ic, L.dZ, P.dZ, ic, oc, m);
          } else {
            k.gemm(W, 1, ic, L.dZ, P.dA, ic, oc, m);
            h = k.heap();
            const back = P.op.backwardFromOutput;
            const src = P.A;
            const end = i * m;
            for (let q = 0; q < end; q++) {
              h[P.dZ + q] = back(h[P.dA + q] as number, h[src + q] as number);
            }
          }
        }
        if (!hasDWdb) k.transpose(P.A, L.inputT, ic, m);
      }
      // dW = dZ·A_prevᵀ / m, db = Σ_samples dZ / m (over the live rows and columns).
      // With dWdb, one pass computes both (the compacted db into the gather buffer, which the
      // product above no longer needs).
      const dbAt = oc < o ? this.#gather : L.db;
      if (hasDWdb) {
        k.dWdb!(L.dZ, this.inputOf(l), L.dW, dbAt, oc, ic, m);
      } else {
        k.gemm(L.dZ, m, 1, L.inputT, L.dW, oc, m, ic);
      }
      h = k.heap();
      const nW = oc * ic;
      if (divisor !== 1) {
        for (let q = 0; q < nW; q++) h[L.dW + q] = (h[L.dW + q] as number) / divisor;
      }
      if (oc < o || ic < i) {
        this.#expandDW(L, oc, oc < o ? alive[l]! : null, ic, ic < i ? alive[l - 1]! : null);
      }
      if (oc < o) {
        const rows = alive[l]!;
        const sums = this.#dbScratch;
        for (let r = 0; r < oc; r++) {
          sums[r] = (hasDWdb ? (h[dbAt + r] as number) : k.sum(L.dZ + r * m, m)) / divisor;
        }
        h.fill(0, L.db, L.db + o);
        for (let r = 0; r < oc; r++) h[L.db + rows[r]!] = sums[r] as number;
      } else if (!hasDWdb) {
        for (let r = 0; r < o; r++) h[L.db + r] = k.sum(L.dZ + r * m, m) / divisor;
      } else if (divisor !== 1) {
        for (let r = 0; r < o; r++) h[L.db + r] = (h[L.db + r] as number) / divisor;
      }
    }
    // A skipped product is 0 times a weight (finite: forward checked), an input value or a dZ
    // value. Were one of those not finite, a kept row or column meets it too (at least one of
    // each is kept), so some gradient is not finite: then recompute the dense way, so the
    // divergence report is the same bits as without skipping.
    if (!compacted) return undefined;
    if (this.nonFiniteGradient() === null) return null;
    // Forward and backward again without skipping dead units.
    this.#forward(false);
    return this.#backward(divisor);
  }

  /**
   * Spreads the compacted `oc x ic` dW (rows `rows`, columns `cols`, null: all) over the full
   * `outputs x inputs` layout in place, with +0 for the dead rows and columns (what the dense
   * product gives there). Walks backwards, so no value is overwritten before it is read.
   */
  #expandDW(
    L: LayerPlan,
    oc: number,
    rows: Int32Array | null,
    ic: number,
    cols: Int32Array | null,
  ): void {
    const h = this.kernels.heap();
    const { inputs: i, outputs: o } = L;
    let r = oc - 1;
    for (let full = o - 1; full >= 0; full--) {
      const dst = L.dW + full * i;
      if (r < 0 || (rows === null ? full : rows[r]) !== full) {
        h.fill(0, dst, dst + i);
        continue;
      }
      const src = L.dW + r * ic;
      let c = ic - 1;
      for (let col = i - 1; col >= 0; col--) {
        if (c >= 0 && (cols === null ? col : cols[c]) === col) {
          h[dst + col] = h[src + c] as number;
          c--;
        } else {
          h[dst + col] = 0;
        }
      }
      r--;
    }
  }

  /**
   * Number of parameters (every W, then b, layer by layer: the flat layout of
   * {@link setParamsFlat} and {@link gradientsInto}).
   *
   * @example
   * ```ts
   * trainer.parameterCount; // 4101 for 2-25-50-50-25-1
   * ```
   */
  get parameterCount(): number {
    let n = 0;
    for (const L of this.layers) n += L.outputs * L.inputs + L.outputs;
    return n;
  }

  /**
   * Copies parameters in from a flat array (layer by layer, W row-major then b).
   *
   * @example
   * ```ts
   * trainer.setParamsFlat(flat, 0);
   * ```
   */
  setParamsFlat(src: Float64Array, offset: number): void {
    const h = this.kernels.heap();
    let o = offset;
    // Plain loops (parallel training calls this every epoch: no subarray views to allocate).
    for (const L of this.layers) {
      const nW = L.outputs * L.inputs;
      for (let q = 0; q < nW; q++) h[L.W + q] = src[o + q] as number;
      o += nW;
      for (let q = 0; q < L.outputs; q++) h[L.b + q] = src[o + q] as number;
      o += L.outputs;
    }
  }

  /**
   * Copies the last backward pass's dW and db out into a flat array (layout as
   * {@link setParamsFlat}).
   *
   * @example
   * ```ts
   * trainer.gradientsInto(flat, 0);
   * ```
   */
  gradientsInto(out: Float64Array, offset: number): void {
    const h = this.kernels.heap();
    let o = offset;
    for (const L of this.layers) {
      const nW = L.outputs * L.inputs;
      // Plain loops, as setParamsFlat (a float32 value widens exactly).
      for (let q = 0; q < nW; q++) out[o + q] = h[L.dW + q] as number;
      o += nW;
      for (let q = 0; q < L.outputs; q++) out[o + q] = h[L.db + q] as number;
      o += L.outputs;
    }
  }

  /**
   * Copies the current parameters out into a flat array (layout as {@link setParamsFlat}).
   *
   * @example
   * ```ts
   * trainer.paramsInto(flat, 0);
   * ```
   */
  paramsInto(out: Float64Array, offset: number): void {
    const h = this.kernels.heap();
    let o = offset;
    for (const L of this.layers) {
      const nW = L.outputs * L.inputs;
      for (let q = 0; q < nW; q++) out[o + q] = h[L.W + q] as number;
      o += nW;
      for (let q = 0; q < L.outputs; q++) out[o + q] = h[L.b + q] as number;
      o += L.outputs;
    }
  }

  /**
   * How many values of the current output are saturated at the output activation's bound (the
   * divergence detector's count), read in place after {@link forward}.
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.saturatedOutputs(detector); // 0 for a healthy network
   * ```
   */
  saturatedOutputs(detector: DivergenceDetector): number {
    const L = this.layers[this.layers.length - 1]!;
    return detector.countSaturated(this.kernels.heap(), L.A, L.A + L.outputs * this.#samples);
  }

  /**
   * Writes the loss's per-element cost terms of the current output into `pos` (and `neg` for
   * binary cross-entropy: the `(1 − y)·log(1 − ŷ)` terms) at the columns `column ..` of a
   * `rows x stride` layout, and returns the number of samples predicted right. Summing the
   * terms of every shard pairwise gives the full batch's cost bit for bit.
   *
   * @example
   * ```ts
   * const correct = trainer.costTermsInto(pos, neg, 900, 450);
   * ```
   */
  costTermsInto(pos: Float64Array, neg: Float64Array, stride: number, column: number): number {
    const last = this.layers[this.layers.length - 1]!;
    const rows = last.outputs;
    const m = this.#samples;
    const P = last.A;
    const Y = this.Y;
    const { pos: posTerm, neg: negTerm } = this.loss;
    const kernelTerms = this.#posTerms !== NONE;
    if (kernelTerms) this.kernels.bceTerms!(P, Y, rows * m, this.#posTerms, this.#negTerms);
    const h = this.kernels.heap();
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < m; j++) {
        const q = i * m + j;
        const at = i * stride + column + j;
        const t = h[Y + q] as number;
        if (kernelTerms) {
          pos[at] = h[this.#posTerms + q] as number;
          neg[at] = h[this.#negTerms + q] as number;
        } else {
          const p = h[P + q] as number;
          pos[at] = posTerm(t, p);
          if (negTerm !== null) neg[at] = negTerm(t, p);
        }
      }
    }
    const correct = this.#countCorrect();
    return correct;
  }

  /**
   * The gradients of the last {@link backward}, copied out as float64 matrices.
   *
   * @example
   * ```ts
   * trainer.gradients()[0].dW.shape; // [25, 2]
   * ```
   */
  gradients(): Grads<Matrix> {
    const h = this.kernels.heap();
    return this.layers.map(
      (L): LayerGrads<Matrix> => ({
        dW: new Matrix(
          L.outputs,
          L.inputs,
          Float64Array.from(h.subarray(L.dW, L.dW + L.outputs * L.inputs)),
        ),
        db: new Matrix(L.outputs, 1, Float64Array.from(h.subarray(L.db, L.db + L.outputs))),
      }),
    );
  }

  /**
   * The first layer whose gradient is not finite, as `[layer, Σ dW + Σ db]` (the reference's
   * check), or `null` when all are finite.
   *
   * @example
   * ```ts
   * trainer.nonFiniteGradient(); // null
   * ```
   */
  nonFiniteGradient(): [number, number] | null {
    const k = this.kernels;
    // float32 values cannot overflow a float64 sum (each is below 2^128), so in float32 one
    // finite sum over every dW and db shows every layer's sum finite.
    if (k.dtype === "float32" && Number.isFinite(k.sum(this.#gradsSpan[0], this.#gradsSpan[1]))) {
      return null;
    }
    for (let l = 0; l < this.layers.length; l++) {
      const L = this.layers[l]!;
      const s = k.sum(L.dW, L.outputs * L.inputs) + k.sum(L.db, L.outputs);
      if (!Number.isFinite(s)) return [l, s];
    }
    return null;
  }

  /**
   * One epoch of full-batch gradient descent, in place: forward, cost and accuracy (before the
   * update, as the notebook), backward, then `W ← W − η·dW`, `b ← b − η·db`. A non-finite
   * cost or gradient throws a {@link TrainingDivergedError} before any parameter changes, and so
   * does `check` (called with the cost and the number of samples predicted right, after the
   * forward pass) when it throws.
   *
   * @example
   * ```ts
   * for (let e = 0; e < 100; e++) trainer.epoch(e, 0.01);
   * ```
   */
  epoch(
    epoch: number,
    learningRate: number,
    check?: (cost: number, correct: number) => void,
  ): FusedEpochStats {
    this.forward();
    const { cost, correct } = this.evaluate();
    if (!Number.isFinite(cost)) throw new TrainingDivergedError(epoch, -1, "cost", cost);
    // The caller's divergence checks see the output before anything changes (may throw).
    check?.(cost, correct);
    // The backward pass has already checked a compacted pass's gradients (null: all finite).
    const bad = this.#backward(this.#samples) ?? this.nonFiniteGradient();
    if (bad !== null) throw new TrainingDivergedError(epoch, bad[0], "gradient", bad[1]);
    const h = this.kernels.heap();
    const alpha = -learningRate;
    // The W/b block and the dW/db block have the same layout (the same allocations in the same
    // order), so one loop updates every parameter; the gaps hold +0 in both and stay +0
    // (−η·(+0) + (+0) = +0).
    const [P, n] = this.#paramsSpan;
    const G = this.#gradsSpan[0];
    for (let q = 0; q < n; q++) h[P + q] = alpha * (h[G + q] as number) + (h[P + q] as number);
    return { cost, accuracy: correct / this.#samples };
  }
}
