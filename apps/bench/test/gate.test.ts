import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { numpyCandidate } from "../src/candidates/numpy.ts";
import { waitForGateFile, writeGateFile } from "../src/gate.ts";
import { measure } from "../src/sampler.ts";
import type { Plan } from "../src/types.ts";
import { trainData } from "../src/workloads.ts";
import { tinyWorkload } from "./helpers.ts";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "plainnet-gate-test-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits for a gate file the way the runner does, with a short limit for a test. */
async function expectFile(name: string): Promise<string> {
  const r = await waitForGateFile(dir, name, { timeoutMs: 20_000 });
  if (!("name" in r)) throw new Error(`aborted: ${r.aborted}`);
  return r.text;
}

describe("gate files", () => {
  it("writes atomically (no temporary file is left) and finds what was written", async () => {
    writeGateFile(dir, "done-0", "1.5");
    expect(readdirSync(dir)).toEqual(["done-0"]);
    expect(await expectFile("done-0")).toBe("1.5");
    const r = await waitForGateFile(dir, ["ready", "skipped", "done-0"]);
    expect("name" in r && r.name).toBe("done-0");
  });

  it("stops waiting when told to abort, and throws after its time limit", async () => {
    let polls = 0;
    const r = await waitForGateFile(dir, "ready", {
      abort: () => (++polls >= 3 ? "the job exited" : null),
    });
    expect(r).toEqual({ aborted: "the job exited" });
    await expect(waitForGateFile(dir, "go-0", { timeoutMs: 5 })).rejects.toThrow(
      /waited 0 s for go-0/,
    );
  });
});

describe("measure with a sample gate", () => {
  it("takes sample s only after go-s and writes its ms to done-s", async () => {
    const calls: number[] = [];
    const plan: Plan = {
      warmupEpochs: 3,
      samples: 3,
      epochsPerSample: 2,
      budgetMs: 1e9,
      gate: dir,
    };
    const run = measure(plan, (epochs) => {
      calls.push(epochs);
    });
    expect(await expectFile("ready")).toBe("");
    // Warm-up only (1, 1, then the rest at once); no sample may start without its go.
    await sleep(30);
    expect(calls).toEqual([1, 1, 1]);
    const doneMs: number[] = [];
    for (let s = 0; s < 3; s++) {
      expect(existsSync(join(dir, `done-${s}`))).toBe(false);
      await sleep(10);
      expect(calls).toHaveLength(3 + s);
      writeGateFile(dir, `go-${s}`, "");
      doneMs.push(Number(await expectFile(`done-${s}`)));
      expect(calls).toHaveLength(4 + s);
      expect(calls[3 + s]).toBe(2);
    }
    const m = await run;
    expect("samplesMs" in m && m.samplesMs).toEqual(doneMs);
    expect(existsSync(join(dir, "skipped"))).toBe(false);
  });

  it("writes skipped, with the reason, when the budget stops it", async () => {
    const m = await measure(
      { warmupEpochs: 2, samples: 3, epochsPerSample: 4, budgetMs: 0, gate: dir },
      () => {
        const until = performance.now() + 2;
        while (performance.now() < until) {}
      },
    );
    expect("skipped" in m).toBe(true);
    expect(readFileSync(join(dir, "skipped"), "utf8")).toBe("skipped" in m ? m.skipped : "");
    expect(existsSync(join(dir, "ready"))).toBe(false);
  });
});

// A tiny training workload for notebook.py: 64 samples, a 2-5-3-1 net.
const tinyPlan: Plan = { warmupEpochs: 2, samples: 3, epochsPerSample: 2, budgetMs: 60_000 };
const tiny = tinyWorkload(tinyPlan);
const numpyMissing = await numpyCandidate.available();

describe("notebook.py with a sample gate", () => {
  it(`follows the gate protocol${numpyMissing ? " (NumPy missing here: says why)" : ""}`, async () => {
    if (numpyMissing !== null) {
      // Without python3 + NumPy the candidate must say why, and nothing else can be tested.
      expect(numpyMissing).toMatch(/not found|has no NumPy/);
      return;
    }
    const run = numpyCandidate.run({
      spec: tiny,
      plan: { ...tinyPlan, gate: dir },
      train: trainData(tiny),
    });
    expect(await expectFile("ready")).toBe("");
    await sleep(50);
    // Python waits for go-0: no sample has been reported.
    expect(existsSync(join(dir, "done-0"))).toBe(false);
    const doneMs: number[] = [];
    for (let s = 0; s < 3; s++) {
      writeGateFile(dir, `go-${s}`, "");
      doneMs.push(Number(await expectFile(`done-${s}`)));
      if (s < 2) {
        await sleep(20);
        expect(existsSync(join(dir, `done-${s + 1}`))).toBe(false);
      }
    }
    const r = await run;
    expect(r.skipped).toBeUndefined();
    expect(r.samplesMs).toEqual(doneMs);
    expect(doneMs.every((ms) => ms > 0)).toBe(true);
  });
});
