import { describe } from "../matrix.ts";
import { MinMaxScaler, type MinMaxScalerJSON } from "./min-max-scaler.ts";
import { StandardScaler, type StandardScalerJSON } from "./standard-scaler.ts";

/** The JSON of any built-in scaler. */
export type ScalerJSON = StandardScalerJSON | MinMaxScalerJSON;

/**
 * Rebuilds a fitted scaler from its `toJSON()` output, whichever kind it is (by its `type`:
 * `"StandardScaler"` or `"MinMaxScaler"`). Anything else is a `TypeError` naming the type.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(new MinMaxScaler().fit([[1], [3]]));
 * scalerFromJSON(JSON.parse(saved)).transform([[2]]); // [[0.5]]
 * ```
 */
export function scalerFromJSON(json: unknown): StandardScaler | MinMaxScaler {
  const type = (json as { type?: unknown } | null)?.type;
  if (type === "StandardScaler") return StandardScaler.fromJSON(json);
  if (type === "MinMaxScaler") return MinMaxScaler.fromJSON(json);
  throw new TypeError(
    `scalerFromJSON: expected a scaler's JSON with "type": "StandardScaler" or "MinMaxScaler", got ${json !== null && typeof json === "object" ? `"type": ${describe(type)}` : describe(json)}`,
  );
}
