import {
  MinMaxScaler,
  type MinMaxScalerJSON,
  type Network,
  StandardScaler,
  type StandardScalerJSON,
} from "@plainnet/core";

/**
 * What the exporters read of a network: the members that do not depend on its label type, so
 * a `Network` of any labels is accepted.
 */
export type ExportableNetwork = Pick<
  Network,
  | "architecture"
  | "loss"
  | "task"
  | "inputSize"
  | "outputSize"
  | "params"
  | "trainingRecord"
  | "engine"
  | "toJSON"
>;

/** A network's scaler as the graph applies it, with the saved scaler's own JSON. */
export type GraphScaler =
  | {
      readonly kind: "standard";
      /** Subtracted first (null: `withMean: false`). */
      readonly mean: Float64Array | null;
      /** Divided by next (null: `withStd: false`). */
      readonly scale: Float64Array | null;
      readonly json: StandardScalerJSON;
    }
  | {
      readonly kind: "minmax";
      readonly scale: Float64Array;
      readonly min: Float64Array;
      readonly json: MinMaxScalerJSON;
    };

/** What a saved network holds beside its layers (absent in older versions of the core). */
export interface NetworkExtras {
  /** The network's `engine` option (null: not saved by this version of the core). */
  readonly engine: string | null;
  /** The network's `dtype` (null: not saved by this version of the core). */
  readonly dtype: "float64" | "float32" | null;
  readonly classes: readonly (string | number)[] | null;
  readonly scale: "standard" | "minmax" | null;
  readonly scaler: GraphScaler | null;
}

/**
 * The class labels, scaler and dtype of a network, read from its `toJSON()` document (the
 * scaler rebuilt with the core's own `StandardScaler`/`MinMaxScaler`, so the graph computes
 * exactly what the network does).
 *
 * @example
 * ```ts
 * networkExtras(net).scaler?.kind; // "standard" for new Network(sizes, { scale: "standard" }) after fit
 * ```
 */
export function networkExtras(net: ExportableNetwork): NetworkExtras {
  const doc = net.toJSON() as unknown as {
    engine?: unknown;
    dtype?: unknown;
    classes?: unknown;
    scale?: unknown;
    scaler?: unknown;
  };
  const dtype = doc.dtype === "float32" || doc.dtype === "float64" ? doc.dtype : null;
  const classes = Array.isArray(doc.classes) ? (doc.classes as (string | number)[]) : null;
  const scale = doc.scale === "standard" || doc.scale === "minmax" ? doc.scale : null;
  let scaler: GraphScaler | null = null;
  if (doc.scaler !== undefined && doc.scaler !== null) {
    const json = doc.scaler as { type?: unknown };
    if (json.type === "StandardScaler") {
      const s = StandardScaler.fromJSON(json);
      const sc = s.scale;
      scaler = {
        kind: "standard",
        mean: s.withMean ? Float64Array.from(s.mean) : null,
        scale: sc === null ? null : Float64Array.from(sc),
        json: json as StandardScalerJSON,
      };
    } else {
      const s = MinMaxScaler.fromJSON(json);
      if (s.clip) {
        throw new TypeError(
          "toONNX: the network's MinMaxScaler clips (clip: true), which the exported graph does not do; fit it with clip: false",
        );
      }
      scaler = {
        kind: "minmax",
        scale: Float64Array.from(s.scale),
        min: Float64Array.from(s.min),
        json: json as MinMaxScalerJSON,
      };
    }
  }
  const engine = typeof doc.engine === "string" ? doc.engine : null;
  return { engine, dtype, classes, scale, scaler };
}
