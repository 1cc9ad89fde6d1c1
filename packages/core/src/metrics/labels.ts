import { describe } from "../matrix.ts";

/** A class label: an integer or a string (as scikit-learn's `classes_`). */
export type Label = number | string;

/** Class labels, one per sample: a plain array of numbers or strings, or a typed array. */
export type LabelsInput = readonly Label[] | ArrayLike<number>;

/**
 * Validates one array of class labels and copies it: every entry a string or an integer
 * (a non-integer number means continuous targets, which classification metrics reject, as
 * scikit-learn does), all of one kind.
 *
 * @example
 * ```ts
 * readLabels(["a", "b"], "confusionMatrix", "yTrue"); // ["a", "b"]
 * ```
 */
export function readLabels(y: unknown, where: string, name: string): Label[] {
  if (y === null || typeof y !== "object" || typeof (y as ArrayLike<unknown>).length !== "number") {
    throw new TypeError(`${where}: expected ${name} to be an array of labels, got ${describe(y)}`);
  }
  const arr = y as ArrayLike<unknown>;
  const out: Label[] = new Array(arr.length);
  let kind: "number" | "string" | null = null;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v === "number") {
      if (!Number.isFinite(v)) {
        throw new RangeError(`${where}: ${name}[${i}] must be a finite label, got ${v}`);
      }
      if (!Number.isInteger(v)) {
        throw new RangeError(
          `${where}: ${name}[${i}] is ${v}, a continuous value; expected class labels (integers or strings). For scores use rocAucScore, for regression meanSquaredError or r2Score`,
        );
      }
    } else if (typeof v !== "string") {
      throw new TypeError(
        `${where}: ${name}[${i}] must be a number or a string label, got ${describe(v)}`,
      );
    }
    const k = typeof v as "number" | "string";
    if (kind !== null && k !== kind) {
      throw new TypeError(
        `${where}: ${name} mixes numbers and strings (${name}[${i}] is ${describe(v)}); use one kind of label`,
      );
    }
    kind = k;
    out[i] = v as Label;
  }
  return out;
}

/**
 * Validates `yTrue` and `yPred` as labels of one kind and of the same non-zero length.
 *
 * @example
 * ```ts
 * readLabelPair([0, 1], [1, 1], "confusionMatrix"); // [[0, 1], [1, 1]]
 * ```
 */
export function readLabelPair(yTrue: unknown, yPred: unknown, where: string): [Label[], Label[]] {
  const t = readLabels(yTrue, where, "yTrue");
  const p = readLabels(yPred, where, "yPred");
  if (t.length === 0)
    throw new RangeError(`${where}: yTrue is empty; expected at least one sample`);
  if (t.length !== p.length) {
    throw new RangeError(
      `${where}: yTrue has ${t.length} labels but yPred has ${p.length}; expected one per sample`,
    );
  }
  if (p.length > 0 && typeof t[0] !== typeof p[0]) {
    throw new TypeError(
      `${where}: yTrue holds ${typeof t[0]}s but yPred holds ${typeof p[0]}s; use one kind of label`,
    );
  }
  return [t, p];
}

/**
 * Compares two labels as scikit-learn sorts `classes_` (NumPy's `np.unique` order): numbers
 * ascending, strings by Unicode code point (not by UTF-16 code unit, which orders characters
 * beyond U+FFFF differently, and not by locale). `Network`'s classes use the same order.
 *
 * @example
 * ```ts
 * [10, 2].sort(compareLabels); // [2, 10]
 * ["b", "a", "B"].sort(compareLabels); // ["B", "a", "b"]
 * ```
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const s = String(a);
  const t = String(b);
  let i = 0;
  let j = 0;
  while (i < s.length && j < t.length) {
    const x = s.codePointAt(i) as number;
    const y = t.codePointAt(j) as number;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return s.length - i - (t.length - j);
}

/**
 * The sorted distinct labels of all the arrays (scikit-learn's `unique_labels`).
 *
 * @example
 * ```ts
 * uniqueLabels(["b", "a"], ["c"]); // ["a", "b", "c"]
 * ```
 */
export function uniqueLabels(...arrays: readonly (readonly Label[])[]): Label[] {
  const set = new Set<Label>();
  for (const a of arrays) for (const v of a) set.add(v);
  return [...set].sort(compareLabels);
}

/**
 * Validates an explicit `labels` option (non-empty, distinct, of the same kind as the data)
 * or returns the sorted distinct labels of the data.
 *
 * @example
 * ```ts
 * resolveLabels(undefined, [1, 0], [0, 0], "confusionMatrix"); // [0, 1]
 * ```
 */
export function resolveLabels(
  labels: unknown,
  yTrue: readonly Label[],
  yPred: readonly Label[],
  where: string,
): Label[] {
  if (labels === undefined) return uniqueLabels(yTrue, yPred);
  const l = readLabels(labels, where, "options.labels");
  if (l.length === 0) throw new RangeError(`${where}: options.labels is empty`);
  if (typeof l[0] !== typeof yTrue[0]) {
    throw new TypeError(
      `${where}: options.labels holds ${typeof l[0]}s but yTrue holds ${typeof yTrue[0]}s`,
    );
  }
  const seen = new Set<Label>();
  for (const v of l) {
    if (seen.has(v)) {
      throw new RangeError(`${where}: options.labels lists ${JSON.stringify(v)} twice`);
    }
    seen.add(v);
  }
  return l;
}

/** Validated classification input: both label arrays, the classes and each class's index. */
export interface ClassificationInput {
  readonly yTrue: Label[];
  readonly yPred: Label[];
  readonly labels: Label[];
  readonly index: Map<Label, number>;
}

/**
 * Validates `yTrue`, `yPred` and an optional `labels` option (see {@link readLabelPair} and
 * {@link resolveLabels}) and indexes the classes.
 *
 * @example
 * ```ts
 * readClassification(["b", "a"], ["a", "a"], undefined, "confusionMatrix").labels; // ["a", "b"]
 * ```
 */
export function readClassification(
  yTrue: unknown,
  yPred: unknown,
  labelsOption: unknown,
  where: string,
): ClassificationInput {
  const [t, p] = readLabelPair(yTrue, yPred, where);
  const labels = resolveLabels(labelsOption, t, p, where);
  const index = new Map<Label, number>();
  for (const [i, l] of labels.entries()) index.set(l, i);
  return { yTrue: t, yPred: p, labels, index };
}

/**
 * A label as scikit-learn prints it (`"%s" % label`).
 *
 * @example
 * ```ts
 * labelName(3); // "3"
 * ```
 */
export function labelName(label: Label): string {
  return String(label);
}
