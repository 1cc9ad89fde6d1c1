import type { RandomState } from "@plainnet/core";
import { Matrix } from "@plainnet/core";
import { checkElementCount, describe } from "@plainnet/core/engine";
import { checkBoolean, checkOptions } from "./checks.ts";
import { checkRandomState } from "./random-state.ts";
import type { RandomStateInput } from "./types.ts";

/**
 * Options of {@link trainTestSplit} (scikit-learn's `train_test_split`, camelCased).
 * A size in (0, 1) is a fraction of the samples; an integer >= 1 is a count.
 *
 * @example
 * ```ts
 * const options: SplitOptions = { testSize: 0.1, randomState: 42 };
 * ```
 */
export interface SplitOptions {
  /** Fraction in (0, 1) (rounded up: ceil(testSize * n)) or a count. Default 0.25 when trainSize is also unset. */
  testSize?: number;
  /** Fraction in (0, 1) (rounded down) or a count. Default: the rest. */
  trainSize?: number;
  /** Seed or `RandomState` for the permutation. Default: non-deterministic. */
  randomState?: RandomStateInput;
  /** Shuffle before splitting. Default true; false takes the first rows for training. */
  shuffle?: boolean;
  /** Labels (one per sample) whose class ratios both parts keep (StratifiedShuffleSplit). */
  stratify?: readonly (number | string)[];
}

/**
 * The parts of a split, `X` parts of the same kind as the input (Matrix or number[][]), labels
 * of the input's kind (numbers or strings), and the row indices (into the input) of each part,
 * in order.
 *
 * @example
 * ```ts
 * const { XTrain, yTest, testIndices }: SplitResult<Matrix> = trainTestSplit(X, y);
 * ```
 */
export interface SplitResult<TX, L extends number | string = number> {
  XTrain: TX;
  XTest: TX;
  yTrain: L[];
  yTest: L[];
  trainIndices: number[];
  testIndices: number[];
}

const KEYS = ["testSize", "trainSize", "randomState", "shuffle", "stratify"] as const;

/**
 * Splits samples into a training and a test part exactly as scikit-learn's
 * `train_test_split`: sizes by `_validate_shuffle_split` (test = ceil(testSize * n) for a
 * fraction, train = the rest), then `perm = rng.permutation(n)`, test = perm[:nTest],
 * train = perm[nTest:nTest + nTrain]. With `stratify`, scikit-learn's
 * `StratifiedShuffleSplit` (per-class counts by its approximate mode, ties broken at random,
 * same draws), which keeps the class ratios. `X` is samples x features (Matrix or
 * number[][]); `y` one label per sample (numbers, or strings such as `readCSV` returns).
 *
 * @example
 * ```ts
 * const { X, y } = makeMoons({ nSamples: 1000, noise: 0.2, randomState: 100 });
 * const { XTrain, XTest } = trainTestSplit(X, y, { testSize: 0.1, randomState: 42 });
 * XTrain.shape; // [900, 2]
 * XTest.shape; // [100, 2]
 * ```
 */
