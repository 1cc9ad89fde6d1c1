import { gatherW } from "./compaction.ts";
import type { DeadUnits } from "./dead-units.ts";
import type { Kernels } from "./kernels.ts";
import type { BufferPlan } from "./plan.ts";
import { softmaxColumnsInPlace, softmaxSteps } from "./softmax.ts";

/**
 * The fused trainer's forward pass over the current `m` samples, in place: per layer
 * `Z = W·A_prev + b` with the activation fused in the product's epilogue (ReLU) or applied
 * after it from the fused table (or the kernel set's own sigmoid; softmax per column, see
 * engine/softmax.ts). With `compact`, each hidden
 * ReLU layer's output rows that are all zero (dead units) are dropped after its product: the
 * live rows move up to form an `alive x samples` block, and the next layer multiplies
 * `W[:, alive]` by it; units a bound proves dead are not computed at all (see
 * {@link DeadUnits}). The skipped products are exact zeros (finite weights times +0), and every
 * sum starts at +0, so the outputs are the same bits as without skipping.
 *
 * @example
 * ```ts
 * forwardPass(kernels, plan, units, 900, true);
 * ```
 */
export function forwardPass(
  k: Kernels,
  plan: BufferPlan,
  units: DeadUnits,
  m: number,
  compact: boolean,
): void {
  const layers = plan.layers;
  const last = layers.length - 1;
  const count = units.count;
  units.beginPass();
  let inCount = layers[0]!.inputs;
  for (let l = 0; l <= last; l++) {
    const L = layers[l]!;
    const input = l === 0 ? plan.X : layers[l - 1]!.A;
    const hidden = compact && L.kind === "relu" && l < last;
    const cols = inCount < L.inputs ? units.alive[l - 1]! : null;
    // Units dead in the last pass that a bound proves dead now are not computed at all.
    const rows = hidden ? units.unitsToCompute(L, l, inCount, cols) : L.outputs;
    units.skipped[l] = L.outputs - rows;
    const cand = rows < L.outputs ? units.cand : null;
    if (rows > 0) {
      let W = L.W;
      let bias = L.b;
      if (cand !== null) {
        const h = k.heap();
        gatherW(h, plan.gather, L, rows, cand, inCount, cols);
        W = plan.gather;
        for (let r = 0; r < rows; r++) h[plan.gatherB + r] = h[L.b + cand[r]!] as number;
        bias = plan.gatherB;
      } else if (cols !== null) {
        gatherW(k.heap(), plan.gather, L, L.outputs, null, inCount, cols);
        W = plan.gather;
      }
      const ep = bias === L.b ? L.forwardEpilogue : L.gatheredEpilogue;
      k.gemm(W, inCount, 1, input, L.Z, rows, inCount, m, ep);
    }
    if (L.kind === "softmax") {
      if (k.softmaxColumns !== undefined) k.softmaxColumns(L.Z, L.A, L.outputs, m);
      else softmaxColumnsInPlace(k.heap(), L.Z, L.A, L.outputs, m, softmaxSteps(k.dtype));
    } else if (L.kind === "js") {
      const f = L.op!.forward;
      const end = L.outputs * m;
      if (L.op!.name === "sigmoid" && k.sigmoid !== undefined) {
        k.sigmoid(L.Z, L.A, end);
      } else {
        const h = k.heap();
        for (let q = 0; q < end; q++) h[L.A + q] = f(h[L.Z + q] as number);
      }
    }
    count[l] = hidden ? units.compactRows(L, l, rows, cand) : L.outputs;
    inCount = count[l]!;
  }
  if (compact) units.zeroFrom = units.deadLayerAboveFinite();
}
