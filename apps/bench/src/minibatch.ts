// The mini-batch workloads' data and loss (issue 23): scikit-learn's digits (a committed fixture)
// and a synthetic regression, trained with Adam in batches of 32. Every candidate starts from
// the same parameters (`initLayers(architecture, 2)`); the check evaluates each candidate's
// final parameters with the float64 reference forward pass and this loss.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Architecture,
  architectureFromSizes,
  fullForwardPropagation,
  initLayers,
  Matrix,
  type Params,
} from "@plainnet/core";
import { BENCH_DIR } from "./runtime.ts";
import type { MinibatchSpec } from "./types.ts";

/** A mini-batch workload's data, in plainnet's layout (features x samples). */
export interface MinibatchData {
  /** features x samples. */
  readonly X: Matrix;
  /** outputs x samples: one-hot rows for a classifier, the targets for a regression. */
  readonly Y: Matrix;
  /** Class labels 0..k-1 (classifier) or the single target (regression), one per sample. */
  readonly labels: readonly number[];
  readonly architecture: Architecture;
  /** `initLayers(architecture, 2)`: every candidate starts here. */
  readonly initialParams: Params;
}

/** The fixture's shape (written by python/digits_fixture.py). */
interface DigitsFixture {
  readonly samples: number;
  readonly features: number;
  readonly classes: number;
  readonly pixelMax: number;
  readonly pixels: readonly string[];
  readonly labels: string;
}

/**
 * Path of the digits fixture (scikit-learn's `load_digits()`: the UCI "Optical Recognition of
 * Handwritten Digits" test set, CC BY 4.0; scikit-learn's copy BSD-3-Clause).
 *
 * @example
 * ```ts
 * DIGITS_FIXTURE.endsWith("fixtures/digits.json"); // true
 * ```
 */
export const DIGITS_FIXTURE: string = join(BENCH_DIR, "fixtures", "digits.json");

/**
 * scikit-learn's digits as samples x 64 pixels scaled to [0, 1] (pixel / 16) and labels 0..9,
 * decoded from the fixture. Throws a RangeError naming the sample for a malformed fixture.
 *
 * @example
 * ```ts
 * const { rows, labels } = loadDigits(); // 1797 rows of 64 values, 1797 labels
 * ```
 */
export function loadDigits(path: string = DIGITS_FIXTURE): {
  rows: number[][];
  labels: number[];
} {
  const f = JSON.parse(readFileSync(path, "utf8")) as DigitsFixture;
  if (f.pixels.length !== f.samples || f.labels.length !== f.samples) {
    throw new RangeError(
      `loadDigits: ${path} declares ${f.samples} samples but has ${f.pixels.length} pixel rows and ${f.labels.length} labels`,
    );
  }
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let s = 0; s < f.samples; s++) {
    const text = f.pixels[s] as string;
    if (text.length !== f.features) {
      throw new RangeError(
        `loadDigits: sample ${s} has ${text.length} pixels, expected ${f.features}`,
      );
    }
    const row: number[] = new Array(f.features);
    for (let j = 0; j < f.features; j++) {
      const v = Number.parseInt(text[j] as string, 17);
      if (!(v >= 0 && v <= f.pixelMax)) {
        throw new RangeError(`loadDigits: sample ${s} pixel ${j} is "${text[j]}", not 0..g`);
      }
      row[j] = v / f.pixelMax;
    }
    rows.push(row);
    const label = Number(f.labels[s]);
    if (!(Number.isInteger(label) && label >= 0 && label < f.classes)) {
      throw new RangeError(`loadDigits: sample ${s} has label "${f.labels[s]}"`);
    }
    labels.push(label);
  }
  return { rows, labels };
}

/**
 * The regression workload's data: Friedman's function #1 (as scikit-learn's `make_friedman1`)
 * on `features` (>= 5) uniform [0, 1] inputs, `y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 +
 * 5 x4 + N(0, 1)`, the extra inputs pure noise, then standardised to mean 0 and variance 1.
 * Deterministic (a fixed xorshift32 sequence and Box–Muller), the same in every runtime.
 *
 * @example
 * ```ts
 * const { rows, targets } = friedman1(2000, 8); // 2000 rows of 8 values, 2000 targets
 * ```
 */
