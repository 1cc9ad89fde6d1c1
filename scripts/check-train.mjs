// Checks the training CLI (apps/train) end to end, as a newcomer runs it after `pnpm install`:
//  1. `deno run train.ts --epochs 300 --json` needs no permission and prints one valid summary;
//  2. 100 epochs reproduce the notebook's cost at epoch 99 (fixtures/training.json);
//  3. bad input gives one line on stderr and exit code 2;
//  4. the same train.ts gives the same numbers under Node (tsx), Bun and Deno;
//  5. --threads 2 (trainParallel's worker threads) under each: the single-thread costs to
//     rounding, the same bits in all three; under Deno without --allow-read, a one-line hint.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const app = `${root}apps/train`;
const bin = (name) => `${root}node_modules/.bin/${name}`;
const runtimes = {
  deno: [bin("deno"), "run", "--no-prompt", "train.ts"],
  node: [bin("tsx"), "train.ts"],
  bun: [bin("bun"), "train.ts"],
};

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
};

function run(runtime, args) {
  const [cmd, ...pre] = runtimes[runtime];
  const r = spawnSync(cmd, [...pre, ...args], {
    cwd: app,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 15 * 60 * 1000,
  });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

function summary(runtime, args) {
  const r = run(runtime, [...args, "--json"]);
  const lines = r.stdout.split("\n").filter((l) => l !== "");
  check(
    r.code === 0,
    `${runtime} ${args.join(" ")} --json: exit code 0 (got ${r.code}${r.error ? `, ${r.error.message}` : ""})`,
  );
  if (r.code !== 0) console.log(r.stderr.trim());
  check(lines.length === 1, `${runtime}: exactly one line on stdout (got ${lines.length})`);
  try {
    return JSON.parse(lines[0] ?? "");
  } catch {
    check(false, `${runtime}: stdout is JSON`);
    return undefined;
  }
}

const finite = (v) => typeof v === "number" && Number.isFinite(v);
const unit = (v) => finite(v) && v >= 0 && v <= 1;

// 1. The README's check: 300 epochs of the notebook's experiment.
const s = summary("deno", ["--epochs", "300"]);
if (s !== undefined) {
  const arch = [2, 25, 50, 50, 25, 1];
  const params = arch.slice(1).reduce((n, out, i) => n + out * (arch[i] + 1), 0);
  check(s.epochs === 300, `epochs is 300 (got ${s.epochs})`);
  check(s.dataset === "moons", `dataset is moons (got ${s.dataset})`);
  check(s.samples?.train === 900 && s.samples?.test === 100, "900 train / 100 test samples");
  check(JSON.stringify(s.architecture) === JSON.stringify(arch), "architecture 2-25-50-50-25-1");
  check(s.parameters === params, `${params} parameters (got ${s.parameters})`);
  check(
    finite(s.finalCost) && s.finalCost > 0,
    `finalCost is a positive number (got ${s.finalCost})`,
  );
  check(unit(s.trainAccuracy), `trainAccuracy in [0, 1] (got ${s.trainAccuracy})`);
  check(unit(s.testAccuracy), `testAccuracy in [0, 1] (got ${s.testAccuracy})`);
  check(finite(s.wallTimeMs) && s.wallTimeMs > 0, `wallTimeMs > 0 (got ${s.wallTimeMs})`);
  check(
    finite(s.msPerEpoch) &&
      Math.abs(s.msPerEpoch * 300 - s.wallTimeMs) < 0.01 * s.wallTimeMs + 0.01,
    `msPerEpoch = wallTimeMs / 300 (got ${s.msPerEpoch})`,
  );
}

// 2. The notebook's numbers: the cost recorded at epoch 99 (NumPy reference).
const fixture = JSON.parse(readFileSync(`${root}fixtures/training.json`, "utf8"));
const headline = fixture.cases.find((c) => c.name.startsWith("notebook headline"));
const s100 = summary("deno", ["--epochs", "100"]);
if (s100 !== undefined) {
  const want = headline.cost_at_epoch["99"];
  const rel = Math.abs(s100.lastEpochCost - want) / want;
  check(
    rel < 1e-12,
    `cost at epoch 99 = NumPy's ${want} (got ${s100.lastEpochCost}, rel. diff ${rel.toExponential(1)})`,
  );
}

// 3. Bad input: a one-line usage error and exit code 2, no stack trace.
for (const args of [
  ["--foo"],
  ["--arch", "3,25,1"],
  ["--epochs", "-5"],
  ["--epochs", "ten"],
  ["--dataset", "mnist"],
]) {
  const r = run("deno", args);
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  check(
    r.code === 2 && lines.length === 1 && r.stdout === "" && !/\n\s+at /.test(r.stderr),
    `${args.join(" ")}: exit 2 with one line (got ${r.code}: ${JSON.stringify(r.stderr.trim())})`,
  );
}

// 4. One train.ts, three runtimes, the same bits.
const small = ["--samples", "200", "--epochs", "50", "--lr", "0.05"];
const results = Object.keys(runtimes).map((rt) => [rt, summary(rt, small)]);
const [, ref] = results[0];
for (const [rt, r] of results.slice(1)) {
  check(
    r !== undefined &&
      ref !== undefined &&
      r.finalCost === ref.finalCost &&
      r.testAccuracy === ref.testAccuracy,
    `${rt} gives Deno's final cost bit for bit (${r?.finalCost} vs ${ref?.finalCost})`,
  );
  check(r?.runtime === rt, `${rt} reports runtime ${rt} (got ${r?.runtime})`);
}

// 5. --threads 2: Deno needs --allow-read (the workers load the engine's module from disk).
runtimes["deno --allow-read"] = [bin("deno"), "run", "--no-prompt", "--allow-read", "train.ts"];
const threaded = ["deno --allow-read", "node", "bun"].map((rt) => [
  rt,
  summary(rt, [...small, "--threads", "2"]),
]);
for (const [rt, r] of threaded) {
  const one = results.find(([name]) => rt.startsWith(name))?.[1];
  const rel = r && one ? Math.abs(r.finalCost - one.finalCost) / one.finalCost : Number.NaN;
  check(
    r?.threads === 2 && / x2 threads$/.test(r?.engine ?? ""),
    `${rt} --threads 2: reports 2 threads and engine "… x2 threads" (got ${r?.threads}, ${r?.engine})`,
  );
  check(
    rel < 1e-9 && r?.testAccuracy === one?.testAccuracy,
    `${rt} --threads 2: the single-thread final cost to rounding (rel. diff ${rel.toExponential(1)})`,
  );
}
const [, t0] = threaded[0];
for (const [rt, r] of threaded.slice(1)) {
  check(
    r !== undefined && t0 !== undefined && r.finalCost === t0.finalCost,
    `${rt} --threads 2 gives Deno's two-thread final cost bit for bit (${r?.finalCost} vs ${t0?.finalCost})`,
  );
}
{
  const r = run("deno", [...small, "--threads", "2", "--json"]);
  const lines = r.stderr.split("\n").filter((l) => l !== "" && l.startsWith("train:"));
  check(
    r.code === 2 && r.stdout === "" && lines.length === 1 && /--allow-read/.test(lines[0] ?? ""),
    `deno --threads 2 without --allow-read: exit 2 and one "train:" line naming --allow-read (got ${r.code}: ${JSON.stringify(r.stderr.trim().split("\n").at(-1))})`,
  );
}

console.log(
  failures === 0 ? "train CLI: all checks passed" : `train CLI: ${failures} check(s) failed`,
);
process.exit(failures === 0 ? 0 : 1);
