import type { Architecture } from "../architecture.ts";
import type { Kernels } from "./kernels.ts";
import type { LayerPlan } from "./plan.ts";

/** Values of a ReLU output row the dead-unit scan reads one by one before it sums the rest. */
const PROBE = 16;
/** Most forward passes a layer skips its dead-unit proofs after attempts that proved nothing. */
const PROOF_WAIT_MAX = 64;

/**
 * The fused trainer's record of dead ReLU units and its proofs (see `FusedTrainer`): which
 * units of each layer the last forward pass kept (`alive`, `count`), which were dead, which a
 * bound on their inputs proved dead without computing them (`skipped`), and the hidden layer
 * below which every gradient is +0 (`zeroFrom`). Every array is allocated once, for the
 * architecture's widths.
 *
 * @example
 * ```ts
 * const units = new DeadUnits(arch, kernels, plan.layers);
 * units.setInputRanges(plan.X, 2, 900);
 * ```
 */
export class DeadUnits {
  readonly kernels: Kernels;
  readonly layers: readonly LayerPlan[];
  /** Samples of the current data (set with {@link setInputRanges}). */
  samples = 0;
  /** Per layer: its units whose output row is not all zero, ascending (the first `count[l]`). */
  readonly alive: Int32Array[];
  /** Per layer: how many units the last forward pass kept (its width when none is skipped). */
  readonly count: Int32Array;
  /** Per layer: 1 for each unit whose output row was all +0 in the last compacted pass. */
  readonly dead: Uint8Array[];
  /** Per layer: how many of `dead` are 1. */
  readonly deadCount: Int32Array;
  /** Per layer: the largest value of each of its kept output rows (`count[l]`, in order),
   * valid where `maxDone[l]` is 1 (reset at each forward pass). */
  readonly rowMax: Float64Array[];
  readonly maxDone: Uint8Array;
  /** The units a forward pass computes for a layer, when it proves others dead. */
  readonly cand: Int32Array;
  /** Each input feature's largest and smallest value in the current data (bounds for layer 0),
   * taken when a proof first needs them after {@link setInputRanges}. */
  readonly xMax: Float64Array;
  readonly xMin: Float64Array;
  /** Where the current data's X is (features x samples), and whether `xMax`/`xMin` still
   * describe older data. */
  #rangesX = 0;
  #rangesRows = 0;
  #rangesStale = false;
  /** The hidden layer all of whose units are dead, above layers whose inputs are all finite
   * (see `FusedTrainer`'s backward pass), or −1. */
  zeroFrom = -1;
  /** Per layer: how many units the last forward pass proved dead and did not compute. */
  readonly skipped: Int32Array;
  /** Per layer: 1 when every unit was dead in the last compacted pass. */
  readonly allDead: Uint8Array;
  /** Per layer: passes to go before the next attempt at proofs, and the last wait (doubled,
   * up to {@link PROOF_WAIT_MAX}, after each attempt that proves nothing; 0 after a success). */
  readonly proofWait: Int32Array;
  readonly proofBackoff: Int32Array;

  /**
   * The record for the planned layers of `arch`: every unit alive, none proven dead.
   *
   * @example
   * ```ts
   * new DeadUnits(arch, kernels, plan.layers);
   * ```
   */
  constructor(arch: Architecture, kernels: Kernels, layers: readonly LayerPlan[]) {
    this.kernels = kernels;
    this.layers = layers;
    const widest = Math.max(...arch.map((layer) => layer.outputDim));
    this.alive = arch.map((layer) => Int32Array.from({ length: layer.outputDim }, (_, r) => r));
    this.count = Int32Array.from(arch, (layer) => layer.outputDim);
    this.dead = arch.map((layer) => new Uint8Array(layer.outputDim));
    this.deadCount = new Int32Array(arch.length);
    this.rowMax = arch.map((layer) => new Float64Array(layer.outputDim));
    this.maxDone = new Uint8Array(arch.length);
    this.allDead = new Uint8Array(arch.length);
    this.skipped = new Int32Array(arch.length);
    this.proofWait = new Int32Array(arch.length);
    this.proofBackoff = new Int32Array(arch.length);
    this.cand = new Int32Array(widest);
    this.xMax = new Float64Array(arch[0]!.inputDim);
    this.xMin = new Float64Array(arch[0]!.inputDim);
  }

