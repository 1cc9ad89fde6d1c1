import { isColumnwise } from "../activations/softmax.ts";
import type { Architecture } from "../architecture.ts";
import { type Epilogue, type Kernels, NO_EPILOGUE, NONE } from "./kernels.ts";
import {
  type FusedActivation,
  type FusedActivationName,
  type FusedLoss,
  fusedActivations,
} from "./ops.generated.ts";

/** Where one layer's buffers live in the heap (element offsets). */
export interface LayerPlan {
  readonly inputs: number;
  readonly outputs: number;
  /** The activation's entry of the fused table (recognised by its name); null for softmax. */
  readonly op: FusedActivation | null;
  /**
   * "relu" and "linear" run fused in the kernels; "js" applies the activation per element;
   * "softmax" per column (engine/softmax.ts).
   */
  readonly kind: "relu" | "linear" | "js" | "softmax";
  /** The forward product's epilogue: the bias (and ReLU), with the whole bias or the gathered one. */
  readonly forwardEpilogue: Epilogue;
  readonly gatheredEpilogue: Epilogue;
  /**
   * The epilogue of the product that computes this layer's dZ from the next layer's (ReLU's
   * derivative from this layer's output, or none).
   */
  readonly backwardEpilogue: Epilogue;
  readonly W: number;
  readonly b: number;
  /** Z = W·A_prev + b; for a ReLU layer the same buffer as A (see the memory plan). */
  readonly Z: number;
  /** This layer's output (the same buffer as Z: every activation's derivative reads A). */
  readonly A: number;
  readonly dZ: number;
  /** dA of this layer's output before the activation derivative ("js" and "softmax" layers). */
  readonly dA: number;
  readonly dW: number;
  readonly db: number;
  /** The transpose of this layer's input (samples x inputs), for dW = dZ·Aᵀ. */
  readonly inputT: number;
}

/** Every buffer of a fused training run, planned once in one heap. */
export interface BufferPlan {
  readonly layers: readonly LayerPlan[];
  /** X (features x samples) and Y (outputs x samples). */
  readonly X: number;
  readonly Y: number;
  /** [offset, length] of the block of every layer's W and b, and of every dW and db (the same
   * layout). */
  readonly paramsSpan: readonly [number, number];
  readonly gradsSpan: readonly [number, number];
  /** Scratch for one compacted W: `W[:, alive]` forward, `W[alive, alive]` backward. */
  readonly gather: number;
  /** Scratch for the biases of the units a forward pass computes when it skips some. */
  readonly gatherB: number;
  /** The widest layer's output count. */
  readonly widest: number;
  /** Heap buffers for the cost's terms where the kernel set computes them (`bceTerms`), else
   * NONE. */
  readonly posTerms: number;
  readonly negTerms: number;
}

/**
 * Plans every buffer of a fused training run of `arch` over at most `samples` samples in the
 * heap of `kernels` (a small heap stays in cache): a ReLU layer keeps only A = max(Z, 0), which
 * also serves as the mask of its derivative (Z ≤ 0 exactly where A ≤ 0, NaN where Z is), and
 * every other activation computes A over Z too (its derivative reads A); only two dZ buffers
 * exist, used alternately by consecutive layers; one buffer holds the transposed input of
 * whichever layer computes dW (X's own transpose is kept, it never changes); one buffer holds
 * dA of whichever non-fused layer needs it. Every layer's W and b are one block and every dW
 * and db another of the same layout (the gaps between allocations stay +0), so that one sum
 * checks them all for non-finite values and one in-place step updates them all.
 *
 * @example
 * ```ts
 * const plan = planBuffers(arch, 900, jsKernels("float64"), fusedLosses.binaryCrossEntropy);
 * plan.layers[0].W; // the element offset of layer 0's weights
 * ```
 */
