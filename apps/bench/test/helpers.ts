// Small builders shared by the bench's tests.
import type { Plan, ResultRow, WorkloadSpec } from "../src/types.ts";

/**
 * A timed-or-not result row: by default NumPy's headline row under Bun, float64, status ok.
 *
 * @example
 * ```ts
 * resultRow({ candidate: "plainnet-wasm-f64", plainnet: true, medianMs: 2.5 });
 * ```
 */
export const resultRow = (over: Partial<ResultRow>): ResultRow => ({
  workload: "headline",
  candidate: "numpy",
  label: "NumPy (notebook code)",
  plainnet: false,
  runtime: "bun",
  status: "ok",
  precision: "float64",
  ...over,
});

/**
 * A tiny training workload: 64 two-moons samples, a 2-5-3-1 net, `plan` in both modes.
 *
 * @example
 * ```ts
 * tinyWorkload({ warmupEpochs: 2, samples: 2, epochsPerSample: 3, budgetMs: 60_000 });
 * ```
 */
export const tinyWorkload = (plan: Plan): WorkloadSpec => ({
  id: "tiny",
  kind: "train",
  description: "test",
  sizes: [2, 5, 3, 1],
  samples: 64,
  learningRate: 0.01,
  quick: plan,
  full: plan,
});
