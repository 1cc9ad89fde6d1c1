// The playground's whole state: every control, the seeds and the data's parameters. It maps to
// and from the page's URL (query string), so one URL reproduces one run exactly.
import { FEATURE_NAMES, type FeatureName } from "./features.ts";

/** The datasets the playground generates (plus `"csv"`, the user's own file). */
export const DATASETS = [
  "circle",
  "xor",
  "gauss",
  "spiral",
  "moons",
  "circles",
  "blobs",
  "reg-plane",
  "reg-gauss",
  "csv",
] as const;
/** A dataset's name. */
export type DatasetName = (typeof DATASETS)[number];

/** Hidden-layer activations offered. */
export const ACTIVATIONS = ["relu", "tanh", "sigmoid", "linear", "leakyRelu"] as const;
/** A hidden-layer activation. */
export type HiddenActivation = (typeof ACTIVATIONS)[number];

/** Output layers offered. */
export const OUTPUTS = ["sigmoid", "softmax", "linear"] as const;
/** An output layer. */
export type OutputName = (typeof OUTPUTS)[number];

/** Optimisers offered. */
export const OPTIMIZERS = ["sgd", "momentum", "adam"] as const;
/** An optimiser. */
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Precisions of the fused engine. */
export const DTYPES = ["float64", "float32"] as const;
/** A precision. */
export type Precision = (typeof DTYPES)[number];

/** Colour schemes. */
export const THEMES = ["auto", "light", "dark"] as const;
/** A colour scheme. */
export type Theme = (typeof THEMES)[number];

/** The largest number of hidden layers the page builds. */
export const MAX_HIDDEN_LAYERS = 8;
/** The most units in one hidden layer. */
export const MAX_UNITS = 64;
/** The most samples a generated dataset has. */
export const MAX_SAMPLES = 5000;

/**
 * Everything that defines a run (and the few view settings worth sharing).
 *
 * @example
 * ```ts
 * const s: PlaygroundState = { ...DEFAULT_STATE, dataset: "spiral" };
 * ```
 */
export interface PlaygroundState {
  readonly dataset: DatasetName;
  /** Noise in the generator's meaning (Playground sets: 0..0.5). */
  readonly noise: number;
  readonly samples: number;
  /** Fraction of samples held out as the test set, 0.05..0.9. */
  readonly testFraction: number;
  /** Seed of the data generator and of the train/test split. */
  readonly dataSeed: number;
  readonly features: readonly FeatureName[];
  readonly hidden: readonly number[];
  readonly activation: HiddenActivation;
  readonly output: OutputName;
  readonly learningRate: number;
  /** Samples per step; 0 = full batch. */
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  /** L2 weight decay λ. */
  readonly l2: number;
  /** Seed of the network (initial weights and shuffles). */
  readonly seed: number;
  /** The fused engine's precision (float64: the notebook's bits; float32: faster). */
  readonly dtype: Precision;
  /** Stop training at this epoch; 0 = never. */
  readonly stopAt: number;
  readonly showTest: boolean;
  readonly theme: Theme;
}

/**
 * The page's start: TensorFlow Playground's defaults (circle, 4-2 tanh, lr 0.03, batch 10).
 *
 * @example
 * ```ts
 * DEFAULT_STATE.dataset; // "circle"
 * ```
 */
export const DEFAULT_STATE: PlaygroundState = Object.freeze({
  dataset: "circle",
  noise: 0,
  samples: 500,
  testFraction: 0.5,
  dataSeed: 1,
  features: Object.freeze(["x1", "x2"]) as readonly FeatureName[],
  hidden: Object.freeze([4, 2]),
  activation: "tanh",
  output: "sigmoid",
  learningRate: 0.03,
  batchSize: 10,
  optimizer: "sgd",
  l2: 0,
  seed: 1,
  dtype: "float64",
  stopAt: 0,
  showTest: false,
  theme: "auto",
});

/**
 * The notebook's experiment: moons (1000 samples, noise 0.2, seed 100, 10% test),
 * 2-25-50-50-25-1 ReLU with a sigmoid output, SGD at 0.01, full batch, network seed 2.
 *
 * @example
 * ```ts
 * stateToQuery(NOTEBOOK_PRESET); // "ds=moons&noise=0.2&n=1000&..."
 * ```
 */
export const NOTEBOOK_PRESET: PlaygroundState = Object.freeze({
  ...DEFAULT_STATE,
  dataset: "moons",
  noise: 0.2,
  samples: 1000,
  testFraction: 0.1,
  dataSeed: 100,
  features: Object.freeze(["x1", "x2"]) as readonly FeatureName[],
  hidden: Object.freeze([25, 50, 50, 25]),
  activation: "relu",
  output: "sigmoid",
  learningRate: 0.01,
  batchSize: 0,
  optimizer: "sgd",
  l2: 0,
  seed: 2,
});

