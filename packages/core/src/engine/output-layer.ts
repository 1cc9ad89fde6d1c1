import type { DivergenceDetector } from "../divergence.ts";
import { type Kernels, NONE } from "./kernels.ts";
import { CLASS_THRESHOLD, type FusedLoss } from "./ops.generated.ts";
import { heapPairwiseSum } from "./pairwise.ts";
import type { BufferPlan, LayerPlan } from "./plan.ts";
import {
  type AccuracyRule,
  argmaxCorrect,
  softmaxBackwardInPlace,
  softmaxSteps,
} from "./softmax.ts";

/** Cost of the current output and the number of samples predicted right (by the trainer's {@link AccuracyRule}). */
export interface FusedEvaluation {
  readonly cost: number;
  readonly correct: number;
}

/**
 * The fused trainer's output layer: the loss's cost (the table's per-element terms and the
 * reference's pairwise sums), the accuracy count and the output gradient `dZ`, over the last
 * layer's output `A` and the targets `Y` of a {@link BufferPlan}, for the current `m` samples.
 * Where the kernel set has its own output-layer kernels (a sigmoid under binary cross-entropy
 * in WebAssembly, the float32 sets' cost terms) they compute the same values; otherwise
 * TypeScript loops call the table's functions.
 *
 * @example
 * ```ts
 * const out = new OutputLayer(kernels, plan, fusedLosses.binaryCrossEntropy);
 * const { cost, correct } = out.evaluate(900);
 * ```
 */
export class OutputLayer {
  readonly #k: Kernels;
  readonly #L: LayerPlan;
  readonly #Y: number;
  readonly #loss: FusedLoss;
  readonly #accuracy: AccuracyRule;
  readonly #posTerms: number;
  readonly #negTerms: number;
  /** The cost's terms where no kernel computes them. */
  readonly #terms: Float64Array;
  readonly #terms2: Float64Array;
  /** The two cost sums of {@link evaluate} where no kernel adds them. */
  readonly #sums: Float64Array = new Float64Array(2);

  /**
   * The output layer of a plan (its terms' buffers sized for the plan's capacity `samples`),
   * counting correct samples by `accuracy`.
   *
   * @example
   * ```ts
   * new OutputLayer(kernels, plan, fusedLosses.meanSquaredError, 900, "threshold");
   * ```
   */
  constructor(
    kernels: Kernels,
    plan: BufferPlan,
    loss: FusedLoss,
    samples: number,
    accuracy: AccuracyRule = "threshold",
  ) {
    this.#k = kernels;
    this.#L = plan.layers[plan.layers.length - 1]!;
    this.#Y = plan.Y;
    this.#loss = loss;
    this.#accuracy = accuracy;
    this.#posTerms = plan.posTerms;
    this.#negTerms = plan.negTerms;
    const outputs = this.#L.outputs * samples;
    this.#terms = new Float64Array(outputs);
    this.#terms2 = new Float64Array(outputs);
  }

