// The playground's data: generates a dataset from the state, splits it into train and test
// sets (seeded, as scikit-learn's train_test_split) and computes the selected input features.
import { Matrix, RandomState } from "@plainnet/core";
import { checkElementCount } from "@plainnet/core/engine";
import {
  makeBlobs,
  makeCircles,
  makeMoons,
  playgroundCircle,
  playgroundGauss,
  playgroundSpiral,
  playgroundXor,
  trainTestSplit,
} from "@plainnet/datasets";
import { transformFeatures } from "./features.ts";
import { isRegression, type PlaygroundState } from "./state.ts";

/**
 * Raw two-dimensional points with one target each (a class index, or a value for regression).
 *
 * @example
 * ```ts
 * const raw: RawData = { points: new Float64Array([0, 1]), targets: [1], classes: 2 };
 * ```
 */
export interface RawData {
  /** n x 2, row-major (x1, x2 per point). */
  readonly points: Float64Array;
  readonly targets: readonly number[];
  /** Number of classes (0 for regression). */
  readonly classes: number;
  /** Class names for a CSV with string labels, in class-index order. */
  readonly classNames?: readonly string[];
}

/**
 * The square region drawn and sampled for the heat maps: [min, max] on both axes.
 *
 * @example
 * ```ts
 * const d: Domain = { min: -6, max: 6 };
 * ```
 */
export interface Domain {
  readonly min: number;
  readonly max: number;
}

/**
 * Everything training needs: raw points for drawing, features for the network, the split.
 *
 * @example
 * ```ts
 * const data: PreparedData = prepareData(DEFAULT_STATE);
 * data.XTrain.shape; // [250, 2]
 * ```
 */
export interface PreparedData {
  readonly trainPoints: Float64Array;
  readonly testPoints: Float64Array;
  readonly XTrain: Matrix;
  readonly XTest: Matrix;
  readonly yTrain: number[];
  readonly yTest: number[];
  readonly classes: number;
  readonly classNames?: readonly string[];
  readonly domain: Domain;
}

/** TensorFlow Playground's "plane" regression: label (x + y) / 10 on [-6, 6]². */
function regressPlane(n: number, noise: number, seed: number): RawData {
  const rng = new RandomState(seed);
  const points = new Float64Array(2 * n);
  const targets: number[] = [];
  const u = (a: number, b: number): number => rng.randomSample() * (b - a) + a;
  for (let i = 0; i < n; i++) {
    const x = u(-6, 6);
    const y = u(-6, 6);
    const nx = u(-6, 6) * noise;
    const ny = u(-6, 6) * noise;
    points[2 * i] = x;
    points[2 * i + 1] = y;
    targets.push((x + nx + y + ny) / 10);
  }
  return { points, targets, classes: 0 };
}

const GAUSSIANS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/** TensorFlow Playground's "multi gaussian" regression: six signed bumps on [-6, 6]². */
function regressGauss(n: number, noise: number, seed: number): RawData {
  const rng = new RandomState(seed);
  const points = new Float64Array(2 * n);
  const targets: number[] = [];
  const u = (a: number, b: number): number => rng.randomSample() * (b - a) + a;
  const label = (x: number, y: number): number => {
    let best = 0;
    for (const [cx, cy, sign] of GAUSSIANS) {
      const d = Math.hypot(x - cx, y - cy);
      const v = sign * Math.min(1, Math.max(0, 1 - d / 2));
      if (Math.abs(v) > Math.abs(best)) best = v;
    }
    return best;
  };
  for (let i = 0; i < n; i++) {
    const x = u(-6, 6);
    const y = u(-6, 6);
    const nx = u(-6, 6) * noise;
    const ny = u(-6, 6) * noise;
    points[2 * i] = x;
    points[2 * i + 1] = y;
    targets.push(label(x + nx, y + ny));
  }
  return { points, targets, classes: 0 };
}

/**
 * Generates the state's dataset (not `"csv"`: the user's file comes as {@link RawData}).
 *
 * @example
 * ```ts
 * generateData({ ...DEFAULT_STATE, dataset: "spiral" }).points.length; // 1000 (500 points)
 * ```
 */