/**
 * Whether a dataset is a regression set (a real-valued target, linear output).
 *
 * @example
 * ```ts
 * isRegression("reg-plane"); // true
 * ```
 */
export function isRegression(dataset: DatasetName): boolean {
  return dataset === "reg-plane" || dataset === "reg-gauss";
}

/** Result of {@link queryToState}: the state and one notice per value that was replaced. */
export interface ParsedState {
  readonly state: PlaygroundState;
  readonly notices: readonly string[];
}

const MAX_SEED = 2 ** 32 - 1;
const MAX_QUERY_LENGTH = 4096;

function oneOf<T extends string>(values: readonly T[]): (raw: string) => T | undefined {
  return (raw) => ((values as readonly string[]).includes(raw) ? (raw as T) : undefined);
}

function numberIn(min: number, max: number): (raw: string) => number | undefined {
  return (raw) => {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) return undefined;
    const v = Number(raw);
    return Number.isFinite(v) && v >= min && v <= max ? v : undefined;
  };
}

function intIn(min: number, max: number): (raw: string) => number | undefined {
  return (raw) => {
    if (!/^\d{1,10}$/.test(raw)) return undefined;
    const v = Number(raw);
    return v >= min && v <= max ? v : undefined;
  };
}

function parseHidden(raw: string): readonly number[] | undefined {
  if (raw === "") return [];
  const parts = raw.split(",");
  if (parts.length > MAX_HIDDEN_LAYERS) return undefined;
  const units = parts.map(intIn(1, MAX_UNITS));
  return units.every((u) => u !== undefined) ? (units as number[]) : undefined;
}

function parseFeatures(raw: string): readonly FeatureName[] | undefined {
  const parts = raw.split(",");
  const ok = oneOf(FEATURE_NAMES);
  if (parts.length === 0 || parts.some((p) => ok(p) === undefined)) return undefined;
  // Canonical order, no duplicates.
  return FEATURE_NAMES.filter((f) => parts.includes(f));
}

interface Field {
  readonly key: keyof PlaygroundState;
  readonly param: string;
  readonly parse: (raw: string) => unknown;
  readonly format: (value: never) => string;
  readonly expect: string;
}

const str = (v: string): string => v;
const num = (v: number): string => String(v);

/** Every URL parameter: its state key, parser (undefined = invalid) and formatter. */
const FIELDS: readonly Field[] = [
  { key: "dataset", param: "ds", parse: oneOf(DATASETS), format: str, expect: DATASETS.join(", ") },
  { key: "noise", param: "noise", parse: numberIn(0, 1), format: num, expect: "a number 0..1" },
  {
    key: "samples",
    param: "n",
    parse: intIn(10, MAX_SAMPLES),
    format: num,
    expect: `an integer 10..${MAX_SAMPLES}`,
  },
  {
    key: "testFraction",
    param: "test",
    parse: numberIn(0.05, 0.9),
    format: num,
    expect: "a fraction 0.05..0.9",
  },
  {
    key: "dataSeed",
    param: "dseed",
    parse: intIn(0, MAX_SEED),
    format: num,
    expect: "an integer 0..2^32-1",
  },
  {
    key: "features",
    param: "f",
    parse: parseFeatures,
    format: (v: readonly string[]) => v.join(","),
    expect: `a comma list of ${FEATURE_NAMES.join(", ")}`,
  },
  {
    key: "hidden",
    param: "h",
    parse: parseHidden,
    format: (v: readonly number[]) => v.join(","),
    expect: `up to ${MAX_HIDDEN_LAYERS} comma-separated unit counts 1..${MAX_UNITS}`,
  },
  {
    key: "activation",
    param: "act",
    parse: oneOf(ACTIVATIONS),
    format: str,
    expect: ACTIVATIONS.join(", "),
  },
  { key: "output", param: "out", parse: oneOf(OUTPUTS), format: str, expect: OUTPUTS.join(", ") },
  {
    key: "learningRate",
    param: "lr",
    parse: numberIn(1e-6, 10),
    format: num,
    expect: "a number 1e-6..10",
  },
  {
    key: "batchSize",
    param: "batch",
    parse: intIn(0, MAX_SAMPLES),
    format: num,
    expect: `an integer 0 (full batch)..${MAX_SAMPLES}`,
  },
  {
    key: "optimizer",
    param: "opt",
    parse: oneOf(OPTIMIZERS),
    format: str,
    expect: OPTIMIZERS.join(", "),
  },
  { key: "l2", param: "l2", parse: numberIn(0, 1), format: num, expect: "a number 0..1" },
  {
    key: "seed",
    param: "seed",
    parse: intIn(0, MAX_SEED),
    format: num,
    expect: "an integer 0..2^32-1",
  },
  { key: "dtype", param: "dtype", parse: oneOf(DTYPES), format: str, expect: DTYPES.join(", ") },
  {
    key: "stopAt",
    param: "stop",
    parse: intIn(0, 1_000_000),
    format: num,
    expect: "an integer 0 (never)..1000000",
  },
  {
    key: "showTest",
    param: "showTest",
    parse: (raw: string) => (raw === "1" ? true : raw === "0" ? false : undefined),
    format: (v: boolean) => (v ? "1" : "0"),
    expect: "0 or 1",
  },
  { key: "theme", param: "theme", parse: oneOf(THEMES), format: str, expect: THEMES.join(", ") },
];

