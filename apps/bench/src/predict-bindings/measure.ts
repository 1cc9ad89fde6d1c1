// Paired timing of the predict comparison: in every round each engine runs `calls` calls in
// a rotating order, and the round's ratio engine / plainnet is one paired sample (both timed
// moments apart, so a slow spell of the machine hits both).
import type { PredictEngine } from "./engines.ts";

const now = (): number => performance.now();

/** Per engine: median µs per call, and the paired ratios to plainnet's time. */
export interface PairedResult {
  readonly id: string;
  readonly label: string;
  /** Median over rounds of the microseconds per call. */
  readonly medianUs: number;
  /** Median and quartiles of (engine's time / plainnet's time) over rounds; 1 for plainnet. */
  readonly ratio: { readonly median: number; readonly q1: number; readonly q3: number };
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const sortedOf = (v: readonly number[]): number[] => [...v].sort((a, b) => a - b);

/**
 * Calls per timed block so that plainnet's block takes about `targetMs` (at least 1).
 *
 * @example
 * ```ts
 * await callsFor(plainnet, 20); // e.g. 4000 at batch 1
 * ```
 */
export async function callsFor(engine: PredictEngine, targetMs: number): Promise<number> {
  let calls = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < calls; i++) await engine.run();
    const ms = now() - t0;
    if (ms >= targetMs / 4 || calls >= 1 << 20) {
      return Math.max(1, Math.round((calls * targetMs) / Math.max(ms, 1e-3)));
    }
    calls *= 4;
  }
}

/**
 * Runs `rounds` paired rounds after an untimed warm-up of each engine (calls until
 * `warmupMs` have passed, at least two); the first engine must be plainnet (the ratios'
 * denominator).
 *
 * @example
 * ```ts
 * const rows = await pairedRounds([plainnet, onnx, tfjs], { rounds: 15, calls: 100, warmupMs: 500 });
 * ```
 */
export async function pairedRounds(
  engines: readonly PredictEngine[],
  options: { readonly rounds: number; readonly calls: number; readonly warmupMs: number },
): Promise<PairedResult[]> {
  const { rounds, calls, warmupMs } = options;
  for (const e of engines) {
    const t0 = now();
    for (let i = 0; i < 2 || now() - t0 < warmupMs; i++) await e.run();
  }
  const times = engines.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < engines.length; k++) {
      const j = (k + r) % engines.length; // rotate who goes first
      const e = engines[j]!;
      const t0 = now();
      for (let i = 0; i < calls; i++) await e.run();
      times[j]!.push(((now() - t0) * 1000) / calls);
    }
  }
  const base = times[0]!;
  return engines.map((e, j) => {
    const ratios = sortedOf(times[j]!.map((t, r) => t / base[r]!));
    return {
      id: e.id,
      label: e.label,
      medianUs: quantile(sortedOf(times[j]!), 0.5),
      ratio: {
        median: quantile(ratios, 0.5),
        q1: quantile(ratios, 0.25),
        q3: quantile(ratios, 0.75),
      },
    };
  });
}
