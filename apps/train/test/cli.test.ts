import { hasWasmSimd } from "@plainnet/core/engine";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli.ts";
import { stripAnsi } from "../src/terminal-plot.ts";
import { type FakeRuntime, fakeRuntime } from "./fake-runtime.ts";
import { elements, parseSvg } from "./xml.ts";

type Fake = FakeRuntime;

const SMALL_DATA = ["--samples", "100"];
const SMALL = [...SMALL_DATA, "--arch", "2,6,1", "--epochs", "40", "--lr", "0.5"];

function jsonOf(rt: Fake): Record<string, unknown> {
  const lines = rt.stdout.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe("main: bad input", () => {
  const cases: [string, string[]][] = [
    ["unknown flag", ["--foo"]],
    ["arch not starting with 2", ["--arch", "3,25,1"]],
    ["negative epochs", ["--epochs", "-5"]],
    ["non-numeric epochs", ["--epochs", "ten"]],
    ["unknown dataset", ["--dataset", "mnist"]],
    ["unknown optimizer", ["--optimizer", "adagrad"]],
    ["batch size not a positive integer", ["--batch-size", "0"]],
    ["batch size larger than the training set", [...SMALL_DATA, "--batch-size", "91"]],
    ["momentum outside [0, 1)", ["--optimizer", "momentum", "--momentum", "1"]],
    ["the removed --backend flag", ["--backend", "typed-array"]],
    ["unknown engine", ["--engine", "gpu"]],
    ["unknown dtype", ["--dtype", "float16"]],
    ["float32 on the reference engine", [...SMALL, "--engine", "reference", "--dtype", "float32"]],
  ];
  for (const [what, args] of cases) {
    it(`${what}: one line on stderr, exit code 2, nothing on stdout`, async () => {
      const rt = fakeRuntime(args);
      expect(await main(rt)).toBe(2);
      expect(rt.exitCode).toBe(2);
      expect(rt.stdout).toBe("");
      expect(rt.stderr.endsWith("\n")).toBe(true);
      expect(rt.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(rt.stderr).toMatch(/^train: .* \(see --help\)\n$/);
      expect(rt.stderr).not.toMatch(/\bat .*:\d+/); // no stack trace
    });
  }

  it("names the flag of a bad engine or dtype, and both flags of a bad combination", async () => {
    const engine = fakeRuntime(["--engine", "gpu"]);
    expect(await main(engine)).toBe(2);
    expect(engine.stderr).toBe(
      'train: --engine must be one of auto, wasm, js, reference, got "gpu" (see --help)\n',
    );
    const dtype = fakeRuntime(["--dtype", "float16"]);
    expect(await main(dtype)).toBe(2);
    expect(dtype.stderr).toBe(
      'train: --dtype must be one of float64, float32, got "float16" (see --help)\n',
    );
    const both = fakeRuntime([...SMALL, "--engine", "reference", "--dtype", "float32"]);
    expect(await main(both)).toBe(2);
    expect(both.stderr).toContain("--dtype float32");
    expect(both.stderr).toContain("--engine reference");
    expect(both.stdout).toBe(""); // stopped before the header, before any training
  });

  it("--out without read and write access: one line naming -R and -W, exit 2, before training", async () => {
    const rt = fakeRuntime(["--out", "out", ...SMALL], { writable: false });
    expect(await main(rt)).toBe(2);
    expect(rt.stderr).toBe(
      "train: --out out needs read and write access to that folder; run: deno run -R=out -W=out train.ts --out out\n",
    );
    expect(rt.stdout).toBe("");
  });

  it("--lr 1e6 diverges with a bounded loss (outputs saturated, no overflow): the message, exit code 1", async () => {
    const rt = fakeRuntime([...SMALL.slice(0, 6), "--lr", "1e6", "--no-plot"]);
    expect(await main(rt)).toBe(1);
    expect(rt.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(rt.stderr).toMatch(
      /^train: TrainingDivergedError: training diverged at epoch 1: cost is [\d.]+ \(100% of the outputs are saturated/,
    );
  });

  it("training that diverges: one line, exit code 1", async () => {
    const rt = fakeRuntime([...SMALL.slice(0, 6), "--lr", "1e300", "--no-plot"]);
    expect(await main(rt)).toBe(1);
    expect(rt.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(rt.stderr).toMatch(/^train: TrainingDivergedError: /);
  });
});

describe("main: runs", () => {
  it("--help prints the usage, exit 0", async () => {
    const rt = fakeRuntime(["--help"]);
    expect(await main(rt)).toBe(0);
    expect(rt.stdout).toMatch(/^usage: deno run train\.ts/);
    for (const flag of [
      "--dataset",
      "--samples",
      "--noise",
      "--test-size",
      "--data-seed",
      "--arch",
      "--activation",
      "--loss",
      "--epochs",
      "--lr",
      "--seed",
      "--out",
      "--frames",
      "--json",
      "--optimizer",
      "--batch-size",
      "--momentum",
      "--init",
      "--engine",
      "--dtype",
    ]) {
      expect(rt.stdout).toContain(flag);
    }
  });

  it("prints sizes, architecture, log lines, accuracies and a monochrome plot when not a terminal", async () => {
    const rt = fakeRuntime([...SMALL, "--width", "40"]);
    expect(await main(rt)).toBe(0);
    const out = rt.stdout;
    expect(out).not.toContain("\x1b");
    expect(out).not.toContain("\r");
    expect(out).toContain("dataset   moons: 100 samples, noise 0.2, seed 100");
    expect(out).toContain("split     90 train / 10 test");
    expect(out).toContain("network   2-6-1: 2 layers, relu → sigmoid, 25 parameters");
    expect(out).toMatch(/epoch 40\/40 {2}cost \d\.\d{5} {2}acc \d\.\d{4}/);
    expect(out).toMatch(/result {4}train accuracy \d\.\d{4} {3}test accuracy \d\.\d{4}/);
    const plot = out.split("\n").filter((l) => /^[ ░ox*]{40}$/.test(l));
    expect(plot.length).toBeGreaterThan(5);
    expect(rt.stderr).toBe("");
  });

  it("draws in colour on a terminal unless NO_COLOR", async () => {
    const colour = fakeRuntime([...SMALL, "--width", "30"], { tty: true });
    await main(colour);
    expect(colour.stdout).toContain("\x1b[38;5;");
    expect(colour.stdout).toContain("\r");
    const plain = fakeRuntime([...SMALL, "--width", "30"], { tty: true, noColor: true });
    await main(plain);
    expect(plain.stdout).not.toContain("\x1b[38;5;");
    expect(stripAnsi(plain.stdout)).toContain("o class 0");
  });

  it("--json prints one JSON object on stdout and nothing else", async () => {
    const rt = fakeRuntime([...SMALL, "--json"]);
    expect(await main(rt)).toBe(0);
    const lines = rt.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]!);
    expect(s.epochs).toBe(40);
    expect(s.samples).toEqual({ train: 90, test: 10 });
    expect(s.architecture).toEqual([2, 6, 1]);
    expect(s.parameters).toBe(25);
    for (const k of ["finalCost", "trainAccuracy", "testAccuracy", "wallTimeMs", "msPerEpoch"]) {
      expect(Number.isFinite(s[k])).toBe(true);
    }
    expect(s.trainAccuracy).toBeGreaterThanOrEqual(0);
    expect(s.testAccuracy).toBeLessThanOrEqual(1);
    expect(s.msPerEpoch).toBeCloseTo(s.wallTimeMs / 40, 3);
    expect(rt.stderr).toBe("");
  });

  it("--out writes boundary.svg, history.svg, model.json and with --frames the animation and frames", async () => {
    const rt = fakeRuntime([...SMALL, "--out", "out/", "--frames", "3", "--no-plot"]);
    expect(await main(rt)).toBe(0);
    expect([...rt.files.keys()].sort()).toEqual([
      "out/boundary.svg",
      "out/frames/frame-000.svg",
      "out/frames/frame-001.svg",
      "out/frames/frame-002.svg",
      "out/history.svg",
      "out/model.json",
      "out/training.svg",
    ]);
    const boundary = parseSvg(rt.files.get("out/boundary.svg")!);
    expect(
      elements(boundary, "g", "test").flatMap((g) => Array.from(g.getElementsByTagName("circle"))),
    ).toHaveLength(10);
    expect(
      elements(boundary, "g", "train").flatMap((g) => Array.from(g.getElementsByTagName("circle"))),
    ).toHaveLength(90);
    const history = parseSvg(rt.files.get("out/history.svg")!);
    expect(
      elements(history, "polyline", "cost")[0]!.getAttribute("points")!.split(" "),
    ).toHaveLength(40);
    const anim = parseSvg(rt.files.get("out/training.svg")!);
    expect(elements(anim, "g", "frame").map((g) => g.getAttribute("data-epoch"))).toEqual([
      "0",
      "20",
      "40",
    ]);
    const model = JSON.parse(rt.files.get("out/model.json")!);
    expect(model.params.map((p: { W: number[][] }) => [p.W.length, p.W[0]!.length])).toEqual([
      [6, 2],
      [1, 6],
    ]);
    expect(rt.stdout).toContain("wrote     out/boundary.svg");
  });
});

// The trained parameters of a run with `--out out`, every bit (model.json keeps them all).
function paramsOf(rt: Fake): number[][][] {
  const model = JSON.parse(rt.files.get("out/model.json")!) as {
    params: { W: number[][]; b: number[][] }[];
  };
  return model.params.flatMap((p) => [p.W, p.b]);
}

function sameBits(a: number[][][], b: number[][][]): boolean {
  const x = a.flat(2);
  const y = b.flat(2);
  return x.length === y.length && x.length > 0 && x.every((v, i) => Object.is(v, y[i]));
}

const COSTS = ["finalCost", "lastEpochCost", "trainAccuracy", "testAccuracy", "testCost"];

describe("main: --engine and --dtype", () => {
  const fastest = hasWasmSimd() ? "wasm-simd" : "js";

  it("--engine reference and the default (auto) give the same final params and costs bit for bit", async () => {
    const auto = fakeRuntime([...SMALL, "--json", "--out", "out"]);
    const ref = fakeRuntime([...SMALL, "--json", "--out", "out", "--engine", "reference"]);
    expect(await main(auto)).toBe(0);
    expect(await main(ref)).toBe(0);
    const a = jsonOf(auto);
    const b = jsonOf(ref);
    expect([a.engine, a.dtype]).toEqual([`${fastest}-f64`, "float64"]);
    expect([b.engine, b.dtype]).toEqual(["reference:typed-array", "float64"]);
    expect(a.trainer).toBe("train");
    for (const k of COSTS) expect(Object.is(b[k], a[k]), k).toBe(true);
    expect(sameBits(paramsOf(auto), paramsOf(ref))).toBe(true);
    // And so does the cost of every epoch (history.svg is drawn from it).
    expect(ref.files.get("out/history.svg")).toBe(auto.files.get("out/history.svg"));
  });

  it("the same on the Network.fit path (adam, mini-batches), and --engine js too", async () => {
    const fit = [...SMALL, "--json", "--out", "out", "--optimizer", "adam", "--batch-size", "16"];
    const runs: ReturnType<typeof fakeRuntime>[] = [];
    for (const engine of ["auto", "js", "reference"]) {
      const rt = fakeRuntime([...fit, "--engine", engine]);
      expect(await main(rt)).toBe(0);
      runs.push(rt);
    }
    const [a, js, ref] = runs.map(jsonOf) as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect([a.trainer, a.engine]).toEqual(["Network.fit", `${fastest}-f64`]);
    expect(js.engine).toBe("js-f64");
    expect(ref.engine).toBe("reference:typed-array");
    for (const other of [js, ref]) {
      for (const k of COSTS) expect(Object.is(other[k], a[k]), k).toBe(true);
    }
    const [pa, pjs, pref] = runs.map(paramsOf) as [number[][][], number[][][], number[][][]];
    expect(sameBits(pjs, pa)).toBe(true);
    expect(sameBits(pref, pa)).toBe(true);
  });

  it("--dtype float32 trains on an -f32 engine, within 1e-4 of float64's final cost", async () => {
    const f64 = fakeRuntime([...SMALL, "--json"]);
    const f32 = fakeRuntime([...SMALL, "--json", "--dtype", "float32"]);
    const jsF32 = fakeRuntime([...SMALL, "--json", "--engine", "js", "--dtype", "float32"]);
    for (const rt of [f64, f32, jsF32]) expect(await main(rt)).toBe(0);
    const a = jsonOf(f64);
    const b = jsonOf(f32);
    const c = jsonOf(jsF32);
    expect([b.engine, b.dtype]).toEqual([`${fastest}-f32`, "float32"]);
    expect([c.engine, c.dtype]).toEqual(["js-f32", "float32"]);
    for (const s of [b, c]) {
      expect(String(s.engine).endsWith("-f32")).toBe(true);
      const rel =
        Math.abs((s.finalCost as number) - (a.finalCost as number)) / (a.finalCost as number);
      expect(rel).toBeLessThan(1e-4);
      expect(Object.is(s.finalCost, a.finalCost)).toBe(false); // float32 really rounds
    }
  });

  it("the terminal summary names the engine", async () => {
    const rt = fakeRuntime([...SMALL, "--no-plot", "--engine", "js"]);
    expect(await main(rt)).toBe(0);
    expect(rt.stdout).toMatch(/^time {6}.* ms\/epoch on js-f64$/m);
  });
});

describe("main: optimisers and mini-batches (Network.fit)", () => {
  it("one full batch of plain gradient descent through Network.fit gives the notebook path's numbers bit for bit", async () => {
    // --batch-size 90 = the whole training set: same maths, but through Network.fit (samples x features).
    const notebook = fakeRuntime([...SMALL, "--json"]);
    const network = fakeRuntime([...SMALL, "--json", "--batch-size", "90"]);
    expect(await main(notebook)).toBe(0);
    expect(await main(network)).toBe(0);
    const a = jsonOf(notebook);
    const b = jsonOf(network);
    expect(a.trainer).toBe("train");
    expect(b.trainer).toBe("Network.fit");
    for (const k of ["finalCost", "lastEpochCost", "trainAccuracy", "testAccuracy", "testCost"]) {
      expect(Object.is(b[k], a[k]), k).toBe(true);
    }
  });

  it("--optimizer adam --batch-size 32 --epochs 30 learns the moons (test accuracy >= 0.85)", async () => {
    const rt = fakeRuntime([
      "--optimizer",
      "adam",
      "--batch-size",
      "32",
      "--epochs",
      "30",
      "--json",
    ]);
    expect(await main(rt)).toBe(0);
    expect(rt.stderr).toBe("");
    const s = jsonOf(rt);
    expect(s.optimizer).toBe("adam");
    expect(s.batchSize).toBe(32);
    expect(s.trainer).toBe("Network.fit");
    expect(s.epochs).toBe(30);
    expect(s.samples).toEqual({ train: 900, test: 100 });
    expect(s.testAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(s.testAccuracy).toBeLessThanOrEqual(1);
    expect(Number.isFinite(s.finalCost)).toBe(true);
  }, 120_000);

  it("keeps progress, plot and files working: momentum, mini-batches, He init, --out --frames", async () => {
    const rt = fakeRuntime([
      ...SMALL,
      "--optimizer",
      "momentum",
      "--momentum",
      "0.5",
      "--batch-size",
      "16",
      "--init",
      "heNormal",
      "--width",
      "40",
      "--out",
      "out",
      "--frames",
      "3",
    ]);
    expect(await main(rt)).toBe(0);
    expect(rt.stdout).toContain("training  40 epochs of momentum 0.5, batches of 16, lr 0.5");
    expect(rt.stdout).toContain("init heNormal seed 2");
    expect(rt.stdout).toMatch(/epoch 40\/40 {2}cost \d\.\d{5} {2}acc \d\.\d{4}/);
    expect(rt.stdout.split("\n").filter((l) => /^[ ░ox*]{40}$/.test(l)).length).toBeGreaterThan(5);
    const history = parseSvg(rt.files.get("out/history.svg")!);
    expect(
      elements(history, "polyline", "cost")[0]!.getAttribute("points")!.split(" "),
    ).toHaveLength(40);
    const anim = parseSvg(rt.files.get("out/training.svg")!);
    expect(elements(anim, "g", "frame").map((g) => g.getAttribute("data-epoch"))).toEqual([
      "0",
      "20",
      "40",
    ]);
    const model = JSON.parse(rt.files.get("out/model.json")!);
    expect(model.params.map((p: { W: number[][] }) => [p.W.length, p.W[0]!.length])).toEqual([
      [6, 2],
      [1, 6],
    ]);
    expect(model.training).toMatchObject({
      optimizer: "momentum",
      momentum: 0.5,
      batchSize: 16,
      init: "heNormal",
    });
    expect(rt.stderr).toBe("");
  });
});
