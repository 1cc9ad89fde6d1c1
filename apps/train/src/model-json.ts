import { type Architecture, Matrix, type Params } from "@plainnet/core";

/** The JSON form of a trained model (`model.json`). */
export interface ModelJson {
  readonly format: "plainnet-model";
  readonly version: 1;
  /** Layers in the notebook's spelling. */
  readonly architecture: readonly {
    readonly input_dim: number;
    readonly output_dim: number;
    readonly activation: string;
  }[];
  /** Per layer: `W` (output_dim x input_dim) and `b` (output_dim x 1), as nested arrays. */
  readonly params: readonly { readonly W: number[][]; readonly b: number[][] }[];
  /** How the model was trained (free-form: dataset, epochs, accuracies, ...). */
  readonly training: Readonly<Record<string, unknown>>;
}

/**
 * A model as a JSON-ready object. Numbers keep every bit (JSON.stringify writes the shortest
 * string that reads back to the same double).
 *
 * @example
 * ```ts
 * const text = JSON.stringify(modelToJson(arch, params, { epochs: 10000 }));
 * ```
 */
export function modelToJson(
  architecture: Architecture,
  params: Params,
  training: Readonly<Record<string, unknown>>,
): ModelJson {
  return {
    format: "plainnet-model",
    version: 1,
    architecture: architecture.map((l) => ({
      input_dim: l.inputDim,
      output_dim: l.outputDim,
      activation: l.activation.name,
    })),
    params: params.map((p) => ({ W: p.W.toArray(), b: p.b.toArray() })),
    training,
  };
}

/**
 * Reads the parameters back from {@link modelToJson}'s output (e.g. parsed `model.json`).
 * Throws a `TypeError` naming the field when the object does not have that shape.
 *
 * @example
 * ```ts
 * const params = paramsFromJson(JSON.parse(text));
 * ```
 */
export function paramsFromJson(json: unknown): Params {
  const m = json as Partial<ModelJson> | null;
  if (
    typeof m !== "object" ||
    m === null ||
    m.format !== "plainnet-model" ||
    !Array.isArray(m.params)
  ) {
    throw new TypeError(
      'paramsFromJson: expected an object with format "plainnet-model" and a params array',
    );
  }
  return m.params.map((p, i) => {
    if (typeof p !== "object" || p === null || !Array.isArray(p.W) || !Array.isArray(p.b)) {
      throw new TypeError(`paramsFromJson: params[${i}] must be { W: number[][], b: number[][] }`);
    }
    return {
      W: Matrix.from(p.W, `paramsFromJson: params[${i}].W`),
      b: Matrix.from(p.b, `paramsFromJson: params[${i}].b`),
    };
  });
}
