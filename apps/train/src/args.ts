import { type ActivationName, activationNames } from "@plainnet/core";
import { UsageError } from "./usage.ts";

/**
 * Datasets the CLI can generate (scikit-learn's and TensorFlow Playground's).
 *
 * @example
 * ```ts
 * DATASET_NAMES.includes("moons"); // true
 * ```
 */
export const DATASET_NAMES: readonly DatasetName[] = Object.freeze([
  "moons",
  "circles",
  "blobs",
  "circle",
  "xor",
  "gauss",
  "spiral",
]);

/** A dataset the CLI can generate. */
export type DatasetName = "moons" | "circles" | "blobs" | "circle" | "xor" | "gauss" | "spiral";

/** Optimisers `--optimizer` accepts (`momentum`/`nesterov`: SGD with (Nesterov) momentum). */
export type OptimizerFlag = "sgd" | "momentum" | "nesterov" | "adam" | "rmsprop";

/**
 * Optimisers `--optimizer` accepts.
 *
 * @example
 * ```ts
 * OPTIMIZER_NAMES.includes("adam"); // true
 * ```
 */
export const OPTIMIZER_NAMES: readonly OptimizerFlag[] = Object.freeze([
  "sgd",
  "momentum",
  "nesterov",
  "adam",
  "rmsprop",
]);

/** Weight initialisations `--init` accepts (the core's `Network` initialisers). */
export type InitFlag = "notebook" | "glorotUniform" | "heNormal";

/**
 * Weight initialisations `--init` accepts.
 *
 * @example
 * ```ts
 * INIT_NAMES.includes("heNormal"); // true
 * ```
 */
export const INIT_NAMES: readonly InitFlag[] = Object.freeze([
  "notebook",
  "glorotUniform",
  "heNormal",
]);

/**
 * Training engines `--engine` accepts (the core's `engine` option): `auto` (the fused,
 * zero-allocation engine on WebAssembly SIMD where the runtime has it, else on JavaScript typed
 * arrays), `wasm` / `js` (that fused engine, forced), or `reference` (the generic path, one pure
 * typed-array op at a time). In float64 all four give the same numbers bit for bit.
 */
export type EngineFlag = "auto" | "wasm" | "js" | "reference";

/**
 * Engines `--engine` accepts.
 *
 * @example
 * ```ts
 * ENGINE_NAMES.includes("reference"); // true
 * ```
 */
export const ENGINE_NAMES: readonly EngineFlag[] = Object.freeze([
  "auto",
  "wasm",
  "js",
  "reference",
]);

/**
 * Element types `--dtype` accepts (the core's `dtype` option): `float64` (the notebook's, bitwise
 * reproducible) or `float32` (faster on WebAssembly SIMD, close to float64 but not bitwise; needs
 * a fused engine, i.e. not `--engine reference`).
 */
export type DtypeFlag = "float64" | "float32";

/**
 * Element types `--dtype` accepts.
 *
 * @example
 * ```ts
 * DTYPE_NAMES.includes("float32"); // true
 * ```
 */
export const DTYPE_NAMES: readonly DtypeFlag[] = Object.freeze(["float64", "float32"]);

/** Losses the CLI accepts (`bce`: binary cross-entropy, `mse`: mean squared error). */
export type LossFlag = "bce" | "mse";

/**
 * Number of input features of every dataset the CLI generates (all are 2-D).
 *
 * @example
 * ```ts
 * DEFAULT_CONFIG.arch[0] === FEATURES; // true
 * ```
 */
export const FEATURES = 2;