function clip(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
}

/**
 * Reads a state from a URL query (`location.search`, with or without "?"). Every missing
 * parameter takes its default; every invalid one (unknown name, out of range, garbage) takes
 * its default too and adds a notice naming the parameter, the value and what is expected.
 * Never throws.
 *
 * @example
 * ```ts
 * const { state, notices } = queryToState("?ds=spiral&lr=-1");
 * state.dataset; // "spiral"
 * notices; // ['lr: "-1" is not a number 1e-6..10; using 0.03']
 * ```
 */
export function queryToState(query: string): ParsedState {
  const notices: string[] = [];
  if (typeof query !== "string") return { state: DEFAULT_STATE, notices: ["URL: not a string"] };
  if (query.length > MAX_QUERY_LENGTH) {
    return {
      state: DEFAULT_STATE,
      notices: [
        `URL: the query is ${query.length} characters (at most ${MAX_QUERY_LENGTH}); using the defaults`,
      ],
    };
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  } catch {
    return {
      state: DEFAULT_STATE,
      notices: ["URL: the query could not be read; using the defaults"],
    };
  }
  const known = new Set(FIELDS.map((f) => f.param));
  for (const key of params.keys()) {
    if (!known.has(key)) notices.push(`${clip(key)}: unknown URL parameter, ignored`);
  }
  const out: Record<string, unknown> = { ...DEFAULT_STATE };
  for (const field of FIELDS) {
    const raw = params.get(field.param);
    if (raw === null) continue;
    const value = field.parse(raw);
    if (value === undefined) {
      const fallback = (field.format as (v: unknown) => string)(DEFAULT_STATE[field.key]);
      notices.push(
        `${field.param}: "${clip(raw)}" is not ${field.expect}; using ${fallback === "" ? "none" : fallback}`,
      );
    } else {
      out[field.key] = value;
    }
  }
  let state = out as unknown as PlaygroundState;
  if (state.features.length === 0) state = { ...state, features: DEFAULT_STATE.features };
  const fixed = reconcile(state);
  // A notice only when the URL chose the output; a missing one just takes the fitting one.
  if (fixed.notice !== null && params.has("out")) notices.push(fixed.notice);
  return { state: fixed.state, notices };
}

/**
 * Makes the output layer fit the data: a linear output for the regression sets, softmax for
 * the three blobs, a classification output (sigmoid) instead of a linear one for the other
 * sets. Returns the state and a notice when it changed something.
 *
 * @example
 * ```ts
 * reconcile({ ...DEFAULT_STATE, dataset: "reg-plane" }).state.output; // "linear"
 * ```
 */
export function reconcile(state: PlaygroundState): {
  state: PlaygroundState;
  notice: string | null;
} {
  const want = (output: OutputName, why: string) => ({
    state: { ...state, output },
    notice: `out: ${state.dataset} ${why}; using a ${output} output`,
  });
  if (isRegression(state.dataset) && state.output !== "linear") {
    return want("linear", "is a regression set");
  }
  if (state.dataset === "blobs" && state.output !== "softmax") {
    return want("softmax", "has three classes");
  }
  if (!isRegression(state.dataset) && state.dataset !== "csv" && state.output === "linear") {
    return want("sigmoid", "is a classification set");
  }
  return { state, notice: null };
}

/**
 * Writes a state as a URL query (without "?"), every parameter present and in a fixed order,
 * so equal states give equal URLs.
 *
 * @example
 * ```ts
 * queryToState(stateToQuery(s)).state; // equal to s
 * ```
 */
export function stateToQuery(state: PlaygroundState): string {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    params.set(field.param, (field.format as (v: unknown) => string)(state[field.key]));
  }
  return params.toString().replaceAll("%2C", ",");
}