  /**
   * Cost of the current output and the number of samples predicted right.
   *
   * @example
   * ```ts
   * const { cost, correct } = out.evaluate(m);
   * ```
   */
  evaluate(m: number): FusedEvaluation {
    const L = this.#L;
    const rows = L.outputs;
    const loss = this.#loss;
    let cost: number;
    if (loss.name === "binaryCrossEntropy" && this.#k.bceSum !== undefined) {
      // −0: the neutral element of addition (bceSum is pos + neg already).
      cost = loss.cost(this.#k.bceSum(L.A, this.#Y, rows * m), -0, rows, m);
    } else {
      const sums = this.#sums;
      this.costSums(sums, 0, m);
      cost = loss.cost(sums[0] as number, sums[1] as number, rows, m);
    }
    return { cost, correct: this.countCorrect(m) };
  }

  /**
   * The loss's two pairwise sums of the current output into `out[at]` and `out[at + 1]`
   * (one sum: the second is 0).
   *
   * @example
   * ```ts
   * out.costSums(sums, 0, m);
   * ```
   */
  costSums(out: Float64Array, at: number, m: number): void {
    const k = this.#k;
    const n = this.#L.outputs * m;
    const P = this.#L.A;
    const Y = this.#Y;
    if (this.#loss.name === "binaryCrossEntropy" && k.bceSums !== undefined) {
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
    const terms = this.#terms;
    const pos = this.#loss.pos;
    const neg = this.#loss.neg;
    if (neg !== null) {
      const terms2 = this.#terms2;
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
   * Samples predicted right, by the accuracy rule: every output thresholded (> 0.5 → 1) equal
   * to its target, or the output's argmax equal to the target's (the reference's counts).
   *
   * @example
   * ```ts
   * out.countCorrect(m);
   * ```
   */
  countCorrect(m: number): number {
    const k = this.#k;
    const rows = this.#L.outputs;
    const P = this.#L.A;
    const Y = this.#Y;
    if (this.#accuracy === "argmax") return argmaxCorrect(k.heap(), P, Y, rows, m);
    if (k.countCorrect !== undefined) return k.countCorrect(P, Y, rows, m);
    const h = k.heap();
    let correct = 0;
    for (let j = 0; j < m; j++) {
      let all = true;
      for (let i = 0; i < rows; i++) {
        const cls = (h[P + i * m + j] as number) > CLASS_THRESHOLD ? 1 : 0;
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
   * The output layer's `dZ = g'(Z) ⊙ dL/dA` in one pass: the table's loss gradient and the
   * activation's derivative from its output (no second `exp`). A softmax output takes the
   * loss's closed form (`ŷ − t` under categorical cross-entropy) or, without one, the loss
   * gradient into dA and softmax's Jacobian-vector product.
   *
   * @example
   * ```ts
   * out.gradient(m);
   * ```
   */
  gradient(m: number): void {
    const k = this.#k;
    const L = this.#L;
    const n = L.outputs * m;
    const P = L.A;
    const Y = this.#Y;
    if (
      this.#loss.name === "binaryCrossEntropy" &&
      L.op?.name === "sigmoid" &&
      k.bceSigmoidDz !== undefined
    ) {
      k.bceSigmoidDz(P, Y, L.dZ, n);
      return;
    }
    const h = k.heap();
    const gradient = this.#loss.gradient;
    const rows = L.outputs;
    if (L.op === null) {
      const delta = this.#loss.softmaxDelta;
      if (delta !== null) {
        for (let q = 0; q < n; q++) h[L.dZ + q] = delta(h[Y + q] as number, h[P + q] as number);
        return;
      }
      for (let q = 0; q < n; q++)
        h[L.dA + q] = gradient(h[Y + q] as number, h[P + q] as number, rows);
      softmaxBackwardInPlace(h, L.dA, P, L.dZ, rows, m, softmaxSteps(k.dtype));
      return;
    }
    const back = L.op.backwardFromOutput;
    for (let q = 0; q < n; q++) {
      const p = h[P + q] as number;
      h[L.dZ + q] = back(gradient(h[Y + q] as number, p, rows), p);
    }
  }

  /**
   * Writes the loss's per-element cost terms of the current output into `pos` (and `neg` where
   * the loss has two sums) at the columns `column ..` of a `rows x stride` layout.
   *
   * @example
   * ```ts
   * out.costTermsInto(pos, neg, 900, 450, m);
   * ```
   */
  costTermsInto(
    pos: Float64Array,
    neg: Float64Array,
    stride: number,
    column: number,
    m: number,
  ): void {
    const rows = this.#L.outputs;
    const P = this.#L.A;
    const Y = this.#Y;
    const { pos: posTerm, neg: negTerm } = this.#loss;
    const kernelTerms = this.#posTerms !== NONE;
    if (kernelTerms) this.#k.bceTerms!(P, Y, rows * m, this.#posTerms, this.#negTerms);
    const h = this.#k.heap();
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
  }

  /**
   * How many values of the current output are saturated at the output activation's bound (the
   * divergence detector's count).
   *
   * @example
   * ```ts
   * out.saturated(detector, m);
   * ```
   */
  saturated(detector: DivergenceDetector, m: number): number {
    const L = this.#L;
    return detector.countSaturated(this.#k.heap(), L.A, L.A + L.outputs * m);
  }
}
