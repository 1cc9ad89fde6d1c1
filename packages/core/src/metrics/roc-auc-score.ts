import { describe, Matrix } from "../matrix.ts";
import { pairwiseSum } from "../sum.ts";
import type { LabelsInput } from "./labels.ts";
import { readLabels, uniqueLabels } from "./labels.ts";

/**
 * Area under the ROC curve for a binary problem, as scikit-learn's `roc_auc_score`: `yTrue`
 * holds two classes (the greater one, in sorted order, is the positive class: `1` of `0`/`1`,
 * `"yes"` of `"no"`/`"yes"`), `scores` the positive class's score or probability for each
 * sample. Tied scores count as one threshold (half credit), as scikit-learn's curve does.
 *
 * @example
 * ```ts
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 */
export function rocAucScore(
  yTrue: LabelsInput,
  scores: ArrayLike<number> | readonly (readonly number[])[] | Matrix,
): number {
  const where = "rocAucScore";
  const t = readLabels(yTrue, where, "yTrue");
  const flat = scoreVector(scores, where);
  const n = t.length;
  if (n === 0) throw new RangeError(`${where}: yTrue is empty; expected at least one sample`);
  if (flat.length !== n) {
    throw new RangeError(
      `${where}: yTrue has ${n} labels but scores has ${flat.length}; expected one score per sample`,
    );
  }
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = flat[i];
    if (typeof v !== "number") {
      throw new TypeError(`${where}: scores[${i}] must be a number, got ${describe(v)}`);
    }
    if (!Number.isFinite(v))
      throw new RangeError(`${where}: scores[${i}] must be finite, got ${v}`);
    s[i] = v;
  }
  const classes = uniqueLabels(t);
  if (classes.length !== 2) {
    throw new RangeError(
      classes.length < 2
        ? `${where}: only one class (${JSON.stringify(classes[0])}) is present in yTrue; ROC AUC is not defined then`
        : `${where}: yTrue has ${classes.length} classes; rocAucScore is for binary problems (2 classes)`,
    );
  }
  const positive = classes[1];
  // sklearn's _binary_clf_curve: scores in decreasing order (stable), one point per distinct
  // score; then roc_curve's drop_intermediate (collinear points) and np.trapezoid.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (s[b] as number) - (s[a] as number),
  );
  const allTps: number[] = [];
  const allFps: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    if (t[i] === positive) tp++;
    if (k === n - 1 || s[order[k + 1] as number] !== s[i]) {
      allTps.push(tp);
      allFps.push(k + 1 - tp);
    }
  }
  // Keep both ends and every point where the curve bends (a second difference != 0), then
  // start the curve at (0, 0).
  const tps: number[] = [0];
  const fps: number[] = [0];
  const m = allTps.length;
  for (let i = 0; i < m; i++) {
    if (m > 2 && i > 0 && i < m - 1) {
      const d2t = (allTps[i + 1] as number) - 2 * (allTps[i] as number) + (allTps[i - 1] as number);
      const d2f = (allFps[i + 1] as number) - 2 * (allFps[i] as number) + (allFps[i - 1] as number);
      if (d2t === 0 && d2f === 0) continue;
    }
    tps.push(allTps[i] as number);
    fps.push(allFps[i] as number);
  }
  const P = tps[tps.length - 1] as number;
  const N = fps[fps.length - 1] as number;
  const area = new Float64Array(tps.length - 1);
  for (let b = 1; b < tps.length; b++) {
    const a = b - 1;
    const dx = (fps[b] as number) / N - (fps[a] as number) / N;
    area[a] = (dx * ((tps[b] as number) / P + (tps[a] as number) / P)) / 2;
  }
  return pairwiseSum(area, 0, area.length, 1);
}

/** Scores as one value per sample: a flat array, or one column or row (Matrix or nested). */
function scoreVector(scores: unknown, where: string): ArrayLike<unknown> {
  if (scores instanceof Matrix) {
    if (scores.rows !== 1 && scores.cols !== 1) {
      throw new RangeError(
        `${where}: scores is a ${scores.rows}x${scores.cols} Matrix; expected one score per sample (one row or one column)`,
      );
    }
    return scores.data;
  }
  if (
    scores === null ||
    typeof scores !== "object" ||
    typeof (scores as ArrayLike<unknown>).length !== "number"
  ) {
    throw new TypeError(
      `${where}: expected scores to be an array of numbers, got ${describe(scores)}`,
    );
  }
  const a = scores as ArrayLike<unknown>;
  if (a.length > 0 && Array.isArray(a[0])) {
    return Array.from(a as ArrayLike<unknown[]>, (row, i) => {
      if (!Array.isArray(row) || row.length !== 1) {
        throw new RangeError(
          `${where}: scores[${i}] has ${Array.isArray(row) ? row.length : "no"} values; nested scores need one column (the positive class's score)`,
        );
      }
      return row[0];
    });
  }
  return a;
}