export function generateData(state: PlaygroundState): RawData {
  const nSamples = state.samples;
  const noise = state.noise;
  const randomState = state.dataSeed;
  const wrap = (d: { X: Matrix; y: number[] }, classes: number): RawData => ({
    points: d.X.data,
    targets: d.y,
    classes,
  });
  switch (state.dataset) {
    case "circle":
      return wrap(playgroundCircle({ nSamples, noise, randomState }), 2);
    case "xor":
      return wrap(playgroundXor({ nSamples, noise, randomState }), 2);
    case "gauss":
      return wrap(playgroundGauss({ nSamples, noise, randomState }), 2);
    case "spiral":
      return wrap(playgroundSpiral({ nSamples, noise, randomState }), 2);
    case "moons":
      return wrap(makeMoons({ nSamples, noise, randomState }), 2);
    case "circles":
      return wrap(makeCircles({ nSamples, noise, factor: 0.5, randomState }), 2);
    case "blobs":
      return wrap(makeBlobs({ nSamples, centers: 3, clusterStd: 1 + 4 * noise, randomState }), 3);
    case "reg-plane":
      return regressPlane(nSamples, noise, state.dataSeed);
    case "reg-gauss":
      return regressGauss(nSamples, noise, state.dataSeed);
    default:
      throw new RangeError(
        `generateData: dataset ${JSON.stringify(state.dataset)} is not generated; load a CSV file`,
      );
  }
}

/**
 * A square domain around the points with a 10% margin (TensorFlow Playground's fixed
 * [-6, 6] for its own sets).
 *
 * @example
 * ```ts
 * domainOf(new Float64Array([0, 0, 1, 1])); // { min: -0.1, max: 1.1 }
 * ```
 */
export function domainOf(points: Float64Array): Domain {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of points) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo))
    return { min: (Number.isFinite(lo) ? lo : 0) - 1, max: (Number.isFinite(hi) ? hi : 0) + 1 };
  const pad = (hi - lo) * 0.1;
  return { min: lo - pad, max: hi + pad };
}

/**
 * Splits raw data into train and test sets (seeded by the data seed) and computes the
 * selected features for each.
 *
 * @example
 * ```ts
 * const d = prepareData(state, generateData(state));
 * d.XTest.rows; // ceil(testFraction * samples)
 * ```
 */
export function prepareData(
  state: PlaygroundState,
  raw: RawData = generateData(state),
): PreparedData {
  const n = raw.targets.length;
  if (raw.points.length !== 2 * n) {
    throw new RangeError(
      `prepareData: expected ${2 * n} coordinates for ${n} targets, got ${raw.points.length}`,
    );
  }
  if (n < 4) throw new RangeError(`prepareData: at least 4 samples needed, got ${n}`);
  checkElementCount(
    "prepareData",
    `${n} samples x ${state.features.length} features`,
    n * state.features.length,
  );
  const X = new Matrix(n, 2, raw.points);
  const split = trainTestSplit(X, raw.targets as number[], {
    testSize: state.testFraction,
    randomState: state.dataSeed,
  });
  const domain =
    state.dataset === "csv" ||
    state.dataset === "moons" ||
    state.dataset === "circles" ||
    state.dataset === "blobs"
      ? domainOf(raw.points)
      : { min: -6, max: 6 };
  const k = state.features.length;
  const XTrain = new Matrix(
    split.XTrain.rows,
    k,
    transformFeatures(split.XTrain.data, state.features),
  );
  const XTest = new Matrix(
    split.XTest.rows,
    k,
    transformFeatures(split.XTest.data, state.features),
  );
  const classes = isRegression(state.dataset) ? 0 : raw.classes;
  return {
    trainPoints: split.XTrain.data,
    testPoints: split.XTest.data,
    XTrain,
    XTest,
    yTrain: split.yTrain,
    yTest: split.yTest,
    classes,
    ...(raw.classNames === undefined ? {} : { classNames: raw.classNames }),
    domain,
  };
}
