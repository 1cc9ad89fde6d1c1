// The flat optimiser steps allocate nothing once warm (docs/network.md: "no allocation after
// the first call"): over thousands of steps of every rule, V8's young generation grows by no
// more than the measurement itself, and no garbage collection runs in between (a run with a
// collection is measured again). Node only (V8's heap statistics).

import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import { describe, expect, it } from "vitest";
import type { FlatBlock, Optimizer } from "../src/index.ts";
import { Adam } from "../src/optimizers/adam.ts";
import { RmsProp } from "../src/optimizers/rmsprop.ts";
import { Sgd } from "../src/optimizers/sgd.ts";

/** A 64-32-10 network (the digits workload's shape), gradients after the parameters. */
const BLOCKS: FlatBlock[] = [
  { layer: 0, key: "W", rows: 32, cols: 64, param: 0, grad: 2410 },
  { layer: 0, key: "b", rows: 32, cols: 1, param: 2048, grad: 4458 },
  { layer: 1, key: "W", rows: 10, cols: 32, param: 2080, grad: 4490 },
  { layer: 1, key: "b", rows: 10, cols: 1, param: 2400, grad: 4810 },
];
const STEPS = 5_000;
/** Bytes a young generation may grow by without a step allocating (one step boxing one
 * float would be 16 · STEPS = 320 kB). */
const SLACK = 16_384;

const RULES: Record<string, () => Optimizer> = {
  // Adam first: its first optimisation in this worker is the one that boxed a float per step.
  adam: () => new Adam({ learningRate: 1e-3 }),
  "adam + weight decay": () => new Adam({ learningRate: 1e-3, weightDecay: 0.1 }),
  sgd: () => new Sgd({ learningRate: 1e-3 }),
  "sgd + weight decay": () => new Sgd({ learningRate: 1e-3, weightDecay: 0.1 }),
  "sgd nesterov": () => new Sgd({ learningRate: 1e-3, momentum: 0.9, nesterov: true }),
  "sgd sklearn + weight decay": () =>
    new Sgd({ learningRate: 1e-3, momentum: 0.9, momentumForm: "sklearn", weightDecay: 0.1 }),
  "rmsprop + weight decay": () => new RmsProp({ learningRate: 1e-3, weightDecay: 0.1 }),
};

function youngBytes(): number {
  for (const s of getHeapSpaceStatistics())
    if (s.space_name === "new_space") return s.space_used_size;
  throw new Error("no new_space in V8's heap statistics");
}

/** The young generation's growth over `run`, or null when a collection ran meanwhile. */
async function growth(run: () => void): Promise<number | null> {
  let collections = 0;
  const obs = new PerformanceObserver((list) => {
    collections += list.getEntries().length;
  });
  obs.observe({ entryTypes: ["gc"] });
  const before = youngBytes();
  run();
  const after = youngBytes();
  await new Promise((resolve) => setTimeout(resolve, 10));
  obs.disconnect();
  return collections === 0 ? after - before : null;
}

describe("flat optimiser steps allocate nothing once warm", () => {
  for (const [name, make] of Object.entries(RULES)) {
    it(`${name}: stepBlocksInPlace over float64 parameters`, async () => {
      const opt = make();
      const heap = new Float64Array(4820).map((_, i) => Math.sin(i) * 1e-2);
      const steps = (): void => {
        for (let s = 0; s < STEPS; s++) opt.stepBlocksInPlace(heap, heap, BLOCKS);
      };
      steps(); // warm: the slots are made and the code optimised
      steps();
      let grew: number | null = null;
      for (let attempt = 0; attempt < 3 && grew === null; attempt++) grew = await growth(steps);
      expect(grew, "a collection ran during every measurement").not.toBeNull();
      expect(grew).toBeLessThan(SLACK);
      expect(opt.iterations).toBeGreaterThanOrEqual(2 * STEPS);
    });
  }

  it("stepInPlace over one float32 span (Adam, Nesterov momentum)", async () => {
    for (const opt of [
      new Adam(),
      new Sgd({ learningRate: 1e-3, momentum: 0.9, nesterov: true }),
    ]) {
      const params = new Float32Array(2410).map((_, i) => Math.cos(i) * 1e-2);
      const grads = new Float64Array(2410).map((_, i) => Math.sin(i) * 1e-3);
      const steps = (): void => {
        for (let s = 0; s < STEPS; s++) opt.stepInPlace(params, 0, grads, 0, 2410);
      };
      steps();
      steps();
      let grew: number | null = null;
      for (let attempt = 0; attempt < 3 && grew === null; attempt++) grew = await growth(steps);
      expect(grew, "a collection ran during every measurement").not.toBeNull();
      expect(grew).toBeLessThan(SLACK);
    }
  });
});