  /**
   * Records the current data's size and where its X is (`rows` features x `m` samples): each
   * feature's range as stored (float32 values in a float32 heap), the bounds of layer 0's
   * proofs, NaN where a value is NaN. The ranges are taken when a proof or
   * {@link deadLayerAboveFinite} first reads them (most batches need none: only a layer-0 unit
   * that was dead in the pass before is ever proven dead), so X must not change until the next
   * call.
   *
   * @example
   * ```ts
   * units.setInputRanges(plan.X, X.rows, X.cols);
   * ```
   */
  setInputRanges(X: number, rows: number, m: number): void {
    this.samples = m;
    this.#rangesX = X;
    this.#rangesRows = rows;
    this.#rangesStale = true;
  }

  /** Takes `xMax` and `xMin` of the data {@link setInputRanges} recorded, once per data. */
  #ensureInputRanges(): void {
    if (!this.#rangesStale) return;
    this.#rangesStale = false;
    const h = this.kernels.heap();
    const X = this.#rangesX;
    const m = this.samples;
    for (let r = 0; r < this.#rangesRows; r++) {
      let hi = Number.NEGATIVE_INFINITY;
      let lo = Number.POSITIVE_INFINITY;
      for (let q = X + r * m; q < X + (r + 1) * m; q++) {
        const v = h[q] as number;
        hi = Math.max(hi, v);
        lo = Math.min(lo, v);
      }
      this.xMax[r] = hi;
      this.xMin[r] = lo;
    }
  }

  /**
   * Starts a forward pass: no row maxima taken yet, no layer known all dead.
   *
   * @example
   * ```ts
   * units.beginPass();
   * ```
   */
  beginPass(): void {
    this.maxDone.fill(0);
    this.zeroFrom = -1;
  }

