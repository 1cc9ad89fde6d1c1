import type { Activation } from "../activations/activation.ts";
import { linear } from "../activations/linear.ts";
import { isColumnwise } from "../activations/softmax.ts";
import { type Architecture, type LayerInput, normalizeArchitecture } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import { foreignMatrixHint } from "../input-hint.ts";
import type { LossLike } from "../losses/loss.ts";
import { getLoss } from "../losses/registry.ts";
import { describe, type Matrix } from "../matrix.ts";
import { checkParams, type Grads, type LayerGrads, type Params } from "../params.ts";

/** Options shared by the functional API: which backend does the arithmetic. */
export interface BackendOptions<M = Matrix> {
  /** Default: the typed-array reference backend. */
  readonly backend?: MatrixBackend<M>;
}

/**
 * What the forward pass keeps for the backward pass (the notebook's `memory`):
 * `A[i]` is the input of layer i (`A[0]` is X) and `Z[i]` its pre-activation.
 */
export interface Memory<M = Matrix> {
  readonly A: readonly M[];
  readonly Z: readonly M[];
}

/** Result of {@link fullForwardPropagation}. */
export interface ForwardResult<M = Matrix> {
  /** Ŷ, the last layer's activation (outputDim x samples). */
  readonly output: M;
  readonly memory: Memory<M>;
}

/** Result of {@link singleLayerForwardPropagation}. */
export interface LayerForwardResult<M = Matrix> {
  /** A = g(Z). */
  readonly A: M;
  /** Z = W·A_prev + b. */
  readonly Z: M;
}

/** Result of {@link singleLayerBackwardPropagation}. */
export interface LayerBackwardResult<M = Matrix> {
  readonly dAPrev: M;
  readonly dW: M;
  readonly db: M;
}

function backendOf<M>(options: BackendOptions<M> | undefined): MatrixBackend<M> {
  return (options?.backend ?? typedArrayBackend) as MatrixBackend<M>;
}

function checkInput<M>(be: MatrixBackend<M>, x: unknown, name: string, where: string): M {
  if (!be.isMatrix(x)) {
    throw new TypeError(
      `${where}: ${name} must be a matrix of the ${be.name} backend, got ${describe(x)}` +
        foreignMatrixHint(x, be.name),
    );
  }
  return x;
}

/**
 * One layer forward: `Z = W·A_prev + b`, `A = g(Z)`.
 *
 * @example
 * ```ts
 * const { A, Z } = singleLayerForwardPropagation(X, params[0].W, params[0].b, relu);
 * ```
 */
export function singleLayerForwardPropagation<M = Matrix>(
  APrev: M,
  W: M,
  b: M,
  activation: Activation,
  options?: BackendOptions<M>,
): LayerForwardResult<M> {
  const be = backendOf(options);
  const Z = be.addColumn(be.matmul(W, APrev), b);
  return { A: isColumnwise(activation) ? be.softmaxColumns(Z) : be.activate(Z, activation), Z };
}

/**
 * dZ of a softmax layer from dA: the Jacobian-vector product `A ⊙ (dA − 1·(1ᵀ(dA ⊙ A)))`,
 * one column (sample) at a time, built from backend ops.
 */
function softmaxBackward<M>(be: MatrixBackend<M>, dA: M, Z: M): M {
  const A = be.softmaxColumns(Z);
  const [k] = be.shape(Z);
  const ones = be.map(be.zeros(k, 1), () => 1);
  const dots = be.matmul(ones, be.mul(dA, A), { transposeA: true }); // 1 x m
  return be.mul(A, be.sub(dA, be.matmul(ones, dots)));
}

/**
 * The notebook's `full_forward_propagation`: runs X (**features x samples**) through every
 * layer and keeps each layer's input `A` and pre-activation `Z` in `memory`.
 *
 * @example
 * ```ts
 * const { output } = fullForwardPropagation(Matrix.from([[1], [2]]), params, arch);
 * output.get(0, 0); // a probability
 * ```
 */
