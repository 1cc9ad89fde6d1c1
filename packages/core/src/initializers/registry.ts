import type { Architecture } from "../architecture.ts";
import type { MatrixBackend } from "../backend.ts";
import { typedArrayBackend } from "../backends/typed-array.ts";
import { checkElementCount } from "../limits.ts";
import { describe, Matrix } from "../matrix.ts";
import type { LayerParams, Params } from "../params.ts";
import type { RandomState } from "../random.ts";
import { glorotUniformInit } from "./glorot-uniform.ts";
import { heNormalInit } from "./he-normal.ts";
import type { InitializerConfig, InitializerFn, InitializerName } from "./initializer.ts";
import { notebookInit } from "./notebook.ts";

/**
 * Names accepted by {@link normalizeInitializer}.
 *
 * @example
 * ```ts
 * initializerNames.includes("heNormal"); // true
 * ```
 */
export const initializerNames: readonly InitializerName[] = Object.freeze([
  "notebook",
  "glorotUniform",
  "heNormal",
]);

const ALIASES: Readonly<Record<string, InitializerName>> = {
  glorot_uniform: "glorotUniform",
  xavierUniform: "glorotUniform",
  he_normal: "heNormal",
  kaimingNormal: "heNormal",
};

/**
 * Validates an initialiser given by name (`"notebook"`, `"glorotUniform"`, `"heNormal"`, or
 * the Keras spellings `"glorot_uniform"`, `"he_normal"`) or as a config object, and returns
 * its full config (the notebook's `scale` defaults to 0.1). Throws a `RangeError`/`TypeError`.
 *
 * @example
 * ```ts
 * normalizeInitializer("notebook"); // { type: "notebook", scale: 0.1 }
 * ```
 */
export function normalizeInitializer(value: unknown, where = "initializer"): InitializerConfig {
  const expected = `expected one of ${initializerNames.map((n) => `"${n}"`).join(", ")} or { type, ... }`;
  let type: unknown = value;
  let scale: unknown;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (key !== "type" && !(key === "scale" && o.type === "notebook")) {
        throw new RangeError(
          `${where}: unknown key "${key}" for initializer ${JSON.stringify(o.type)}`,
        );
      }
    }
    type = o.type;
    scale = o.scale;
  }
  if (typeof type !== "string") {
    throw new TypeError(`${where}: ${expected}, got ${describe(value)}`);
  }
  const name = ALIASES[type] ?? type;
  switch (name) {
    case "notebook": {
      const s = scale ?? 0.1;
      if (typeof s !== "number" || !Number.isFinite(s) || s <= 0) {
        throw new RangeError(
          `${where}: notebook scale must be a finite number > 0, got ${describe(s)}`,
        );
      }
      return { type: "notebook", scale: s };
    }
    case "glorotUniform":
      return { type: "glorotUniform" };
    case "heNormal":
      return { type: "heNormal" };
    default:
      throw new RangeError(`${where}: unknown initializer ${JSON.stringify(type)}; ${expected}`);
  }
}

function drawFor(config: InitializerConfig): InitializerFn {
  switch (config.type) {
    case "notebook":
      return (rng, out, inp) => notebookInit(rng, out, inp, config.scale);
    case "glorotUniform":
      return glorotUniformInit;
    case "heNormal":
      return heNormalInit;
  }
}

/**
 * Initial parameters of every layer, drawn from `rng` layer by layer (W, then b). With the
 * notebook initialiser and `new RandomState(seed)` this is exactly `initLayers(arch, seed)`.
 *
 * @example
 * ```ts
 * const params = initializeParams(architectureFromSizes([2, 4, 1]), new RandomState(2), { type: "heNormal" });
 * ```
 */
export function initializeParams<M = Matrix>(
  architecture: Architecture,
  rng: RandomState,
  config: InitializerConfig,
  backend: MatrixBackend<M> = typedArrayBackend as unknown as MatrixBackend<M>,
): Params<M> {
  const draw = drawFor(config);
  const wrap = (m: Matrix): M =>
    backend === (typedArrayBackend as unknown) ? (m as M) : backend.fromMatrix(m);
  return architecture.map((layer, i): LayerParams<M> => {
    checkElementCount(
      "initializeParams",
      `layer ${i} W (${layer.outputDim}x${layer.inputDim})`,
      layer.outputDim * layer.inputDim,
    );
    const { W, b } = draw(rng, layer.outputDim, layer.inputDim);
    return {
      W: wrap(new Matrix(layer.outputDim, layer.inputDim, W)),
      b: wrap(new Matrix(layer.outputDim, 1, b)),
    };
  });
}
