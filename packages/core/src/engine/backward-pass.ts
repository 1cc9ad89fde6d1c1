import { expandDW, gatherW, gatherWT } from "./compaction.ts";
import type { DeadUnits } from "./dead-units.ts";
import type { Kernels } from "./kernels.ts";
import type { BufferPlan } from "./plan.ts";
import { softmaxBackwardInPlace, softmaxSteps } from "./softmax.ts";

/** Multiply-adds from which `dA = Wᵀ·dZ` reads a transposed copy of W (see backwardLayers). */
const TRANSPOSE_W_MACS = 1 << 22;

/**
 * The fused trainer's backward pass below the output layer (whose dZ is already in place):
 * per layer from the last, `dA_prev = Wᵀ·dZ` with the previous layer's derivative fused in the
 * product's epilogue (ReLU) or applied after it from the fused table, then
 * `dW = dZ·A_prevᵀ / divisor` and `db = Σ_samples dZ / divisor` (the reference's pairwise sums,
 * or the float32 sets' `dWdb`), over the live rows and columns of the last forward pass, spread
 * back with +0 for dead units; at and below a layer whose units were all dead (above finite
 * values) every gradient is filled with +0. Returns whether any product was compacted (the
 * caller then checks the gradients and recomputes densely where one is not finite).
 *
 * @example
 * ```ts
 * const compacted = backwardLayers(kernels, plan, units, dbScratch, 900, 900);
 * ```
 */
export function backwardLayers(
  k: Kernels,
  plan: BufferPlan,
  units: DeadUnits,
  dbScratch: Float64Array,
  m: number,
  divisor: number,
): boolean {
  const layers = plan.layers;
  const last = layers.length - 1;
  let h = k.heap();
  const hasDWdb = k.dWdb !== undefined;
  const count = units.count;
  const alive = units.alive;
  const zeroFrom = units.zeroFrom;
  let compacted = false;
  for (let l = last; l >= 0; l--) {
    if (l <= zeroFrom) {
      // Every gradient from here down is +0 (see DeadUnits.deadLayerAboveFinite).
      const top = layers[zeroFrom]!;
      h = k.heap();
      h.fill(0, plan.gradsSpan[0], top.db + top.outputs);
      compacted = true;
      break;
    }
    const L = layers[l]!;
    const { inputs: i, outputs: o } = L;
    // Live units of this layer (rows of dZ) and of its input (rows of A_prev): all of them
    // unless the forward pass compacted dead ReLU units away.
    const oc = count[l]!;
    const ic = l > 0 ? count[l - 1]! : i;
    if (oc < o || ic < i) compacted = true;
    // dA_prev = Wᵀ·dZ first (it needs this layer's W; dW does not touch it); not needed
    // below a layer whose gradients are all +0.
    if (l > 0) {
      const P = layers[l - 1]!;
      if (l - 1 > zeroFrom) {
        // Wᵀ(u, p) = W(p, u), read down W's columns (aRowStride 1, aColStride ic); a large
        // product reads it from a transposed copy instead, row by row (the same values in the
        // same order of p: the same bits), 1-8% faster on 4096 samples.
        let W = L.W;
        let rs = 1;
        let cs = ic;
        const transposed = oc * ic * m >= TRANSPOSE_W_MACS;
        if (oc < o || ic < i) {
          const rows = oc < o ? alive[l]! : null;
          const cols = ic < i ? alive[l - 1]! : null;
          if (transposed) gatherWT(k.heap(), plan.gather, L, oc, rows, ic, cols);
          else gatherW(k.heap(), plan.gather, L, oc, rows, ic, cols);
          W = plan.gather;
        } else if (transposed) {
          k.transpose(L.W, plan.gather, o, i);
          W = plan.gather;
        }
        if (transposed) {
          rs = oc;
          cs = 1;
        }
        if (P.kind === "relu") {
          k.gemm(W, rs, cs, L.dZ, P.dZ, ic, oc, m, P.backwardEpilogue);
        } else if (P.kind === "linear") {
          k.gemm(W, rs, cs, L.dZ, P.dZ, ic, oc, m);
        } else if (P.kind === "softmax") {
          k.gemm(W, rs, cs, L.dZ, P.dA, ic, oc, m);
          softmaxBackwardInPlace(k.heap(), P.dA, P.A, P.dZ, i, m, softmaxSteps(k.dtype));
        } else {
          k.gemm(W, rs, cs, L.dZ, P.dA, ic, oc, m);
          h = k.heap();
          const back = P.op!.backwardFromOutput;
          const src = P.A;
          const end = i * m;
          for (let q = 0; q < end; q++) {
            h[P.dZ + q] = back(h[P.dA + q] as number, h[src + q] as number);
          }
        }
      }
      if (!hasDWdb) k.transpose(P.A, L.inputT, ic, m);
    }
    // dW = dZ·A_prevᵀ / m, db = Σ_samples dZ / m (over the live rows and columns).
    // With dWdb, one pass computes both (the compacted db into the gather buffer, which the
    // product above no longer needs).
    const dbAt = oc < o ? plan.gather : L.db;
    if (hasDWdb) {
      k.dWdb!(L.dZ, l === 0 ? plan.X : layers[l - 1]!.A, L.dW, dbAt, oc, ic, m);
    } else {
      k.gemm(L.dZ, m, 1, L.inputT, L.dW, oc, m, ic);
    }
    h = k.heap();
    const nW = oc * ic;
    if (divisor !== 1) {
      for (let q = 0; q < nW; q++) h[L.dW + q] = (h[L.dW + q] as number) / divisor;
    }
    if (oc < o || ic < i) {
      expandDW(h, L, oc, oc < o ? alive[l]! : null, ic, ic < i ? alive[l - 1]! : null);
    }
    if (oc < o) {
      const rows = alive[l]!;
      const sums = dbScratch;
      for (let r = 0; r < oc; r++) {
        sums[r] = (hasDWdb ? (h[dbAt + r] as number) : k.sum(L.dZ + r * m, m)) / divisor;
      }
      h.fill(0, L.db, L.db + o);
      for (let r = 0; r < oc; r++) h[L.db + rows[r]!] = sums[r] as number;
    } else if (!hasDWdb) {
      for (let r = 0; r < o; r++) h[L.db + r] = k.sum(L.dZ + r * m, m) / divisor;
    } else if (divisor !== 1) {
      for (let r = 0; r < o; r++) h[L.db + r] = (h[L.db + r] as number) / divisor;
    }
  }
  return compacted;
}

/**
 * The first layer whose gradient is not finite, as `[layer, Σ dW + Σ db]` (the reference's
 * check), or `null` when all are finite.
 *
 * @example
 * ```ts
 * nonFiniteGradientOf(kernels, plan); // null
 * ```
 */
export function nonFiniteGradientOf(k: Kernels, plan: BufferPlan): [number, number] | null {
  // float32 values cannot overflow a float64 sum (each is below 2^128), so in float32 one
  // finite sum over every dW and db shows every layer's sum finite.
  if (k.dtype === "float32" && Number.isFinite(k.sum(plan.gradsSpan[0], plan.gradsSpan[1]))) {
    return null;
  }
  const layers = plan.layers;
  for (let l = 0; l < layers.length; l++) {
    const L = layers[l]!;
    const s = k.sum(L.dW, L.outputs * L.inputs) + k.sum(L.db, L.outputs);
    if (!Number.isFinite(s)) return [l, s];
  }
  return null;
}