export function friedman1(
  samples: number,
  features: number,
): { rows: number[][]; targets: number[] } {
  if (!Number.isInteger(samples) || samples < 2) {
    throw new RangeError(`friedman1: samples must be an integer >= 2, got ${String(samples)}`);
  }
  if (!Number.isInteger(features) || features < 5) {
    throw new RangeError(`friedman1: features must be an integer >= 5, got ${String(features)}`);
  }
  let s = 0x2545f491 >>> 0;
  const uniform = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296; // (0, 1)
  };
  const rows: number[][] = [];
  const raw: number[] = [];
  for (let i = 0; i < samples; i++) {
    const x: number[] = [];
    for (let j = 0; j < features; j++) x.push(uniform());
    const noise = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const [x0, x1, x2, x3, x4] = x as [number, number, number, number, number];
    raw.push(10 * Math.sin(Math.PI * x0 * x1) + 20 * (x2 - 0.5) ** 2 + 10 * x3 + 5 * x4 + noise);
    rows.push(x);
  }
  const mean = raw.reduce((a, b) => a + b, 0) / samples;
  const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / samples);
  return { rows, targets: raw.map((v) => (v - mean) / sd) };
}

/** samples x features rows as a features x samples Matrix. */
function columns(rows: readonly (readonly number[])[], features: number): Matrix {
  const m = rows.length;
  const data = new Float64Array(features * m);
  for (let i = 0; i < m; i++) {
    const r = rows[i] as readonly number[];
    for (let j = 0; j < features; j++) data[j * m + i] = r[j] as number;
  }
  return new Matrix(features, m, data);
}

/**
 * Builds a mini-batch workload's data (deterministic: the same in every process). Throws a
 * RangeError when the workload's sizes do not fit its data set.
 *
 * @example
 * ```ts
 * const { X, Y } = minibatchData([64, 32, 10], 1797, DIGITS); // X: 64 x 1797, Y: 10 x 1797
 * ```
 */
export function minibatchData(
  sizes: readonly number[],
  samples: number,
  mb: MinibatchSpec,
): MinibatchData {
  const inputs = sizes[0] as number;
  const outputs = sizes[sizes.length - 1] as number;
  const architecture = architectureFromSizes([...sizes], "relu", mb.outputActivation);
  const initialParams = initLayers(architecture, 2);
  if (mb.dataset === "digits") {
    const { rows, labels } = loadDigits();
    if (rows.length !== samples || inputs !== 64 || outputs !== 10) {
      throw new RangeError(
        `minibatchData: digits has ${rows.length} samples of 64 pixels and 10 classes; the workload asks ${samples} x ${inputs} -> ${outputs}`,
      );
    }
    const Y = new Float64Array(10 * samples);
    labels.forEach((c, i) => {
      Y[c * samples + i] = 1;
    });
    return {
      X: columns(rows, 64),
      Y: new Matrix(10, samples, Y),
      labels,
      architecture,
      initialParams,
    };
  }
  if (outputs !== 1) {
    throw new RangeError(
      `minibatchData: the regression has one output, the workload asks ${outputs}`,
    );
  }
  const { rows, targets } = friedman1(samples, inputs);
  return {
    X: columns(rows, inputs),
    Y: new Matrix(1, samples, Float64Array.from(targets)),
    labels: targets,
    architecture,
    initialParams,
  };
}

/**
 * The workload's loss of `params` on (X, Y), by the float64 reference forward pass: the mean
 * categorical cross-entropy (probabilities clipped to [2⁻⁵², 1]) for a softmax output, half
 * the mean squared error summed over outputs for a linear one (scikit-learn's `squared_loss`).
 *
 * @example
 * ```ts
 * minibatchLoss(data.initialParams, data, DIGITS); // ≈ ln 10 for small initial weights
 * ```
 */
export function minibatchLoss(
  params: Params,
  data: Pick<MinibatchData, "X" | "Y" | "architecture">,
  mb: MinibatchSpec,
): number {
  const { output } = fullForwardPropagation(data.X, params, data.architecture);
  const { Y } = data;
  const m = Y.cols;
  let sum = 0;
  for (let k = 0; k < Y.rows * m; k++) {
    const p = output.data[k] as number;
    const t = Y.data[k] as number;
    if (mb.loss === "categoricalCrossEntropy") {
      if (t !== 0) sum -= t * Math.log(Math.max(p, 2 ** -52));
    } else {
      sum += 0.5 * (p - t) ** 2;
    }
  }
  return sum / m;
}