export function trainTestSplit<L extends number | string = number>(
  X: Matrix,
  y: readonly L[],
  options?: SplitOptions,
): SplitResult<Matrix, L>;
export function trainTestSplit<L extends number | string = number>(
  X: readonly (readonly number[])[],
  y: readonly L[],
  options?: SplitOptions,
): SplitResult<number[][], L>;
export function trainTestSplit<L extends number | string = number>(
  X: Matrix | readonly (readonly number[])[],
  y: readonly L[],
  options: SplitOptions = {},
): SplitResult<Matrix, L> | SplitResult<number[][], L> {
  const fn = "trainTestSplit";
  checkOptions(fn, options, KEYS);
  let n: number;
  if (X instanceof Matrix) {
    n = X.rows;
  } else if (Array.isArray(X)) {
    n = X.length;
    const width = Array.isArray(X[0]) ? X[0].length : 0;
    X.forEach((row, i) => {
      if (!Array.isArray(row)) {
        throw new TypeError(
          `${fn}: expected X[${i}] to be an array of numbers, got ${describe(row)}`,
        );
      }
      if (row.length !== width) {
        throw new RangeError(
          `${fn}: X is ragged: X[0] has ${width} values but X[${i}] has ${row.length}; every row needs the same number of features`,
        );
      }
    });
    checkElementCount(fn, `X (${n} rows x ${width} features)`, n * width);
  } else {
    throw new TypeError(`${fn}: expected X to be a Matrix or number[][], got ${describe(X)}`);
  }
  if (!Array.isArray(y)) {
    throw new TypeError(`${fn}: expected y to be an array of labels, got ${describe(y)}`);
  }
  if (y.length !== n) {
    throw new RangeError(`${fn}: X has ${n} samples but y has ${y.length} labels; they must match`);
  }
  const shuffle = checkBoolean(fn, "shuffle", options.shuffle ?? true);
  const stratify = options.stratify;
  if (stratify !== undefined) {
    if (!Array.isArray(stratify)) {
      throw new TypeError(
        `${fn}: expected stratify to be an array of labels, got ${describe(stratify)}`,
      );
    }
    if (stratify.length !== n) {
      throw new RangeError(
        `${fn}: X has ${n} samples but stratify has ${stratify.length} labels; they must match`,
      );
    }
    if (!shuffle) {
      throw new RangeError(`${fn}: a stratified split needs shuffle: true (got shuffle: false)`);
    }
  }
  const [nTrain, nTest] = splitSizes(fn, n, options.testSize, options.trainSize);

  let train: number[];
  let test: number[];
  if (!shuffle) {
    train = Array.from({ length: nTrain }, (_, i) => i);
    test = Array.from({ length: nTest }, (_, i) => nTrain + i);
  } else {
    const rng = checkRandomState(options.randomState, fn);
    if (stratify === undefined) {
      const perm = rng.permutation(n);
      test = perm.slice(0, nTest);
      train = perm.slice(nTest, nTest + nTrain);
    } else {
      ({ train, test } = stratifiedIndices(fn, stratify, nTrain, nTest, rng));
    }
  }

  const yTrain = train.map((i) => y[i] as L);
  const yTest = test.map((i) => y[i] as L);
  if (X instanceof Matrix) {
    return {
      XTrain: takeRows(X, train),
      XTest: takeRows(X, test),
      yTrain,
      yTest,
      trainIndices: train,
      testIndices: test,
    };
  }
  return {
    XTrain: train.map((i) => [...(X[i] as number[])]),
    XTest: test.map((i) => [...(X[i] as number[])]),
    yTrain,
    yTest,
    trainIndices: train,
    testIndices: test,
  };
}

function takeRows(X: Matrix, rows: readonly number[]): Matrix {
  const c = X.cols;
  const data = new Float64Array(rows.length * c);
  rows.forEach((r, k) => {
    data.set(X.data.subarray(r * c, (r + 1) * c), k * c);
  });
  return new Matrix(rows.length, c, data);
}

type SizeKind = "fraction" | "count" | "none";

function sizeKind(fn: string, what: string, v: unknown, n: number): SizeKind {
  if (v === undefined) return "none";
  if (typeof v !== "number") {
    throw new TypeError(
      `${fn}: expected ${what} to be a fraction in (0, 1) or a count, got ${describe(v)}`,
    );
  }
  if (v > 0 && v < 1) return "fraction";
  if (Number.isInteger(v) && v >= 1 && v < n) return "count";
  throw new RangeError(
    `${fn}: expected ${what} to be a fraction in (0, 1) or an integer count in [1, ${n}) (the number of samples is ${n}), got ${v}`,
  );
}