/** Everything one run needs, with the defaults of the notebook's experiment filled in. */
export interface TrainConfig {
  readonly dataset: DatasetName;
  readonly samples: number;
  /** `undefined`: the dataset's default noise. */
  readonly noise: number | undefined;
  readonly testSize: number;
  readonly dataSeed: number;
  readonly splitSeed: number;
  /** Layer sizes, input first. */
  readonly arch: readonly number[];
  /** Activation of the hidden layers (the output layer is sigmoid). */
  readonly activation: ActivationName;
  readonly loss: LossFlag;
  readonly epochs: number;
  readonly lr: number;
  readonly seed: number;
  /** `sgd` (default): plain gradient descent, the notebook's. */
  readonly optimizer: OptimizerFlag;
  /** Samples per step; `undefined`: the full training set (the notebook's). */
  readonly batchSize: number | undefined;
  /** Momentum of `--optimizer momentum` / `nesterov`, in [0, 1). */
  readonly momentum: number;
  /** Weight initialisation; `notebook`: randn · 0.1 as the notebook's `init_layers`. */
  readonly init: InitFlag;
  /** Training engine (both paths); `auto`: the fastest this runtime has. */
  readonly engine: EngineFlag;
  /** Element type of the fused engine; `float32` needs an engine other than `reference`. */
  readonly dtype: DtypeFlag;
  /**
   * Threads in all (1: the calling one only). More than one trains the notebook's loop with the
   * core's `trainParallel` (Node, Bun, Deno with `--allow-read`); needs a fused engine and the
   * notebook's loop (no `--optimizer`, `--batch-size` or `--init`).
   */
  readonly threads: number;
  /** Folder for the SVG/JSON files, or `undefined`. */
  readonly out: string | undefined;
  /** Number of boundary snapshots to write (0: none). */
  readonly frames: number;
  readonly json: boolean;
  /** `undefined`: chosen from the number of epochs. */
  readonly logEvery: number | undefined;
  /** `undefined`: from the terminal width. */
  readonly width: number | undefined;
  readonly plot: boolean;
  readonly color: boolean;
}

/** Result of {@link parseArgs}: run with a config, or show the help. */
export type ParsedArgs =
  | { readonly kind: "help" }
  | { readonly kind: "run"; readonly config: TrainConfig };

/**
 * The notebook's experiment: moons(1000, noise 0.2, seed 100), split 0.1 (seed 42),
 * 2-25-50-50-25-1 ReLU/sigmoid, init seed 2, 10,000 epochs, learning rate 0.01, BCE.
 *
 * @example
 * ```ts
 * DEFAULT_CONFIG.epochs; // 10000
 * ```
 */
export const DEFAULT_CONFIG: TrainConfig = Object.freeze({
  dataset: "moons",
  samples: 1000,
  noise: undefined,
  testSize: 0.1,
  dataSeed: 100,
  splitSeed: 42,
  arch: Object.freeze([2, 25, 50, 50, 25, 1]),
  activation: "relu",
  loss: "bce",
  epochs: 10000,
  lr: 0.01,
  seed: 2,
  optimizer: "sgd",
  batchSize: undefined,
  momentum: 0.9,
  init: "notebook",
  engine: "auto",
  dtype: "float64",
  threads: 1,
  out: undefined,
  frames: 0,
  json: false,
  logEvery: undefined,
  width: undefined,
  plot: true,
  color: true,
});

const VALUE_FLAGS = [
  "dataset",
  "samples",
  "noise",
  "test-size",
  "data-seed",
  "split-seed",
  "arch",
  "activation",
  "loss",
  "epochs",
  "lr",
  "seed",
  "optimizer",
  "batch-size",
  "momentum",
  "init",
  "engine",
  "dtype",
  "threads",
  "out",
  "frames",
  "log-every",
  "width",
] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

const BOOLEAN_FLAGS = ["json", "no-plot", "no-color", "help"] as const;

/**
 * Activations `--activation` accepts for the hidden layers (the core's, without those that only
 * make sense on an output layer).
 *
 * @example
 * ```ts
 * HIDDEN_ACTIVATIONS.includes("relu"); // true
 * ```
 */
export const HIDDEN_ACTIVATIONS: readonly ActivationName[] = Object.freeze(
  activationNames.filter((name) => (name as string) !== "softmax"),
);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function quote(s: string): string {
  return JSON.stringify(s);
}

function number(flag: string, raw: string): number {
  const n = NUMBER.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) {
    throw new UsageError(`--${flag} must be a finite number, got ${quote(raw)}`);
  }
  return n;
}

// A count or seed: decimal digits only (no sign, exponent, fraction or spaces), in [min, max].
function integer(flag: string, raw: string, min: number, max: number, what: string): number {
  const digits = /^\d{1,16}$/.test(raw);
  const n = digits ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    // "1e1", "+5", "2.0": the right number, but not written as a count.
    const m = NUMBER.test(raw) ? Number(raw) : Number.NaN;
    const hint =
      !digits && Number.isInteger(m) && m >= min && m <= max ? " written in decimal digits" : "";
    throw new UsageError(`--${flag} must be ${what}${hint}, got ${quote(raw)}`);
  }
  return n;
}

