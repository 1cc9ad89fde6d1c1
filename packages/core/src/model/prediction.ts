import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import { CLASS_THRESHOLD } from "../engine/ops.generated.ts";
import { Matrix } from "../matrix.ts";
import { meanAbsoluteError } from "../metrics/mean-absolute-error.ts";
import { meanSquaredError } from "../metrics/mean-squared-error.ts";
import { r2Score } from "../metrics/r2-score.ts";
import { fullForwardPropagation, type Memory } from "../notebook/propagation.ts";
import { type ClassLabel, classTargets } from "./classes.ts";
import { isLabelledData, toSamples, toTargets } from "./data.ts";
import { fusedOutputs } from "./fused-prediction.ts";
import { scaleSamples } from "./scaling.ts";
import type { NetworkState } from "./state.ts";

/** What `Network.evaluate` reports for a classifier (binary, multi-class or multi-label). */
export interface ClassifierEvaluation {
  readonly task: "binary" | "multiclass" | "multilabel";
  /** The network's loss on the data. */
  readonly loss: number;
  /** Fraction of samples predicted right (multi-label: every unit right). */
  readonly accuracy: number;
  readonly mse?: undefined;
  readonly mae?: undefined;
  readonly r2?: undefined;
}

/** What `Network.evaluate` reports for a regression network. */
export interface RegressionEvaluation {
  readonly task: "regression";
  /** The network's loss on the data. */
  readonly loss: number;
  /** Mean squared error (scikit-learn's `mean_squared_error`, outputs averaged). */
  readonly mse: number;
  /** Mean absolute error (`mean_absolute_error`). */
  readonly mae: number;
  /** Coefficient of determination (`r2_score`); null for fewer than two samples. */
  readonly r2: number | null;
  readonly accuracy?: undefined;
}

/**
 * Result of `Network.evaluate`: loss and accuracy for a classifier; loss, MSE, MAE and R² for
 * regression. `task` tells which (`accuracy` is a number whenever `task` is not
 * `"regression"`).
 */
export type Evaluation = ClassifierEvaluation | RegressionEvaluation;

/** Loss and accuracy (classifiers) as the training loop logs them. */
export interface Measurement {
  readonly loss: number;
  readonly accuracy?: number;
}

/**
 * Validates samples x features input (or a `{ X, y }` data set's `X`) against the input layer.
 *
 * @example
 * ```ts
 * checkSamples(state, [[0.5, -0.2]], "predict").shape; // [1, 2]
 * ```
 */
export function checkSamples(state: NetworkState, X: unknown, where: string): Matrix {
  const xs = toSamples(isLabelledData(X) ? X.X : X, `${where}: X`);
  const inputs = state.architecture[0]!.inputDim;
  if (xs.cols !== inputs) {
    throw new RangeError(
      `${where}: X has ${xs.cols} features per sample but the network's input layer expects ${inputs} (X is samples x features, one row per example)`,
    );
  }
  return xs;
}

/**
 * A {@link Matrix} converted to the network's backend (the same object on the typed-array one).
 *
 * @example
 * ```ts
 * const Xt = toBackend(state, xs.transpose());
 * ```
 */
export function toBackend(state: NetworkState, m: Matrix): unknown {
  return state.backend === (typedArrayBackend as MatrixBackend<unknown>)
    ? m
    : state.backend.fromMatrix(m);
}

/**
 * The notebook's forward pass with the network's current parameters (X is features x samples).
 *
 * @example
 * ```ts
 * const { output } = forward(state, toBackend(state, xs.transpose()));
 * ```
 */
export function forward(
  state: NetworkState,
  Xt: unknown,
): { output: unknown; memory: Memory<unknown> } {
  return fullForwardPropagation(Xt, state.params, state.architecture, {
    backend: state.backend,
  });
}

/**
 * Samples x features input checked against the input layer and scaled by the network's
 * scaler (if it has one).
 *
 * @example
 * ```ts
 * features(state, [[5.1, 3.5, 1.4, 0.2]], "predict"); // standardised when scale is "standard"
 * ```
 */
export function features(state: NetworkState, X: unknown, where: string): Matrix {
  return scaleSamples(state.scale, state.scaler, checkSamples(state, X, where), where);
}

/**
 * The output layer's values for samples x features input (raw features: the network's
 * scaler is applied), as samples x outputs: on the network's fused engine (in float64 the
 * reference path's bits, in float32 with float32 rounding, see {@link fusedOutputs}), else on
 * the reference path.
 *
 * @example
 * ```ts
 * outputs(state, [[0.5, -0.2]], "predictOutputs").shape; // [1, outputs]
 * ```
 */
export function outputs(state: NetworkState, X: unknown, where: string): Matrix {
  const xs = features(state, X, where);
  const fused = fusedOutputs(state, xs);
  // One output: outputs x samples and samples x outputs are the same values in the same order.
  if (fused !== null)
    return fused.rows === 1 ? new Matrix(fused.cols, 1, fused.data) : fused.transpose();
  const out = state.backend.toMatrix(forward(state, toBackend(state, xs.transpose())).output);
  return out.transpose();
}