/** scikit-learn's `_validate_shuffle_split`: [nTrain, nTest]. */
function splitSizes(
  fn: string,
  n: number,
  testSize: number | undefined,
  trainSize: number | undefined,
): [number, number] {
  if (testSize === undefined && trainSize === undefined) testSize = 0.25;
  const testKind = sizeKind(fn, "testSize", testSize, n);
  const trainKind = sizeKind(fn, "trainSize", trainSize, n);
  if (testKind === "fraction" && trainKind === "fraction") {
    const sum = (trainSize as number) + (testSize as number);
    if (sum > 1) {
      throw new RangeError(
        `${fn}: testSize + trainSize = ${sum} must not exceed 1 (got testSize ${testSize}, trainSize ${trainSize})`,
      );
    }
  }
  let nTest =
    testKind === "fraction"
      ? Math.ceil((testSize as number) * n)
      : (testSize as number | undefined);
  let nTrain =
    trainKind === "fraction"
      ? Math.floor((trainSize as number) * n)
      : (trainSize as number | undefined);
  if (nTrain === undefined) nTrain = n - (nTest as number);
  else if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + (nTest as number) > n) {
    throw new RangeError(
      `${fn}: train (${nTrain}) + test (${nTest}) samples exceed the ${n} samples; reduce testSize and/or trainSize`,
    );
  }
  if (nTrain === 0) {
    throw new RangeError(
      `${fn}: with ${n} samples, testSize ${testSize} and trainSize ${trainSize} the training part would be empty`,
    );
  }
  if (nTest === 0) {
    throw new RangeError(
      `${fn}: with ${n} samples, testSize ${testSize} and trainSize ${trainSize} the test part would be empty`,
    );
  }
  return [nTrain, nTest as number];
}

/** scikit-learn's StratifiedShuffleSplit (one split). */
function stratifiedIndices(
  fn: string,
  labels: readonly (number | string)[],
  nTrain: number,
  nTest: number,
  rng: RandomState,
): { train: number[]; test: number[] } {
  const kinds = new Set(labels.map((l) => typeof l));
  for (const [i, l] of labels.entries()) {
    if (typeof l === "number" ? !Number.isFinite(l) : typeof l !== "string") {
      throw new TypeError(
        `${fn}: expected stratify[${i}] to be a finite number or a string, got ${describe(l)}`,
      );
    }
  }
  if (kinds.size > 1) {
    throw new TypeError(`${fn}: stratify mixes numbers and strings; use one kind of label`);
  }
  // np.unique: sorted classes; class_indices: members of each class in ascending order.
  const classes = [...new Set(labels)].sort((a, b) =>
    typeof a === "number" ? a - (b as number) : a < b ? -1 : a > b ? 1 : 0,
  );
  const classOf = new Map(classes.map((c, k) => [c, k]));
  const members: number[][] = classes.map(() => []);
  labels.forEach((l, i) => {
    (members[classOf.get(l) as number] as number[]).push(i);
  });
  const counts = members.map((m) => m.length);
  counts.forEach((c, k) => {
    if (c < 2) {
      throw new RangeError(
        `${fn}: stratify class ${JSON.stringify(classes[k])} has only ${c} member; every class needs at least 2`,
      );
    }
  });
  if (nTrain < classes.length) {
    throw new RangeError(
      `${fn}: the training part has ${nTrain} samples, fewer than the ${classes.length} classes of stratify`,
    );
  }
  if (nTest < classes.length) {
    throw new RangeError(
      `${fn}: the test part has ${nTest} samples, fewer than the ${classes.length} classes of stratify`,
    );
  }
  const nI = approximateMode(counts, nTrain, rng);
  const tI = approximateMode(
    counts.map((c, k) => c - (nI[k] as number)),
    nTest,
    rng,
  );
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((m, k) => {
    const perm = rng.permutation(m.length);
    const shuffled = perm.map((p) => m[p] as number);
    const a = nI[k] as number;
    const b = tI[k] as number;
    train.push(...shuffled.slice(0, a));
    test.push(...shuffled.slice(a, a + b));
  });
  return { train: rng.permutation(train), test: rng.permutation(test) };
}

/** scikit-learn's `_approximate_mode(class_counts, n_draws, rng)`. */
function approximateMode(counts: readonly number[], nDraws: number, rng: RandomState): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * nDraws);
  const floored = continuous.map((v) => Math.floor(v));
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((v, k) => v - (floored[k] as number));
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, k) => {
        if (r === value) inds.push(k);
      });
      const addNow = Math.min(inds.length, needToAdd);
      // rng.choice(inds, addNow, replace=False) = inds[permutation(len)[:addNow]]
      const chosen = rng.permutation(inds.length).slice(0, addNow);
      for (const c of chosen) {
        const k = inds[c] as number;
        floored[k] = (floored[k] as number) + 1;
      }
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}
