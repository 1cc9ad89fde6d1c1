import { Network, RandomState } from "@plainnet/core";
import * as ort from "onnxruntime-node";

/** Runs an ONNX model in onnxruntime-node on samples x features rows. */
export async function runOrt(
  bytes: Uint8Array,
  X: readonly (readonly number[])[],
  dtype: "float64" | "float32",
  inputName = "X",
): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  const flat = X.flat();
  const data = dtype === "float64" ? Float64Array.from(flat) : Float32Array.from(flat);
  const input = new ort.Tensor(dtype, data, [X.length, X[0]!.length]);
  return (await session.run({ [inputName]: input })) as Record<string, ort.Tensor>;
}

/** n x d samples from N(0, scale²), seeded. */
export function randomSamples(n: number, d: number, seed: number, scale = 2): number[][] {
  const rng = new RandomState(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => scale * rng.randn()));
}

/** The rows rounded to float32 (what a float32 graph sees). */
export const toFloat32 = (X: readonly (readonly number[])[]): number[][] =>
  X.map((r) => Array.from(Float32Array.from(r)));

/**
 * Largest |a - e| / max(|e|, floor) over the elements: relative error, absolute below
 * `floor` (default 1, numpy's allclose with rtol = atol: a probability of 1e-20 need not
 * match to 12 significant digits, a value of 300 must).
 */
export function maxRelativeError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  floor = 1,
): number {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} != ${expected.length}`);
  }
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    const err = Math.abs(a - e) / Math.max(Math.abs(e), floor);
    if (!(err <= worst)) worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  }
  return worst;
}

export { Network, ort };