/**
 * One prediction per row of samples x outputs: the class of a sigmoid output (`p > 0.5`, the
 * table's `CLASS_THRESHOLD`: the
 * second class) or of a softmax (the argmax) — the network's class label, or the class index
 * before any labels were seen — or the value of a one-output regression.
 *
 * @example
 * ```ts
 * predictions(state, outputs(state, X, "predict")); // e.g. ["setosa", "virginica"]
 * ```
 */
export function predictions(state: NetworkState, out: Matrix): ClassLabel[] {
  const k = out.cols;
  const classes = state.classes;
  const labels: ClassLabel[] = new Array(out.rows);
  for (let i = 0; i < out.rows; i++) {
    let v: number;
    if (state.task === "binary") v = (out.data[i] as number) > CLASS_THRESHOLD ? 1 : 0;
    else if (state.task === "multiclass") v = argmax(out.data, i * k, k);
    else {
      labels[i] = out.data[i] as number;
      continue;
    }
    labels[i] = classes === null ? v : (classes[v] as ClassLabel);
  }
  return labels;
}

/**
 * Validates `(X, y)` or a `{ X, y }` data set and returns samples x features (not scaled)
 * and samples x outputs matrices. Class labels are looked up in `classes` (default the network's; without
 * any, the labels' own sorted classes).
 *
 * @example
 * ```ts
 * const [xs, ys] = labelled(state, X, y, "evaluate");
 * ```
 */
export function labelled(
  state: NetworkState,
  X: unknown,
  y: unknown,
  where: string,
  classes: readonly ClassLabel[] | null = state.classes,
): [Matrix, Matrix] {
  let xIn = X;
  let yIn = y;
  if (isLabelledData(X)) {
    if (y !== undefined) {
      throw new TypeError(`${where}: give either (X, y) or a { X, y } data set, not both`);
    }
    xIn = X.X;
    yIn = X.y;
  }
  if (yIn === undefined) {
    throw new TypeError(`${where}: missing the targets y (give (X, y) or a { X, y } data set)`);
  }
  const xs = checkSamples(state, xIn, where);
  const outputDim = state.architecture[state.architecture.length - 1]!.outputDim;
  const ct = classTargets(yIn, state.task, outputDim, classes, `${where}: y`);
  const ys = toTargets(ct.y, state.task, outputDim, xs.rows, `${where}: y`);
  return [xs, ys];
}

/**
 * The metrics of `Network.evaluate` for checked and scaled samples x features `xs` and
 * samples x outputs targets `ys`.
 *
 * @example
 * ```ts
 * evaluation(state, xs, ys); // { task: "binary", loss: 0.31, accuracy: 0.9 }
 * ```
 */
export function evaluation(state: NetworkState, xs: Matrix, ys: Matrix): Evaluation {
  const Yt = toBackend(state, ys.transpose());
  // The fused engine's outputs where the network has one (a Matrix: its backend is typed-array).
  const output = fusedOutputs(state, xs) ?? forward(state, toBackend(state, xs.transpose())).output;
  const loss = state.loss.cost(state.backend, output, Yt);
  if (state.task !== "regression") {
    return { task: state.task, loss, accuracy: countCorrect(state, output, Yt) / xs.rows };
  }
  const predicted = state.backend.toMatrix(output).transpose();
  return {
    task: "regression",
    loss,
    mse: meanSquaredError(ys, predicted),
    mae: meanAbsoluteError(ys, predicted),
    r2: xs.rows < 2 ? null : r2Score(ys, predicted),
  };
}

/**
 * Loss (and accuracy for classifiers) of backend data, features x samples and outputs x samples.
 *
 * @example
 * ```ts
 * measure(state, Xt, Yt, n).loss;
 * ```
 */
export function measure(state: NetworkState, Xt: unknown, Yt: unknown, n: number): Measurement {
  const { output } = forward(state, Xt);
  const loss = state.loss.cost(state.backend, output, Yt);
  if (state.task === "regression") return { loss };
  return { loss, accuracy: countCorrect(state, output, Yt) / n };
}

/**
 * Number of samples (columns) predicted right: every sigmoid unit thresholded at 0.5, or the
 * argmax.
 *
 * @example
 * ```ts
 * countCorrect(state, output, Y) / n; // accuracy
 * ```
 */
export function countCorrect(state: NetworkState, output: unknown, Y: unknown): number {
  const p = state.backend.toMatrix(output);
  const y = state.backend.toMatrix(Y);
  const { rows, cols } = y;
  let correct = 0;
  if (state.task === "multiclass") {
    for (let j = 0; j < cols; j++) {
      if (argmaxColumn(p.data, j, rows, cols) === argmaxColumn(y.data, j, rows, cols)) correct++;
    }
    return correct;
  }
  for (let j = 0; j < cols; j++) {
    let all = true;
    for (let i = 0; i < rows; i++) {
      if (((p.data[i * cols + j] as number) > CLASS_THRESHOLD ? 1 : 0) !== y.data[i * cols + j]) {
        all = false;
        break;
      }
    }
    if (all) correct++;
  }
  return correct;
}

function argmax(data: Float64Array, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++)
    if ((data[offset + j] as number) > (data[offset + best] as number)) best = j;
  return best;
}

function argmaxColumn(data: Float64Array, col: number, rows: number, cols: number): number {
  let best = 0;
  for (let i = 1; i < rows; i++)
    if ((data[i * cols + col] as number) > (data[best * cols + col] as number)) best = i;
  return best;
}