export function fullForwardPropagation<M = Matrix>(
  X: M,
  params: Params<M>,
  architecture: readonly LayerInput[] | Architecture,
  options?: BackendOptions<M>,
): ForwardResult<M> {
  const where = "fullForwardPropagation";
  const be = backendOf(options);
  const arch = normalizeArchitecture(architecture, where);
  checkInput(be, X, "X", where);
  checkParams(params, arch, be, where);
  const [rows] = be.shape(X);
  const first = arch[0]!;
  if (rows !== first.inputDim) {
    throw new RangeError(
      `${where}: X has ${rows} rows but layer 0 expects inputDim ${first.inputDim} (X is features x samples, one column per example)`,
    );
  }
  const A: M[] = [];
  const Z: M[] = [];
  let current = X;
  arch.forEach((layer, i) => {
    const p = params[i]!;
    A.push(current);
    const r = singleLayerForwardPropagation(current, p.W, p.b, layer.activation, { backend: be });
    Z.push(r.Z);
    current = r.A;
  });
  return { output: current, memory: { A, Z } };
}

/**
 * One layer backward (the notebook's `single_layer_backward_propagation`):
 * `dZ = dA * g'(Z)`, `dW = dZ·A_prevᵀ / m`, `db = Σ_columns dZ / m`, `dA_prev = Wᵀ·dZ`.
 *
 * @example
 * ```ts
 * const { dW, db, dAPrev } = singleLayerBackwardPropagation(dA, W, Z, APrev, relu);
 * ```
 */
export function singleLayerBackwardPropagation<M = Matrix>(
  dA: M,
  W: M,
  Z: M,
  APrev: M,
  activation: Activation,
  options?: BackendOptions<M>,
): LayerBackwardResult<M> {
  const be = backendOf(options);
  const m = be.shape(APrev)[1];
  const dZ = isColumnwise(activation)
    ? softmaxBackward(be, dA, Z)
    : be.activateBackward(dA, Z, activation);
  const dW = be.map(be.matmul(dZ, APrev, { transposeB: true }), (v) => v / m);
  const db = be.map(be.rowSum(dZ), (v) => v / m);
  const dAPrev = be.matmul(W, dZ, { transposeA: true });
  return { dAPrev, dW, db };
}

/**
 * The notebook's `full_backward_propagation`: gradients of the loss (binary cross-entropy by
 * default) with respect to every layer's W and b.
 *
 * @example
 * ```ts
 * const { output, memory } = fullForwardPropagation(X, params, arch);
 * const grads = fullBackwardPropagation(output, Y, memory, params, arch);
 * grads[0].dW.shape; // same as params[0].W.shape
 * ```
 */
export function fullBackwardPropagation<M = Matrix>(
  Yhat: M,
  Y: M,
  memory: Memory<M>,
  params: Params<M>,
  architecture: readonly LayerInput[] | Architecture,
  loss: LossLike = "binaryCrossEntropy",
  options?: BackendOptions<M>,
): Grads<M> {
  const where = "fullBackwardPropagation";
  const be = backendOf(options);
  const arch = normalizeArchitecture(architecture, where);
  checkParams(params, arch, be, where);
  checkTargets(be, Yhat, Y, where);
  const lossFn = getLoss(loss, where);
  const last = arch.length - 1;
  // A closed-form dL/dZ for the output layer (softmax + categorical cross-entropy: Ŷ − Y)
  // replaces the loss gradient; the identity activation then passes it through unchanged.
  const delta = lossFn.outputDelta?.(be, Yhat, Y, arch[last]!.activation);
  let dA = delta ?? lossFn.gradient(be, Yhat, Y);
  const grads: LayerGrads<M>[] = new Array(arch.length);
  for (let i = last; i >= 0; i--) {
    const p = params[i]!;
    const activation = i === last && delta !== undefined ? linear : arch[i]!.activation;
    const r = singleLayerBackwardPropagation(dA, p.W, memory.Z[i]!, memory.A[i]!, activation, {
      backend: be,
    });
    grads[i] = { dW: r.dW, db: r.db };
    dA = r.dAPrev;
  }
  return grads;
}

/**
 * Checks that predictions and targets are matrices of the same shape (outputs x samples).
 *
 * @example
 * ```ts
 * checkTargets(typedArrayBackend, Yhat, Y, "getCostValue");
 * ```
 */
export function checkTargets<M>(
  be: MatrixBackend<M>,
  Yhat: unknown,
  Y: unknown,
  where: string,
): void {
  checkInput(be, Yhat, "Yhat", where);
  checkInput(be, Y, "Y", where);
  const [pr, pc] = be.shape(Yhat as M);
  const [yr, yc] = be.shape(Y as M);
  if (pr !== yr || pc !== yc) {
    throw new RangeError(
      `${where}: Y is ${yr}x${yc} but the network's output Yhat is ${pr}x${pc} (both are outputs x samples)`,
    );
  }
}