  /**
   * How many units of hidden ReLU layer `l` the forward pass computes, their indices in
   * `cand` when fewer than all. A unit whose output row was all +0 in the last compacted pass
   * (its weights then got zero gradients) is skipped when a bound proves its row all +0 again:
   * with every input feature `r` in `[lo_r, hi_r]` (X's range, or `[0, max]` of a ReLU row),
   * `b + Σ_r (w_r ≥ 0 ? w_r·hi_r : w_r·lo_r)` bounds every `z` from above, and it stays at or
   * below 0 with a margin far above the rounding of any summation order (float32 or float64,
   * fused or not): so every computed `z ≤ 0` and the ReLU gives +0, as the product would.
   *
   * @example
   * ```ts
   * const rows = units.unitsToCompute(L, l, inCount, cols);
   * ```
   */
  unitsToCompute(L: LayerPlan, l: number, inCount: number, cols: Int32Array | null): number {
    const o = L.outputs;
    const dead = this.dead[l]!;
    if (this.deadCount[l] === 0) return o;
    // Where the bounds keep failing (units die and revive on their inputs' edge, as in a wide
    // network later in training), the row maxima they need are not worth taking every pass.
    if (this.proofWait[l]! > 0) {
      this.proofWait[l]!--;
      return o;
    }
    if (l > 0) {
      // Bounds of the input rows: a ReLU layer's outputs are at least 0 (or NaN: no proof).
      if (this.layers[l - 1]!.kind !== "relu") return o;
      this.#ensureRowMax(l - 1);
    } else this.#ensureInputRanges();
    const cand = this.cand;
    let n = 0;
    for (let j = 0; j < o; j++) {
      if (dead[j] === 0 || !this.#provenDead(L, l, j, inCount, cols)) cand[n++] = j;
    }
    const backoff = n < o ? 0 : Math.min(Math.max(1, 2 * this.proofBackoff[l]!), PROOF_WAIT_MAX);
    this.proofBackoff[l] = backoff;
    this.proofWait[l] = backoff;
    return n;
  }

  /** Whether the bound of {@link unitsToCompute} proves unit `j` of layer `l` dead. */
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
    const his = first ? this.xMax : this.rowMax[l - 1]!;
    let bound = b;
    let scale = Math.abs(b);
    for (let r = 0; r < inCount; r++) {
      const w = h[row + (cols === null ? r : cols[r]!)] as number;
      const hi = his[r] as number;
      const lo = first ? (this.xMin[r] as number) : 0;
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
    if (this.maxDone[l] === 1) return;
    const k = this.kernels;
    const m = this.samples;
    const A = this.layers[l]!.A;
    const max = this.rowMax[l]!;
    for (let r = 0; r < this.count[l]!; r++) max[r] = k.max(A + r * m, m);
    this.maxDone[l] = 1;
  }

  /**
   * The highest hidden layer whose units were all dead in this pass, when every value below it
   * is finite (X, and each ReLU layer's kept rows, whose largest value is then finite), else
   * −1. Its dZ is all +0 (the ReLU's mask zeroes every row), so every gradient at or below it
   * is +0: finite weights times +0 summed from +0, times finite inputs (see `FusedTrainer`'s backward pass).
   *
   * @example
   * ```ts
   * units.zeroFrom = units.deadLayerAboveFinite();
   * ```
   */
  deadLayerAboveFinite(): number {
    const allDead = this.allDead;
    for (let top = this.layers.length - 2; top >= 0; top--) {
      if (allDead[top] === 0) continue;
      this.#ensureInputRanges();
      let finite = true;
      for (let r = 0; r < this.xMax.length && finite; r++) {
        finite = Number.isFinite(this.xMax[r]) && Number.isFinite(this.xMin[r]);
      }
      for (let l = 0; l < top && finite; l++) {
        if (this.layers[l]!.kind !== "relu") {
          finite = false;
          break;
        }
        this.#ensureRowMax(l);
        for (let r = 0; r < this.count[l]! && finite; r++) {
          finite = Number.isFinite(this.rowMax[l]![r]);
        }
      }
      if (finite) return top;
    }
    return -1;
  }

  /**
   * How many units of each layer the last forward pass kept: for a hidden ReLU layer, its
   * units whose output is not 0 for every sample (at least 1, see
   * `FusedTrainerOptions.skipDeadUnits`); for every other layer, its width.
   *
   * @example
   * ```ts
   * trainer.forward();
   * trainer.liveUnits(); // e.g. [23, 36, 31, 12, 1] for 2-25-50-50-25-1 early in training
   * ```
   */
  liveUnits(): number[] {
    return Array.from(this.count);
  }

  /**
   * How many units of each layer the last forward pass did not compute at all: hidden ReLU
   * units dead in the pass before (all-+0 output rows, so their weights got zero gradients)
   * that a bound on their inputs proved dead again (see `FusedTrainerOptions.skipDeadUnits`).
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
    return Array.from(this.skipped);
  }

  /**
   * Finds the `rows` computed rows of a ReLU layer's output (units `cand`, null: 0 .. rows − 1)
   * that are not all +0 (a NaN row counts as live), records their units in `alive` and in
   * `dead`, moves them up into a contiguous block and returns how many there are. At least one
   * row is kept (an all-+0 one when every unit is dead), since products need an inner size of
   * at least 1.
   *
   * @example
   * ```ts
   * count[l] = units.compactRows(L, l, rows, cand);
   * ```
   */
  compactRows(L: LayerPlan, l: number, rows: number, cand: Int32Array | null): number {
    const k = this.kernels;
    const h = k.heap();
    const m = this.samples;
    const alive = this.alive[l]!;
    const dead = this.dead[l]!;
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
    this.allDead[l] = n === 0 ? 1 : 0;
    this.deadCount[l] = L.outputs - n;
    if (n === 0) {
      if (rows === 0) h.fill(0, L.A, L.A + m);
      alive[n++] = 0;
    }
    return n;
  }
}
