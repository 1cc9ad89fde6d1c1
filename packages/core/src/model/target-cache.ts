import type { Activation } from "../activations/activation.ts";
import { binaryCrossEntropy } from "../losses/binary-cross-entropy.ts";
import { categoricalCrossEntropy } from "../losses/categorical-cross-entropy.ts";
import type { Loss } from "../losses/loss.ts";
import { meanSquaredError } from "../losses/mean-squared-error.ts";
import type { Matrix } from "../matrix.ts";
import { SAMPLE_CACHE_LIMIT } from "./sample-cache.ts";

const BUILT_IN: readonly Loss[] = [binaryCrossEntropy, categoricalCrossEntropy, meanSquaredError];

interface Entry {
  readonly loss: Loss;
  readonly output: Activation;
  readonly rows: number;
  readonly cols: number;
  /** A copy of the targets' values. */
  readonly values: Float64Array;
  readonly cost: number;
}

/** One entry per network state: its last fit's training targets and their trivial loss. */
const entries = new WeakMap<object, Entry>();

/**
 * The divergence detector's trivial loss that an earlier fit of the same network computed for
 * exactly these training targets (samples x outputs; compared value by value, the sign of zeros
 * included) with the same loss and output activation, or undefined.
 *
 * @example
 * ```ts
 * const trivial = cachedTrivialCost(state, train.Y, state.loss, output);
 * ```
 */
export function cachedTrivialCost(
  owner: object,
  Y: Matrix,
  loss: Loss,
  output: Activation,
): number | undefined {
  const e = entries.get(owner);
  if (
    e === undefined ||
    e.loss !== loss ||
    e.output !== output ||
    e.rows !== Y.rows ||
    e.cols !== Y.cols
  ) {
    return undefined;
  }
  const a = Y.data;
  const b = e.values;
  for (let k = 0; k < a.length; k++) {
    const v = a[k] as number;
    const w = b[k] as number;
    if (v !== w || (v === 0 && 1 / v !== 1 / w)) return undefined;
  }
  return e.cost;
}

/**
 * Keeps `cost`, the trivial loss of targets `Y` (samples x outputs), for {@link cachedTrivialCost}
 * (targets of at most `SAMPLE_CACHE_LIMIT` values, of which a copy is kept, and only for the
 * built-in losses, whose cost is a pure function of the targets).
 *
 * @example
 * ```ts
 * rememberTrivialCost(state, train.Y, state.loss, output, detector.trivialCost);
 * ```
 */
export function rememberTrivialCost(
  owner: object,
  Y: Matrix,
  loss: Loss,
  output: Activation,
  cost: number,
): void {
  if (Y.data.length > SAMPLE_CACHE_LIMIT || !BUILT_IN.includes(loss)) {
    entries.delete(owner);
    return;
  }
  entries.set(owner, {
    loss,
    output,
    rows: Y.rows,
    cols: Y.cols,
    values: Y.data.slice(),
    cost,
  });
}
