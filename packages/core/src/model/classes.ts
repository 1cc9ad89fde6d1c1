import { compareLabels } from "../metrics/labels.ts";
import type { Task } from "./task.ts";

/** A class label: a number or a string (all labels of one network have the same type). */
export type ClassLabel = number | string;

/** The targets to validate (labels replaced by class indices) and the classes they imply. */
export interface ClassTargets {
  /** What to pass on to `toTargets`: class indices, or the input unchanged. */
  readonly y: unknown;
  /** The network's classes after this call (unchanged when `y` is not a list of labels). */
  readonly classes: readonly ClassLabel[] | null;
}

/**
 * Labels for a message: strings quoted, numbers plain, at most `max` of them.
 *
 * @example
 * ```ts
 * formatLabels(["a", "b"]); // '"a", "b"'
 * ```
 */
export function formatLabels(labels: readonly ClassLabel[], max = 10): string {
  const shown = labels.slice(0, max).map((l) => (typeof l === "string" ? JSON.stringify(l) : l));
  return shown.join(", ") + (labels.length > max ? `, ... (${labels.length} in all)` : "");
}

/**
 * Number of classes a classifier's output layer stands for (null: not a single-label
 * classifier).
 *
 * @example
 * ```ts
 * classCount("binary", 1); // 2
 * ```
 */
export function classCount(task: Task, outputDim: number): number | null {
  return task === "binary" ? 2 : task === "multiclass" ? outputDim : null;
}

/**
 * Class labels in, class indices out. For a binary (one sigmoid unit) or multi-class
 * (softmax) network given a flat list of labels: with `known` classes, each label is looked
 * up; without, the classes are the sorted distinct labels (numbers ascending, strings by
 * code point, as scikit-learn's `classes_`) — except that integer labels 0..k-1 keep their
 * meaning as class indices (classes `[0, 1, ..., k-1]`), as before labels existed. Anything
 * else (one-hot rows, a Matrix, regression targets, malformed numbers) is passed through
 * unchanged, so that `toTargets` reports it.
 *
 * @example
 * ```ts
 * classTargets(["b", "a", "b"], "binary", 1, null, "fit: y"); // { y: [1, 0, 1], classes: ["a", "b"] }
 * ```
 */
export function classTargets(
  y: unknown,
  task: Task,
  outputDim: number,
  known: readonly ClassLabel[] | null,
  where: string,
): ClassTargets {
  const k = classCount(task, outputDim);
  const unchanged: ClassTargets = { y, classes: known };
  if (k === null || !Array.isArray(y)) return unchanged;
  if (y.length > 0 && Array.isArray(y[0])) return unchanged;
  let strings = 0;
  let numbers = 0;
  for (let i = 0; i < y.length; i++) {
    const v: unknown = y[i];
    if (typeof v === "string") strings++;
    else if (typeof v === "number" && Number.isFinite(v)) numbers++;
    else if (typeof v !== "number") {
      if (strings > 0) {
        throw new TypeError(
          `${where}: class labels must all be strings or all numbers, got ${describeLabel(v)} at index ${i}`,
        );
      }
      return unchanged; // toTargets names the bad value
    } else return unchanged; // NaN or Infinity: toTargets names it
    if (strings > 0 && numbers > 0) {
      throw new TypeError(
        `${where}: class labels must all be strings or all numbers, got a mix (${describeLabel(v)} at index ${i})`,
      );
    }
  }
  const labels = y as readonly ClassLabel[];
  if (known !== null) {
    if (isIndexClasses(known) && numbers === labels.length) return unchanged;
    return { y: lookUp(labels, known, where), classes: known };
  }
  if (numbers === labels.length) {
    const ints = labels.every((v) => Number.isInteger(v) && (v as number) >= 0);
    if (ints && labels.every((v) => (v as number) < k)) {
      return { y, classes: Array.from({ length: k }, (_, i) => i) };
    }
  }
  const distinct = [...new Set(labels)].sort(compareLabels);
  if (distinct.length === k) return { y: lookUp(labels, distinct, where), classes: distinct };
  if (strings === 0) return unchanged; // numeric labels that do not fit: toTargets explains
  const layer =
    task === "binary" ? "a sigmoid output (2 classes)" : `a softmax output of ${k} units`;
  const hint =
    distinct.length > k
      ? `; give the last layer ${distinct.length} units, e.g. new Network([inputs, hidden, ${distinct.length}])`
      : "";
  throw new RangeError(
    `${where}: y has ${distinct.length} distinct labels (${formatLabels(distinct)}) but the network has ${layer}${hint}`,
  );
}

/**
 * Validates a saved or given list of classes: distinct, sorted as {@link compareLabels}, all
 * numbers (finite) or all strings, `k` of them. Returns an error message, or null when valid.
 *
 * @example
 * ```ts
 * checkClassList(["a", "b"], 2); // null
 * ```
 */
export function checkClassList(value: unknown, k: number | null): string | null {
  if (!Array.isArray(value)) return `expected an array of labels, got ${describeLabel(value)}`;
  if (k === null) return "only a binary or multi-class network has classes";
  if (value.length !== k) return `expected ${k} labels (one per class), got ${value.length}`;
  const first = typeof value[0];
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== first || (typeof v !== "string" && typeof v !== "number")) {
      return `entry ${i} is ${describeLabel(v)}; expected all strings or all numbers`;
    }
    if (typeof v === "number" && !Number.isFinite(v)) return `entry ${i} is ${v}`;
    if (typeof v === "string" && v.length > 1000) return `entry ${i} is over 1000 characters`;
    if (i > 0 && compareLabels(value[i - 1], v as ClassLabel) >= 0) {
      return `entries must be distinct and sorted (numbers ascending, strings by code point), but entry ${i - 1} (${formatLabels([value[i - 1]])}) is not before entry ${i} (${formatLabels([v as ClassLabel])})`;
    }
  }
  return null;
}

function isIndexClasses(classes: readonly ClassLabel[]): boolean {
  return classes.every((c, i) => c === i);
}

function lookUp(
  labels: readonly ClassLabel[],
  classes: readonly ClassLabel[],
  where: string,
): number[] {
  const index = new Map<ClassLabel, number>(classes.map((c, i) => [c, i]));
  return labels.map((label, i) => {
    const j = index.get(label);
    if (j === undefined) {
      throw new RangeError(
        `${where}: label ${formatLabels([label])} at index ${i} is not one of the network's classes (${formatLabels(classes)})`,
      );
    }
    return j;
  });
}

function describeLabel(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.slice(0, 40));
  if (Array.isArray(v)) return `array(${v.length})`;
  return v === null ? "null" : typeof v === "object" ? "an object" : String(v);
}
