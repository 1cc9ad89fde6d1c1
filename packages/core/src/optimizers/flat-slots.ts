import type { MatrixBackend } from "../backend.ts";
import { Matrix } from "../matrix.ts";
import type { FlatBlock } from "./flat-block.ts";
import type { Slot } from "./optimizer.ts";

/**
 * The slots of one layer, as {@link Optimizer.step} keeps them (undefined: none yet).
 *
 * @example
 * ```ts
 * const fresh: LayerSlots<Matrix> = { W: undefined, b: undefined };
 * ```
 */
export interface LayerSlots<M> {
  W: Slot<M> | undefined;
  b: Slot<M> | undefined;
}

/**
 * An optimiser's per-parameter slots in flat form: one Float64Array per slot name, every
 * parameter's values packed layer by layer, `W` then `b`, each row-major (the order of
 * {@link Optimizer.step}), whatever the order or offsets of the blocks that step them. The
 * layout (each parameter's shape) is fixed when it is made; the arrays are made once and
 * reused by every flat step. A parameter of 0 values has no slot (the single span of
 * `stepInPlace` is layer 0's `W`, `n x 1`, with no `b`).
 *
 * @example
 * ```ts
 * const flat = FlatSlots.ofBlocks(blocks);
 * flat.load("adam.stepBlocksInPlace", ["m", "v"], [], typedArrayBackend); // zeros
 * flat.arrays[0]![flat.offsetOf(blocks[0]!)]; // m of the first value of blocks[0]
 * ```
 */
export class FlatSlots {
  /** One array per slot name (empty for a stateless rule). */
  arrays: Float64Array[] = [];
  /** Number of layers of the layout. */
  readonly layers: number;
  /** Number of values of each slot array. */
  readonly total: number;
  readonly #rows: number[];
  readonly #cols: number[];
  readonly #offsets: number[];

  private constructor(rows: number[], cols: number[]) {
    this.layers = rows.length / 2;
    this.#rows = rows;
    this.#cols = cols;
    this.#offsets = [];
    let at = 0;
    for (let k = 0; k < rows.length; k++) {
      this.#offsets.push(at);
      at += (rows[k] as number) * (cols[k] as number);
    }
    this.total = at;
  }

  /**
   * The layout of checked blocks (see `checkBlocks`).
   *
   * @example
   * ```ts
   * FlatSlots.ofBlocks(blocks).total; // the number of parameters
   * ```
   */
  static ofBlocks(blocks: readonly FlatBlock[]): FlatSlots {
    const rows: number[] = new Array(blocks.length).fill(0);
    const cols: number[] = new Array(blocks.length).fill(0);
    for (const blk of blocks) {
      const k = index(blk);
      rows[k] = blk.rows;
      cols[k] = blk.cols;
    }
    return new FlatSlots(rows, cols);
  }

  /**
   * The layout of one span of `n` values: layer 0's `W` as an `n x 1` column, no `b`.
   *
   * @example
   * ```ts
   * FlatSlots.ofSpan(10).total; // 10
   * ```
   */
  static ofSpan(n: number): FlatSlots {
    return new FlatSlots([n, 0], [1, 0]);
  }

