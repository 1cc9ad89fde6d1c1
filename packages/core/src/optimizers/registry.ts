import type { MatrixBackend } from "../backend.ts";
import { describe, type Matrix } from "../matrix.ts";
import { Adam, type AdamOptions } from "./adam.ts";
import type { Optimizer, OptimizerConfig, OptimizerType } from "./optimizer.ts";
import { RmsProp, type RmsPropOptions } from "./rmsprop.ts";
import { Sgd, type SgdOptions } from "./sgd.ts";

/**
 * An optimiser by name (`"sgd"`, `"adam"`, `"rmsprop"`), as a partial config with its `type`
 * (missing settings take their defaults), or an {@link Optimizer} instance.
 */
export type OptimizerLike =
  | OptimizerType
  | ({ readonly type: OptimizerType } & Readonly<Record<string, unknown>>)
  | Optimizer<unknown>;

const KEYS: Readonly<Record<OptimizerType, readonly string[]>> = {
  sgd: ["type", "learningRate", "momentum", "nesterov", "weightDecay", "momentumForm"],
  adam: ["type", "learningRate", "beta1", "beta2", "epsilon", "weightDecay"],
  rmsprop: ["type", "learningRate", "rho", "epsilon", "weightDecay"],
};

/**
 * Builds an optimiser on `backend` from a name or a (partial) config, validating every
 * setting: unknown keys and bad values throw a `RangeError`/`TypeError` naming them.
 *
 * @example
 * ```ts
 * createOptimizer({ type: "sgd", momentum: 0.9 }).config().learningRate; // 0.01
 * ```
 */
export function createOptimizer<M = Matrix>(
  value: OptimizerType | { readonly type: unknown } | OptimizerConfig,
  backend?: MatrixBackend<M>,
  where = "optimizer",
): Optimizer<M> {
  const o: Record<string, unknown> =
    typeof value === "string" ? { type: value } : (value as Record<string, unknown>);
  if (typeof o !== "object" || o === null || Array.isArray(o)) {
    throw new TypeError(
      `${where}: expected "sgd", "adam", "rmsprop", { type, ... } or an Optimizer, got ${describe(value)}`,
    );
  }
  const type = o.type;
  if (typeof type !== "string" || !Object.hasOwn(KEYS, type)) {
    throw new RangeError(
      `${where}: unknown optimizer ${typeof type === "string" ? JSON.stringify(type) : describe(type)}; expected "sgd", "adam" or "rmsprop"`,
    );
  }
  const keys = KEYS[type as OptimizerType];
  for (const key of Object.keys(o)) {
    if (!keys.includes(key)) {
      throw new RangeError(
        `${where}: unknown key "${key}" for ${type}; expected ${keys.join(", ")}`,
      );
    }
  }
  // Keys and types are checked here and by each constructor.
  const options = { ...o, backend } as unknown as SgdOptions<M> &
    AdamOptions<M> &
    RmsPropOptions<M>;
  try {
    switch (type as OptimizerType) {
      case "sgd":
        return new Sgd<M>(options);
      case "adam":
        return new Adam<M>(options);
      case "rmsprop":
        return new RmsProp<M>(options);
    }
  } catch (error) {
    if (error instanceof Error && where !== "optimizer")
      error.message = `${where}: ${error.message}`;
    throw error;
  }
}
