import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CONFIG,
  DTYPE_NAMES,
  ENGINE_NAMES,
  parseArgs,
  type TrainConfig,
  usesNetwork,
} from "../src/args.ts";
import { UsageError } from "../src/usage.ts";

const fixture = JSON.parse(
  readFileSync(new URL("../../../fixtures/training.json", import.meta.url), "utf8"),
) as {
  cases: {
    name: string;
    dataset: { kind: string; n_samples: number; noise: number; random_state: number };
    split: { test_size: number; random_state: number };
    architecture: { input_dim: number; output_dim: number; activation: string }[];
    epochs: number;
    learning_rate: number;
    init_seed: number;
  }[];
};
const headline = fixture.cases.find((c) => c.name.startsWith("notebook headline"))!;

function run(argv: string[]): TrainConfig {
  const r = parseArgs(argv);
  if (r.kind !== "run") throw new Error("expected a run");
  return r.config;
}

function usageError(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(" ")}`);
}

describe("parseArgs defaults", () => {
  it("are the notebook's experiment (fixtures/training.json)", () => {
    const c = run([]);
    expect(c).toEqual(DEFAULT_CONFIG);
    expect(c.dataset).toBe(headline.dataset.kind);
    expect(c.samples).toBe(headline.dataset.n_samples);
    expect(c.dataSeed).toBe(headline.dataset.random_state);
    expect(c.testSize).toBe(headline.split.test_size);
    expect(c.splitSeed).toBe(headline.split.random_state);
    expect(c.epochs).toBe(headline.epochs);
    expect(c.lr).toBe(headline.learning_rate);
    expect(c.seed).toBe(headline.init_seed);
    const sizes = [
      headline.architecture[0]!.input_dim,
      ...headline.architecture.map((l) => l.output_dim),
    ];
    expect(c.arch).toEqual(sizes);
    expect(headline.architecture.slice(0, -1).every((l) => l.activation === c.activation)).toBe(
      true,
    );
    expect(headline.architecture.at(-1)!.activation).toBe("sigmoid");
    expect(c.loss).toBe("bce");
  });

  it("leave noise to the dataset (moons: the notebook's 0.2 is applied later)", () => {
    expect(run([]).noise).toBeUndefined();
    expect(run(["--noise", "0.3"]).noise).toBe(0.3);
  });
});

describe("parseArgs flags", () => {
  it("reads --flag value and --flag=value", () => {
    const c = run([
      "--dataset",
      "circles",
      "--samples=500",
      "--test-size",
      "0.25",
      "--data-seed=7",
      "--split-seed",
      "8",
      "--arch",
      "2,8,8,1",
      "--activation=tanh",
      "--loss",
      "mse",
      "--epochs",
      "1000",
      "--lr=0.5",
      "--seed",
      "3",
      "--out",
      "out",
      "--frames",
      "5",
      "--json",
      "--log-every",
      "10",
      "--width=40",
      "--no-plot",
      "--no-color",
      "--engine",
      "js",
      "--dtype=float32",
      "--threads=3",
    ]);
    expect(c).toEqual({
      dataset: "circles",
      samples: 500,
      noise: undefined,
      testSize: 0.25,
      dataSeed: 7,
      splitSeed: 8,
      arch: [2, 8, 8, 1],
      activation: "tanh",
      loss: "mse",
      epochs: 1000,
      lr: 0.5,
      seed: 3,
      optimizer: "sgd",
      batchSize: undefined,
      momentum: 0.9,
      init: "notebook",
      engine: "js",
      dtype: "float32",
      threads: 3,
      out: "out",
      frames: 5,
      json: true,
      logEvery: 10,
      width: 40,
      plot: false,
      color: false,
    });
  });

  it("defaults to the notebook's training: plain gradient descent, full batch, notebook init", () => {
    const c = run([]);
    expect(c.optimizer).toBe("sgd");
    expect(c.batchSize).toBeUndefined();
    expect(c.momentum).toBe(0.9);
    expect(c.init).toBe("notebook");
    expect(usesNetwork(c)).toBe(false);
    // Naming the defaults keeps the notebook's code path.
    expect(usesNetwork(run(["--optimizer", "sgd", "--init", "notebook"]))).toBe(false);
  });

  it("reads --optimizer, --batch-size, --momentum and --init", () => {
    const c = run([
      "--optimizer",
      "nesterov",
      "--batch-size=32",
      "--momentum",
      "0.5",
      "--init",
      "heNormal",
    ]);
    expect([c.optimizer, c.batchSize, c.momentum, c.init]).toEqual([
      "nesterov",
      32,
      0.5,
      "heNormal",
    ]);
    expect(usesNetwork(c)).toBe(true);
    for (const o of ["sgd", "momentum", "nesterov", "adam", "rmsprop"]) {
      expect(run(["--optimizer", o]).optimizer).toBe(o);
    }
    for (const i of ["notebook", "glorotUniform", "heNormal"]) {
      expect(run(["--init", i]).init).toBe(i);
    }
    expect(run(["--optimizer", "momentum", "--momentum", "0"]).momentum).toBe(0);
    expect(usesNetwork(run(["--optimizer", "adam"]))).toBe(true);
    expect(usesNetwork(run(["--batch-size", "64"]))).toBe(true);
    expect(usesNetwork(run(["--init", "glorotUniform"]))).toBe(true);
  });

  it("defaults to --engine auto --dtype float64 and reads every engine and dtype", () => {
    expect([DEFAULT_CONFIG.engine, DEFAULT_CONFIG.dtype]).toEqual(["auto", "float64"]);
    expect(ENGINE_NAMES).toEqual(["auto", "wasm", "js", "reference"]);
    expect(DTYPE_NAMES).toEqual(["float64", "float32"]);
    for (const e of ENGINE_NAMES) {
      expect(run(["--engine", e]).engine).toBe(e);
      expect(run([`--engine=${e}`, "--dtype", "float64"]).dtype).toBe("float64");
    }
    for (const e of ["auto", "wasm", "js"]) {
      const c = run(["--engine", e, "--dtype", "float32"]);
      expect([c.engine, c.dtype]).toEqual([e, "float32"]);
    }
    // The engine is not a reason to leave the notebook's loop.
    expect(usesNetwork(run(["--engine", "js", "--dtype", "float32"]))).toBe(false);
  });

  it("accepts every dataset name", () => {
    for (const d of ["moons", "circles", "blobs", "circle", "xor", "gauss", "spiral"]) {
      expect(run(["--dataset", d]).dataset).toBe(d);
    }
  });

  it("returns help for -h and --help, wherever they are", () => {
    expect(parseArgs(["--help"]).kind).toBe("help");
    expect(parseArgs(["--epochs", "3", "-h"]).kind).toBe("help");
  });
});

describe("parseArgs bad input", () => {
  it("rejects an unknown flag", () => {
    expect(usageError(["--foo"])).toBe('unknown flag "--foo"');
    expect(usageError(["--epoch", "3"])).toContain("--epoch");
  });

  it("rejects positional arguments", () => {
    expect(usageError(["moons"])).toContain('"moons"');
  });

  it("rejects negative, zero, fractional and non-numeric epochs", () => {
    for (const bad of ["-5", "0", "2.5", "abc", "10x", "Infinity"]) {
      expect(usageError(["--epochs", bad])).toBe(
        `--epochs must be a positive integer (1..10000000), got ${JSON.stringify(bad)}`,
      );
    }
    expect(usageError(["--epochs=-1"])).toContain('"-1"');
  });

  it("rejects an --arch whose first size is not the feature count (2)", () => {
    expect(usageError(["--arch", "3,4,1"])).toContain("must start with 2");
    expect(usageError(["--arch", "2,4,2"])).toContain("must end with 1");
    expect(usageError(["--arch", "2"])).toContain("at least two");
    expect(usageError(["--arch", "2,x,1"])).toContain("positive integer");
    expect(usageError(["--arch", "2,0,1"])).toContain("positive integer");
  });

  it("rejects an unknown dataset, activation or loss", () => {
    expect(usageError(["--dataset", "mnist"])).toBe(
      '--dataset must be one of moons, circles, blobs, circle, xor, gauss, spiral, got "mnist"',
    );
    expect(usageError(["--activation", "gelu"])).toContain("--activation must be one of");
    expect(usageError(["--loss", "hinge"])).toContain("bce, mse");
  });

  it("rejects bad numbers and missing values", () => {
    expect(usageError(["--lr", "0"])).toContain("--lr must be a finite number > 0");
    expect(usageError(["--lr", "-0.1"])).toContain("--lr");
    expect(usageError(["--lr", "1e999"])).toBe('--lr must be a finite number, got "1e999"');
    expect(usageError(["--lr", "fast"])).toBe('--lr must be a finite number, got "fast"');
    expect(usageError(["--test-size", "1"])).toContain("--test-size");
    expect(usageError(["--test-size", "0"])).toContain("--test-size");
    expect(usageError(["--noise", "-1"])).toContain("--noise");
    expect(usageError(["--seed", "-1"])).toContain("--seed");
    expect(usageError(["--seed", String(2 ** 32)])).toContain("--seed");
    expect(usageError(["--samples", "5"])).toContain("--samples");
    expect(usageError(["--epochs"])).toBe("--epochs needs a value");
    expect(usageError(["--epochs="])).toBe("--epochs needs a value");
    expect(usageError(["--epochs", "3", "--epochs", "4"])).toBe("--epochs is given twice");
    expect(usageError(["--json=1"])).toContain("takes no value");
  });

  it("rejects an unknown optimizer or init", () => {
    expect(usageError(["--optimizer", "adagrad"])).toBe(
      '--optimizer must be one of sgd, momentum, nesterov, adam, rmsprop, got "adagrad"',
    );
    expect(usageError(["--init", "zeros"])).toContain("--init must be one of");
  });

  it("rejects a batch size that is not a positive integer", () => {
    for (const bad of ["0", "-3", "2.5", "abc", "full"]) {
      expect(usageError(["--batch-size", bad])).toBe(
        `--batch-size must be a positive integer, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it("rejects a momentum outside [0, 1) or without a momentum optimizer", () => {
    for (const bad of ["1", "1.5", "-0.1", "x"]) {
      expect(usageError(["--optimizer", "momentum", "--momentum", bad])).toContain("--momentum");
    }
    expect(usageError(["--momentum", "0.5"])).toContain("--optimizer momentum or nesterov");
    expect(usageError(["--optimizer", "adam", "--momentum", "0.5"])).toContain("adam");
    expect(usageError(["--optimizer", "nesterov", "--momentum", "0"])).toContain("nesterov");
  });

  it("rejects an unknown engine or dtype, naming the flag", () => {
    expect(usageError(["--engine", "gpu"])).toBe(
      '--engine must be one of auto, wasm, js, reference, got "gpu"',
    );
    expect(usageError(["--engine", "typed-array"])).toContain("--engine must be one of");
    expect(usageError(["--dtype", "float16"])).toBe(
      '--dtype must be one of float64, float32, got "float16"',
    );
    expect(usageError(["--dtype", "f32"])).toContain("--dtype");
    expect(usageError(["--backend", "wasm"])).toBe('unknown flag "--backend"');
  });

  it("rejects --threads outside 1..64, with the reference engine or off the notebook's loop", () => {
    for (const bad of ["0", "65", "-2", "1.5", "two"]) {
      expect(usageError(["--threads", bad])).toBe(
        `--threads must be an integer 1..64, got ${JSON.stringify(bad)}`,
      );
    }
    expect(usageError(["--threads", "2", "--engine", "reference"])).toBe(
      "--threads 2 needs a fused engine (--engine auto, wasm or js), got --engine reference",
    );
    expect(usageError(["--threads", "2", "--optimizer", "adam", "--batch-size", "32"])).toBe(
      "--threads 2 trains the notebook's loop (plain gradient descent, full batch, notebook init), got --optimizer adam --batch-size 32",
    );
    expect(usageError(["--threads=4", "--init", "heNormal"])).toContain("got --init heNormal");
    // One thread is the default and combines with anything.
    expect(run(["--threads", "1", "--engine", "reference", "--optimizer", "adam"]).threads).toBe(1);
    expect(run([]).threads).toBe(1);
  });

  it("rejects --dtype float32 with --engine reference, naming both flags", () => {
    for (const argv of [
      ["--engine", "reference", "--dtype", "float32"],
      ["--dtype=float32", "--engine=reference"],
    ]) {
      const message = usageError(argv);
      expect(message).toContain("--dtype float32");
      expect(message).toContain("--engine reference");
    }
  });

  it("needs --out for --frames", () => {
    expect(usageError(["--frames", "5"])).toContain("--frames needs --out");
    expect(usageError(["--out", "o", "--frames", "1"])).toContain("--frames");
  });
});