  /**
   * Whether checked blocks have this layout (the same layers and shapes).
   *
   * @example
   * ```ts
   * FlatSlots.ofBlocks(blocks).matches(blocks); // true
   * ```
   */
  matches(blocks: readonly FlatBlock[]): boolean {
    if (blocks.length !== 2 * this.layers) return false;
    for (let i = 0; i < blocks.length; i++) {
      const blk = blocks[i] as FlatBlock;
      const k = index(blk);
      if (this.#rows[k] !== blk.rows || this.#cols[k] !== blk.cols) return false;
    }
    return true;
  }

  /**
   * Whether this is the layout of one span of `n` values.
   *
   * @example
   * ```ts
   * FlatSlots.ofSpan(10).matchesSpan(10); // true
   * ```
   */
  matchesSpan(n: number): boolean {
    return this.layers === 1 && this.#rows[0] === n && this.#cols[0] === 1 && this.#rows[1] === 0;
  }

  /**
   * Offset in the slot arrays of a block's first value.
   *
   * @example
   * ```ts
   * flat.offsetOf({ layer: 0, key: "W", rows: 3, cols: 2, param: 0, grad: 9 }); // 0
   * ```
   */
  offsetOf(blk: FlatBlock): number {
    return this.#offsets[index(blk)] as number;
  }

  /**
   * Fills the arrays (made or remade at `total` values when needed) from slots in
   * {@link Optimizer.step}'s form: zeros for a parameter without a slot; a RangeError naming
   * `where` when the slots belong to another layout (another number of layers or shapes).
   *
   * @example
   * ```ts
   * flat.load("adam.stepBlocksInPlace", ["m", "v"], opt.slotsOfStep, typedArrayBackend);
   * ```
   */
  load<M>(
    where: string,
    names: readonly string[],
    slots: readonly LayerSlots<M>[],
    be: MatrixBackend<M>,
  ): void {
    if (slots.length !== 0 && slots.length !== this.layers) {
      throw new RangeError(
        `${where}: this optimiser holds state for ${slots.length} layers but this step has ${this.layers}; use a new optimiser for a different network`,
      );
    }
    const mats: (Matrix | undefined)[][] = [];
    for (let k = 0; k < 2 * this.layers; k++) {
      const s = slots[k >> 1]?.[k % 2 === 0 ? "W" : "b"];
      const row: (Matrix | undefined)[] = [];
      for (const name of names) {
        const m = s?.[name];
        const mat = m === undefined ? undefined : be.toMatrix(m);
        const [r, c] = [this.#rows[k] as number, this.#cols[k] as number];
        if (mat !== undefined && (mat.rows !== r || mat.cols !== c || r * c === 0)) {
          throw new RangeError(
            `${where}: this optimiser's ${name} for layer ${k >> 1}'s ${k % 2 === 0 ? "W" : "b"} is ${mat.rows}x${mat.cols} but the step has ${r * c === 0 ? "no such parameter" : `${r}x${c}`}; use a new optimiser for a different network`,
          );
        }
        row.push(mat);
      }
      mats.push(row);
    }
    if (this.arrays.length !== names.length || this.arrays[0]?.length !== this.total) {
      this.arrays = names.map(() => new Float64Array(this.total));
    }
    for (let k = 0; k < mats.length; k++) {
      const at = this.#offsets[k] as number;
      const n = (this.#rows[k] as number) * (this.#cols[k] as number);
      mats[k]?.forEach((mat, j) => {
        const arr = this.arrays[j] as Float64Array;
        if (mat === undefined) arr.fill(0, at, at + n);
        else arr.set(mat.data, at);
      });
    }
  }

  /**
   * The slots in {@link Optimizer.step}'s form (copies on backend `be`).
   *
   * @example
   * ```ts
   * const slots = flat.toSlots(["m", "v"], typedArrayBackend);
   * ```
   */
  toSlots<M>(names: readonly string[], be: MatrixBackend<M>): LayerSlots<M>[] {
    const out: LayerSlots<M>[] = [];
    for (let layer = 0; layer < this.layers; layer++) {
      const slot = (k: number): Slot<M> | undefined => {
        const mats = this.#matrices(k, names);
        if (mats === undefined) return undefined;
        const s: Record<string, M> = {};
        for (const [name, m] of Object.entries(mats)) s[name] = be.fromMatrix(m);
        return s;
      };
      out.push({ W: slot(2 * layer), b: slot(2 * layer + 1) });
    }
    return out;
  }

  /**
   * The slots as `getState` gives them: per layer `{ W, b }`, each a record of matrices
   * (empty for no slot).
   *
   * @example
   * ```ts
   * flat.toState(["m", "v"])[0]!.W.m; // a Matrix
   * ```
   */
  toState(names: readonly string[]): { W: Slot<Matrix>; b: Slot<Matrix> }[] {
    const out: { W: Slot<Matrix>; b: Slot<Matrix> }[] = [];
    for (let layer = 0; layer < this.layers; layer++) {
      out.push({
        W: this.#matrices(2 * layer, names) ?? {},
        b: this.#matrices(2 * layer + 1, names) ?? {},
      });
    }
    return out;
  }

  #matrices(k: number, names: readonly string[]): Record<string, Matrix> | undefined {
    const r = this.#rows[k] as number;
    const c = this.#cols[k] as number;
    if (names.length === 0 || r * c === 0) return undefined;
    const at = this.#offsets[k] as number;
    const out: Record<string, Matrix> = {};
    names.forEach((name, j) => {
      out[name] = new Matrix(r, c, (this.arrays[j] as Float64Array).slice(at, at + r * c));
    });
    return out;
  }
}

/** A block's parameter index: `2·layer`, plus 1 for `b`. */
function index(blk: FlatBlock): number {
  return 2 * blk.layer + (blk.key === "W" ? 0 : 1);
}
