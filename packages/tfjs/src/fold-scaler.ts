import { MinMaxScaler, type Network, StandardScaler } from "@plainnet/core";

/** The first layer's weights with the network's input scaler folded in (float64). */
export interface FoldedLayer {
  /** outputDim x inputDim, row-major. */
  readonly W: Float64Array;
  readonly b: Float64Array;
}

/**
 * The network's first layer with its scaler folded in, so that a model without a scaler
 * takes raw features: for a standard scaler `(x - mean) / scale`, `W' = W / scale` (column by
 * column) and `b' = b - W' mean`; for a min-max scaler `x * scale + min`, `W' = W * scale` and
 * `b' = b + W min`. Null when the network has no scaler. (In exact arithmetic the same
 * function; in floating point within a few ulps, well inside float32's precision.)
 *
 * @example
 * ```ts
 * foldScaler(net)?.W; // the first layer's weights on raw features
 * ```
 */
export function foldScaler(
  net: Pick<Network, "params" | "toJSON">,
  where: string,
): FoldedLayer | null {
  const doc = net.toJSON() as unknown as { scale?: unknown; scaler?: unknown };
  if (doc.scaler === undefined || doc.scaler === null) {
    if (doc.scale === "standard" || doc.scale === "minmax") {
      throw new RangeError(
        `${where}: the network scales its inputs (scale "${doc.scale}") but has not been fitted yet, so it has no scaler to export; call fit first`,
      );
    }
    return null;
  }
  const json = doc.scaler as { type?: unknown };
  const p = net.params[0]!;
  const out = p.W.rows;
  const d = p.W.cols;
  const W0 = p.W.data;
  // Scaled input j = x_j * mul_j / div_j + shift_j.
  let mul: readonly number[] | null = null;
  let div: readonly number[] | null = null;
  let shift: readonly number[];
  if (json.type === "StandardScaler") {
    const s = StandardScaler.fromJSON(json);
    const scale = s.scale;
    div = scale;
    shift = s.mean.map((m, j) => (s.withMean ? (scale === null ? -m : -m / scale[j]!) : 0));
  } else {
    const s = MinMaxScaler.fromJSON(json);
    if (s.clip) {
      throw new TypeError(
        `${where}: the network's MinMaxScaler clips (clip: true), which a Dense layer cannot do; fit it with clip: false`,
      );
    }
    mul = s.scale;
    shift = s.min;
  }
  const W = new Float64Array(out * d);
  const b = new Float64Array(out);
  for (let i = 0; i < out; i++) {
    let acc = p.b.data[i]!;
    for (let j = 0; j < d; j++) {
      const w = W0[i * d + j]!;
      acc += w * shift[j]!;
      W[i * d + j] = div !== null ? w / div[j]! : mul !== null ? w * mul[j]! : w;
    }
    b[i] = acc;
  }
  return { W, b };
}
