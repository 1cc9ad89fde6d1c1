import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import type { Matrix } from "../matrix.ts";
import { fullForwardPropagation, type Memory } from "../notebook/propagation.ts";
import { isLabelledData, toSamples, toTargets } from "./data.ts";
import type { NetworkState } from "./state.ts";

/** Result of `Network.evaluate`. */
export interface Evaluation {
  readonly loss: number;
  /** Classification only. */
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
 * The output layer's values for samples x features input, as samples x outputs.
 *
 * @example
 * ```ts
 * outputs(state, [[0.5, -0.2]], "predictOutputs").shape; // [1, outputs]
 * ```
 */
export function outputs(state: NetworkState, X: unknown, where: string): Matrix {
  const xs = checkSamples(state, X, where);
  const out = state.backend.toMatrix(forward(state, toBackend(state, xs.transpose())).output);
  return out.transpose();
}

/**
 * One prediction per row of samples x outputs: the 0/1 label of a sigmoid output (`p > 0.5`),
 * the argmax of a softmax, or the value of a one-output regression.
 *
 * @example
 * ```ts
 * predictions(state, outputs(state, X, "predict")); // e.g. [1, 0]
 * ```
 */
export function predictions(state: NetworkState, out: Matrix): number[] {
  const k = out.cols;
  const labels: number[] = new Array(out.rows);
  for (let i = 0; i < out.rows; i++) {
    if (state.task === "binary") labels[i] = (out.data[i] as number) > 0.5 ? 1 : 0;
    else if (state.task === "multiclass") labels[i] = argmax(out.data, i * k, k);
    else labels[i] = out.data[i] as number;
  }
  return labels;
}

/**
 * Validates `(X, y)` or a `{ X, y }` data set and returns samples x features and samples x
 * outputs matrices.
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
  const ys = toTargets(yIn, state.task, outputDim, xs.rows, `${where}: y`);
  return [xs, ys];
}

/**
 * Loss (and accuracy for classifiers) of backend data, features x samples and outputs x samples.
 *
 * @example
 * ```ts
 * measure(state, Xt, Yt, n).loss;
 * ```
 */
export function measure(state: NetworkState, Xt: unknown, Yt: unknown, n: number): Evaluation {
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
      if (((p.data[i * cols + j] as number) > 0.5 ? 1 : 0) !== y.data[i * cols + j]) {
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