export function planBuffers(
  arch: Architecture,
  samples: number,
  kernels: Kernels,
  loss: FusedLoss,
): BufferPlan {
  const m = samples;
  const k = kernels;
  const X = k.alloc(arch[0]!.inputDim * m);
  const Y = k.alloc(arch[arch.length - 1]!.outputDim * m);
  let widest = 0;
  let widestInput = 1;
  let widestJs = 0;
  arch.forEach((layer, l) => {
    widest = Math.max(widest, layer.outputDim);
    if (l > 0) widestInput = Math.max(widestInput, layer.inputDim);
    if (isColumnwise(layer.activation)) {
      widestJs = Math.max(widestJs, layer.outputDim);
    } else if (fusedActivations[layer.activation.name as FusedActivationName].gemm === null) {
      widestJs = Math.max(widestJs, layer.outputDim);
    }
  });
  const dZBuffers = [k.alloc(widest * m), k.alloc(widest * m)];
  // A kernel set with dWdb reads each layer's input as it is: no transposes to keep.
  const transposes = k.dWdb === undefined;
  const sharedT = transposes ? k.alloc(widestInput * m) : NONE;
  const sharedDA = widestJs > 0 ? k.alloc(widestJs * m) : NONE;
  const paramsStart = k.alloc(0);
  const Wb = arch.map(({ inputDim: i, outputDim: o }) => ({ W: k.alloc(o * i), b: k.alloc(o) }));
  const paramsSpan = [paramsStart, k.alloc(0) - paramsStart] as const;
  const gradsStart = k.alloc(0);
  const dWdb = arch.map(({ inputDim: i, outputDim: o }) => ({
    dW: k.alloc(o * i),
    db: k.alloc(o),
  }));
  const gradsSpan = [gradsStart, k.alloc(0) - gradsStart] as const;
  arch.forEach((_, l) => {
    const same =
      Wb[l]!.W - paramsStart === dWdb[l]!.dW - gradsStart &&
      Wb[l]!.b - paramsStart === dWdb[l]!.db - gradsStart;
    if (!same) throw new Error("FusedTrainer: the gradients' layout differs from the parameters'");
  });
  const gather = k.alloc(Math.max(...arch.map((layer) => layer.outputDim * layer.inputDim)));
  const gatherB = k.alloc(widest);
  const layers: LayerPlan[] = [];
  for (let l = 0; l < arch.length; l++) {
    const { inputDim: i, outputDim: o, activation } = arch[l]!;
    const columnwise = isColumnwise(activation);
    const op = columnwise ? null : fusedActivations[activation.name as FusedActivationName];
    const kind =
      op === null
        ? "softmax"
        : op.gemm === "relu"
          ? "relu"
          : op.gemm === "identity"
            ? "linear"
            : "js";
    const Z = k.alloc(o * m);
    const { W, b } = Wb[l]!;
    const epilogue = (bias: number): Epilogue =>
      kind === "relu" ? { kind: "relu", bias, out: Z } : { kind: "none", bias };
    layers.push({
      inputs: i,
      outputs: o,
      op,
      kind,
      forwardEpilogue: epilogue(b),
      gatheredEpilogue: epilogue(gatherB),
      backwardEpilogue: kind === "relu" ? { kind: "relu", mask: Z } : NO_EPILOGUE,
      W,
      b,
      Z,
      A: Z,
      dZ: dZBuffers[l % 2]!,
      dA: kind === "js" || kind === "softmax" ? sharedDA : NONE,
      ...dWdb[l]!,
      inputT: l === 0 && transposes ? k.alloc(m * i) : sharedT,
    });
  }
  const outputs = arch[arch.length - 1]!.outputDim * m;
  const heapTerms = k.bceTerms !== undefined && loss.name === "binaryCrossEntropy";
  const posTerms = heapTerms ? k.alloc(outputs) : NONE;
  const negTerms = heapTerms ? k.alloc(outputs) : NONE;
  return {
    layers,
    X,
    Y,
    paramsSpan,
    gradsSpan,
    gather,
    gatherB,
    widest,
    posTerms,
    negTerms,
  };
}
