import type { Matrix } from "../matrix.ts";
import type { DeadUnits } from "./dead-units.ts";
import type { Heap, Kernels } from "./kernels.ts";
import type { BufferPlan } from "./plan.ts";

// The fused trainer's data input: a whole batch copied in (`setData`) or a mini-batch gathered
// in place from the training set (`setDataColumns`), with their checks.

/**
 * The sample order of a mini-batch: indices into the training set's samples (a shuffled
 * epoch's permutation), or null for the samples in order.
 */
export type Order = ArrayLike<number> | null;

/** Where a trainer's data goes: its kernel set, buffer plan, dead-unit state and capacity. */
export interface DataTarget {
  readonly kernels: Kernels;
  readonly plan: BufferPlan;
  readonly units: DeadUnits;
  /** Most samples the plan holds. */
  readonly capacity: number;
  /** Scratch of `capacity` entries: the gathered samples' indices. */
  readonly picked: Int32Array;
}

/**
 * The data target of a trainer: its kernel set, plan, dead-unit record and capacity, with the
 * gather's scratch.
 *
 * @example
 * ```ts
 * const to = dataTarget(kernels, plan, units, 32);
 * ```
 */
export function dataTarget(
  kernels: Kernels,
  plan: BufferPlan,
  units: DeadUnits,
  capacity: number,
): DataTarget {
  return { kernels, plan, units, capacity, picked: new Int32Array(capacity) };
}

/**
 * Copies `setData`'s X (features x samples) and Y (outputs x samples) into the plan's X and Y
 * buffers, after checking them (the same number of samples, from 1 to the capacity, and the
 * architecture's row counts), and prepares them ({@link dataWritten}). Returns the number of
 * samples.
 *
 * @example
 * ```ts
 * copyData(dataTarget(kernels, plan, units, 900), X, Y); // 900
 * ```
 */
export function copyData(to: DataTarget, X: Matrix, Y: Matrix): number {
  const { kernels: k, plan, capacity } = to;
  const m = X.cols;
  if (m < 1 || m > capacity || Y.cols !== m) {
    throw new RangeError(
      `FusedTrainer.setData: X has ${X.cols} and Y ${Y.cols} samples; both must be the same, from 1 to ${capacity}`,
    );
  }
  const features = plan.layers[0]!.inputs;
  const outputs = plan.layers[plan.layers.length - 1]!.outputs;
  if (X.rows !== features || Y.rows !== outputs) {
    throw new RangeError(
      `FusedTrainer.setData: X is ${X.rows}x${X.cols} and Y ${Y.rows}x${Y.cols}, expected ${features} and ${outputs} rows`,
    );
  }
  const h = k.heap();
  h.set(X.data, plan.X);
  h.set(Y.data, plan.Y);
  dataWritten(to, m);
  return m;
}

/**
 * Writes the samples `order[start..end)` (or `start..end` when `order` is null) of X
 * (samples x features) and Y (samples x outputs) into the plan's X and Y buffers as
 * features x m and outputs x m, m = end − start (a float32 heap rounds each value): the
 * columns `gatherColumns` would give, with no matrix between, prepared as
 * {@link dataWritten}. Checks the range and shapes; returns m.
 *
 * @example
 * ```ts
 * gatherBatch(dataTarget(kernels, plan, units, 32), X, Y, order, 0, 32); // 32
 * ```
 */
export function gatherBatch(
  to: DataTarget,
  X: Matrix,
  Y: Matrix,
  order: Order,
  start: number,
  end: number,
): number {
  const { kernels: k, plan, capacity } = to;
  const m = end - start;
  const n = order === null ? X.rows : order.length;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || m < 1 || end > n) {
    throw new RangeError(
      `FusedTrainer.setDataColumns: samples ${start} to ${end} must be a non-empty range of the ${n} given`,
    );
  }
  if (m > capacity) {
    throw new RangeError(
      `FusedTrainer.setDataColumns: ${m} samples (${start} to ${end}) exceed the capacity ${capacity}`,
    );
  }
  const features = plan.layers[0]!.inputs;
  const outputs = plan.layers[plan.layers.length - 1]!.outputs;
  if (X.cols !== features || Y.cols !== outputs || Y.rows !== X.rows) {
    throw new RangeError(
      `FusedTrainer.setDataColumns: X is ${X.rows}x${X.cols} and Y ${Y.rows}x${Y.cols}, expected ${features} and ${outputs} columns and as many rows`,
    );
  }
  const picked = to.picked;
  for (let j = 0; j < m; j++) {
    const r = order === null ? start + j : (order[start + j] as number);
    if (!(Number.isInteger(r) && r >= 0 && r < X.rows)) {
      throw new RangeError(
        `FusedTrainer.setDataColumns: order[${start + j}] is ${r}, not a sample index from 0 to ${X.rows - 1}`,
      );
    }
    picked[j] = r;
  }
  const h = k.heap();
  gatherColumnsInto(h, plan.X, X.data, features, picked, m);
  gatherColumnsInto(h, plan.Y, Y.data, outputs, picked, m);
  dataWritten(to, m);
  return m;
}

/**
 * After `m` samples were written to the plan's X: each feature's range as stored (for the
 * dead-unit bounds of layer 0) and, for a kernel set without `dWdb`, X's transpose for layer
 * 0's dW (taken once per batch: X does not change while the batch trains).
 *
 * @example
 * ```ts
 * dataWritten(dataTarget(kernels, plan, units, 32), 32);
 * ```
 */
export function dataWritten(to: DataTarget, m: number): void {
  const { kernels: k, plan, units } = to;
  const features = plan.layers[0]!.inputs;
  units.setInputRanges(plan.X, features, m);
  if (k.dWdb === undefined) k.transpose(plan.X, plan.layers[0]!.inputT, features, m);
}

/** Writes the rows `picked[0..m)` of a row-major `? x width` array into `at` as the columns of a
 * `width x m` matrix. */
function gatherColumnsInto(
  h: Heap,
  at: number,
  data: Float64Array,
  width: number,
  picked: Int32Array,
  m: number,
): void {
  for (let j = 0; j < m; j++) {
    const r = (picked[j] as number) * width;
    for (let i = 0; i < width; i++) h[at + i * m + j] = data[r + i] as number;
  }
}
