import type { Activation, ActivationName } from "./activations/activation.ts";
import { getActivation } from "./activations/registry.ts";
import { checkElementCount } from "./limits.ts";
import { describe } from "./matrix.ts";

/**
 * One dense layer of an architecture. The notebook's literal
 * `{ input_dim, output_dim, activation }` objects are accepted too (see {@link LayerInput}).
 */
export interface LayerSpec {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly activation: ActivationName | Activation;
}

/** The notebook's spelling of a layer, accepted as is. */
export interface NotebookLayerSpec {
  readonly input_dim: number;
  readonly output_dim: number;
  readonly activation: string;
}

/** A layer in either spelling. */
export type LayerInput = LayerSpec | NotebookLayerSpec;

/** A validated layer, with its activation resolved. */
export interface Layer {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly activation: Activation;
}

/** A validated architecture. */
export type Architecture = readonly Layer[];

const isSize = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1;

/**
 * Validates an architecture and resolves activations. Accepts camelCase or the notebook's
 * snake_case layers, or an already normalised architecture. Throws a `RangeError`/`TypeError`
 * naming the layer index for: a non-array or empty list, non-positive or non-integer sizes,
 * unknown activations, consecutive layers whose sizes do not chain, and a layer (or a whole
 * network) with more than {@link MAX_ELEMENTS} weights (checked before anything is allocated).
 *
 * @example
 * ```ts
 * const arch = normalizeArchitecture([
 *   { input_dim: 2, output_dim: 4, activation: "relu" },
 *   { input_dim: 4, output_dim: 1, activation: "sigmoid" },
 * ]);
 * arch[1].activation.name; // "sigmoid"
 * ```
 */
export function normalizeArchitecture(
  layers: readonly LayerInput[] | Architecture,
  where = "architecture",
): Architecture {
  if (!Array.isArray(layers)) {
    throw new TypeError(`${where}: expected an array of layers, got ${describe(layers)}`);
  }
  if (layers.length === 0) {
    throw new RangeError(`${where}: expected at least one layer, got an empty array`);
  }
  const out: Layer[] = [];
  let total = 0;
  layers.forEach((raw: unknown, i: number) => {
    if (typeof raw !== "object" || raw === null) {
      throw new TypeError(
        `${where}: layer ${i} must be an object { inputDim, outputDim, activation }, got ${describe(raw)}`,
      );
    }
    const l = raw as Record<string, unknown>;
    const inputDim = l.inputDim ?? l.input_dim;
    const outputDim = l.outputDim ?? l.output_dim;
    if (!isSize(inputDim)) {
      throw new RangeError(
        `${where}: layer ${i} inputDim must be a positive integer, got ${describe(inputDim)}`,
      );
    }
    if (!isSize(outputDim)) {
      throw new RangeError(
        `${where}: layer ${i} outputDim must be a positive integer, got ${describe(outputDim)}`,
      );
    }
    const act = l.activation;
    const activation =
      typeof act === "object" && act !== null && "forward" in act && "backward" in act
        ? (act as Activation)
        : getActivation(act, `${where}: layer ${i}`);
    const prev = out[i - 1];
    if (prev !== undefined && prev.outputDim !== inputDim) {
      throw new RangeError(
        `${where}: layer ${i} has inputDim ${inputDim} but layer ${i - 1} has outputDim ${prev.outputDim}; consecutive sizes must match`,
      );
    }
    checkElementCount(where, `layer ${i} W (${outputDim}x${inputDim})`, outputDim * inputDim);
    total += outputDim * (inputDim + 1);
    checkElementCount(where, `the parameters of layers 0 to ${i} (weights and biases)`, total);
    out.push(Object.freeze({ inputDim, outputDim, activation }));
  });
  return Object.freeze(out);
}

/**
 * Builds an architecture from layer sizes, e.g. `[2, 25, 50, 50, 25, 1]`: `hidden` for every
 * hidden layer and `output` for the last.
 *
 * @example
 * ```ts
 * const arch = architectureFromSizes([2, 25, 50, 50, 25, 1]); // relu ... relu, sigmoid
 * ```
 */
export function architectureFromSizes(
  sizes: readonly number[],
  hidden: ActivationName = "relu",
  output: ActivationName = "sigmoid",
): Architecture {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new RangeError(
      `architectureFromSizes: expected at least two sizes (input and output), e.g. [2, 4, 1], got ${describe(sizes)}`,
    );
  }
  const layers: LayerSpec[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push({
      inputDim: sizes[i] as number,
      outputDim: sizes[i + 1] as number,
      activation: i + 2 === sizes.length ? output : hidden,
    });
  }
  return normalizeArchitecture(layers, "architectureFromSizes");
}

/**
 * Number of trainable parameters (weights and biases).
 *
 * @example
 * ```ts
 * parameterCount(architectureFromSizes([2, 4, 1])); // 17
 * ```
 */
export function parameterCount(architecture: readonly LayerInput[] | Architecture): number {
  return normalizeArchitecture(architecture).reduce(
    (n, l) => n + l.outputDim * (l.inputDim + 1),
    0,
  );
}
