import { describe, Matrix } from "../matrix.ts";
import { pairwiseSum } from "../sum.ts";

/** Regression targets: one value per sample, or one row of outputs per sample. */
export type RegressionTargets = ArrayLike<number> | readonly (readonly number[])[] | Matrix;

/** Targets read as a samples x outputs block (row-major). */
export interface TargetBlock {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

function readTargets(y: unknown, where: string, name: string): TargetBlock {
  if (y instanceof Matrix) {
    const bad = y.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new RangeError(
        `${where}: ${name} must be finite, found ${y.data[bad]} at sample ${Math.floor(bad / y.cols)}, output ${bad % y.cols}`,
      );
    }
    return { rows: y.rows, cols: y.cols, data: y.data };
  }
  if (y === null || typeof y !== "object" || typeof (y as ArrayLike<unknown>).length !== "number") {
    throw new TypeError(
      `${where}: expected ${name} to be number[], number[][] or a Matrix, got ${describe(y)}`,
    );
  }
  const a = y as ArrayLike<unknown>;
  if (a.length === 0)
    throw new RangeError(`${where}: ${name} is empty; expected at least one sample`);
  if (Array.isArray(a[0])) return Matrix.from(a as number[][], `${where}: ${name}`);
  const data = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== "number") {
      throw new TypeError(`${where}: ${name}[${i}] must be a number, got ${describe(v)}`);
    }
    if (!Number.isFinite(v))
      throw new RangeError(`${where}: ${name}[${i}] must be finite, got ${v}`);
    data[i] = v;
  }
  return { rows: a.length, cols: 1, data };
}

/**
 * Validates a pair of regression targets (same shape, finite, non-empty) as scikit-learn's
 * `_check_reg_targets`: a 1-D array is one output.
 *
 * @example
 * ```ts
 * readTargetPair([1, 2], [1, 3], "meanSquaredError").true.rows; // 2
 * ```
 */
export function readTargetPair(
  yTrue: unknown,
  yPred: unknown,
  where: string,
): { true: TargetBlock; pred: TargetBlock } {
  const t = readTargets(yTrue, where, "yTrue");
  const p = readTargets(yPred, where, "yPred");
  if (t.rows !== p.rows || t.cols !== p.cols) {
    throw new RangeError(
      `${where}: yTrue is ${t.rows}x${t.cols} (samples x outputs) but yPred is ${p.rows}x${p.cols}; expected the same shape`,
    );
  }
  return { true: t, pred: p };
}

/**
 * Mean over samples of `f(yTrue, yPred)` for each output, then the mean over outputs
 * (scikit-learn's `multioutput="uniform_average"`).
 *
 * @example
 * ```ts
 * uniformAverage(readTargetPair([1], [3], "x"), (a, b) => (a - b) ** 2); // 4
 * ```
 */
export function uniformAverage(
  pair: { true: TargetBlock; pred: TargetBlock },
  f: (t: number, p: number) => number,
): number {
  const perOutput = columnSums(pair, f).map((v) => v / pair.true.rows);
  return pairwiseSum(perOutput, 0, perOutput.length, 1) / perOutput.length;
}

/**
 * For each output, the sum over samples of `f(yTrue, yPred)` (NumPy's pairwise order).
 *
 * @example
 * ```ts
 * columnSums(readTargetPair([1, 2], [0, 0], "x"), (a) => a); // Float64Array [3]
 * ```
 */
export function columnSums(
  pair: { true: TargetBlock; pred: TargetBlock },
  f: (t: number, p: number) => number,
): Float64Array {
  const { rows, cols } = pair.true;
  const values = new Float64Array(rows * cols);
  for (let k = 0; k < values.length; k++) {
    values[k] = f(pair.true.data[k] as number, pair.pred.data[k] as number);
  }
  const out = new Float64Array(cols);
  for (let j = 0; j < cols; j++) out[j] = pairwiseSum(values, j, rows, cols);
  return out;
}