const SEED_MAX = 2 ** 32 - 1;
const SEED_WHAT = "an integer seed 0..4294967295";

function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}, got ${quote(raw)}`);
  }
  return raw as T;
}

function parseArch(raw: string): number[] {
  const parts = raw.split(",").map((s) => s.trim());
  const sizes = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100000)) {
    throw new UsageError(
      `--arch must be at least two positive integer layer sizes separated by commas (e.g. 2,25,1), got ${quote(raw)}`,
    );
  }
  if (sizes[0] !== FEATURES) {
    throw new UsageError(
      `--arch must start with ${FEATURES}, the number of features of every dataset, got ${quote(raw)}`,
    );
  }
  if (sizes[sizes.length - 1] !== 1) {
    throw new UsageError(
      `--arch must end with 1 (one sigmoid output: the probability of class 1), got ${quote(raw)}`,
    );
  }
  return sizes;
}

/**
 * Parses the command line (without the runtime and script, e.g. `Deno.args`). Accepts
 * `--flag value` and `--flag=value`, with one rule for every flag: a value never starts with
 * `--`, no flag may be given twice (boolean flags included), and counts and seeds are decimal
 * integers (`1e1`, `+5`, `2.0` are rejected). `-h`/`--help` shows the help as soon as it is
 * reached. Throws a {@link UsageError} for an unknown flag, a missing or bad value, a repeated
 * flag, or a positional argument.
 *
 * @example
 * ```ts
 * const r = parseArgs(["--epochs", "300", "--dataset=circles"]);
 * if (r.kind === "run") r.config.epochs; // 300
 * ```
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values = new Map<ValueFlag, string>();
  const booleans = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === "-h") return { kind: "help" };
    if (!token.startsWith("--")) {
      throw new UsageError(`unexpected argument ${quote(token)}; options start with --`);
    }
    const eq = token.indexOf("=");
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value, got ${quote(token)}`);
      if (name === "help") return { kind: "help" };
      if (booleans.has(name)) throw new UsageError(`--${name} is given twice`);
      booleans.add(name);
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown flag ${quote(`--${name}`)}`);
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = token.slice(eq + 1);
    } else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === "") {
      throw new UsageError(`--${name} needs a value`);
    }
    // One rule for every value flag: a value never starts with "--" (that is the next flag).
    if (value.startsWith("--")) {
      throw new UsageError(
        `--${name} needs a value, got the flag ${quote(value)} (a value never starts with --)`,
      );
    }
    if (values.has(name as ValueFlag)) {
      throw new UsageError(`--${name} is given twice`);
    }
    values.set(name as ValueFlag, value);
  }

  // The value of a flag, parsed, or the fallback when the flag is absent.
  const opt = <T>(flag: ValueFlag, fallback: T, parse: (raw: string) => T): T => {
    const raw = values.get(flag);
    return raw === undefined ? fallback : parse(raw);
  };
  const d = DEFAULT_CONFIG;
  const seed = (flag: ValueFlag, fallback: number): number =>
    opt(flag, fallback, (raw) => integer(flag, raw, 0, SEED_MAX, SEED_WHAT));

  const out = values.get("out");
  const frames = opt("frames", 0, (raw) => integer("frames", raw, 2, 500, "an integer 2..500"));
  if (frames > 0 && out === undefined) {
    throw new UsageError("--frames needs --out DIR (the frames are written there)");
  }
  const optimizer = opt("optimizer", d.optimizer, (raw) =>
    oneOf("optimizer", raw, OPTIMIZER_NAMES),
  );
  const momentum = opt("momentum", d.momentum, (raw) => {
    const m = number("momentum", raw);
    if (!(m >= 0 && m < 1)) {
      throw new UsageError(`--momentum must be a number in [0, 1), got ${quote(raw)}`);
    }
    return m;
  });
  if (values.has("momentum") && optimizer !== "momentum" && optimizer !== "nesterov") {
    throw new UsageError(
      `--momentum applies to --optimizer momentum or nesterov, got --optimizer ${optimizer}`,
    );
  }
  if (optimizer === "nesterov" && momentum === 0) {
    throw new UsageError(
      `--optimizer nesterov needs --momentum > 0, got ${quote(values.get("momentum") ?? "0")}`,
    );
  }
  const engine = opt("engine", d.engine, (raw) => oneOf("engine", raw, ENGINE_NAMES));
  const dtype = opt("dtype", d.dtype, (raw) => oneOf("dtype", raw, DTYPE_NAMES));
  if (engine === "reference" && dtype !== "float64") {
    throw new UsageError(
      `--dtype ${dtype} needs a fused engine (--engine auto, wasm or js), got --engine reference`,
    );
  }
  const config: TrainConfig = {
    dataset: opt("dataset", d.dataset, (raw) => oneOf("dataset", raw, DATASET_NAMES)),
    samples: opt("samples", d.samples, (raw) =>
      integer("samples", raw, 10, 1_000_000, "an integer 10..1000000"),
    ),
    noise: opt<number | undefined>("noise", undefined, (raw) => {
      const noise = number("noise", raw);
      if (noise < 0 || noise > 10) {
        throw new UsageError(`--noise must be a number 0..10, got ${quote(raw)}`);
      }
      return noise;
    }),
    testSize: opt("test-size", d.testSize, (raw) => {
      const f = number("test-size", raw);
      if (!(f > 0 && f < 1)) {
        throw new UsageError(
          `--test-size must be a fraction between 0 and 1 (exclusive), got ${quote(raw)}`,
        );
      }
      return f;
    }),
    dataSeed: seed("data-seed", d.dataSeed),
    splitSeed: seed("split-seed", d.splitSeed),
    arch: opt("arch", d.arch, parseArch),
    activation: opt("activation", d.activation, (raw) =>
      oneOf("activation", raw, HIDDEN_ACTIVATIONS),
    ),
    loss: opt("loss", d.loss, (raw) => oneOf<LossFlag>("loss", raw, ["bce", "mse"])),
    epochs: opt("epochs", d.epochs, (raw) =>
      integer("epochs", raw, 1, 10_000_000, "a positive integer (1..10000000)"),
    ),
    lr: opt("lr", d.lr, (raw) => {
      const lr = number("lr", raw);
      if (!(lr > 0)) throw new UsageError(`--lr must be a finite number > 0, got ${quote(raw)}`);
      return lr;
    }),
    seed: seed("seed", d.seed),
    optimizer,
    batchSize: opt<number | undefined>("batch-size", undefined, (raw) =>
      integer("batch-size", raw, 1, 10_000_000, "a positive integer"),
    ),
    momentum,
    init: opt("init", d.init, (raw) => oneOf("init", raw, INIT_NAMES)),
    engine,
    dtype,
    threads: opt("threads", d.threads, (raw) => integer("threads", raw, 1, 64, "an integer 1..64")),
    out,
    frames,
    json: booleans.has("json"),
    logEvery: opt<number | undefined>("log-every", undefined, (raw) =>
      integer("log-every", raw, 1, 10_000_000, "a positive integer"),
    ),
    width: opt<number | undefined>("width", undefined, (raw) =>
      integer("width", raw, 16, 1000, "an integer 16..1000"),
    ),
    plot: !booleans.has("no-plot"),
    color: !booleans.has("no-color"),
  };
  if (config.threads > 1) {
    if (engine === "reference") {
      throw new UsageError(
        `--threads ${config.threads} needs a fused engine (--engine auto, wasm or js), got --engine reference`,
      );
    }
    if (usesNetwork(config)) {
      const given = [
        config.optimizer !== d.optimizer ? `--optimizer ${config.optimizer}` : null,
        config.batchSize !== undefined ? `--batch-size ${config.batchSize}` : null,
        config.init !== d.init ? `--init ${config.init}` : null,
      ].filter((x) => x !== null);
      throw new UsageError(
        `--threads ${config.threads} trains the notebook's loop (plain gradient descent, full batch, notebook init), got ${given.join(" ")}`,
      );
    }
  }
  return { kind: "run", config };
}

/**
 * Whether a config asks for more than the notebook's plain full-batch gradient descent with
 * its initialisation (then the CLI trains with the core's `Network.fit`, else with `train`).
 *
 * @example
 * ```ts
 * usesNetwork(DEFAULT_CONFIG); // false
 * usesNetwork({ ...DEFAULT_CONFIG, optimizer: "adam" }); // true
 * ```
 */
export function usesNetwork(config: TrainConfig): boolean {
  return (
    config.optimizer !== DEFAULT_CONFIG.optimizer ||
    config.batchSize !== undefined ||
    config.init !== DEFAULT_CONFIG.init
  );
}
