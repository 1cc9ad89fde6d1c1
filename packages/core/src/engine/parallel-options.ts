import type { Architecture } from "../architecture.ts";
import type { Loss } from "../losses/loss.ts";
import { fusedUnsupportedReason } from "./fusable.ts";
import type { Dtype } from "./kernels.ts";
import type { EngineName } from "./select.ts";

/** Options of {@link ParallelTrainer.create}. */
export interface ParallelOptions {
  /** Threads in all, the calling thread included (default 2). */
  readonly threads?: number;
  /** Fused engine of every thread (default `"auto"`). */
  readonly engine?: Exclude<EngineName, "reference">;
  /** Default `"float64"`. */
  readonly dtype?: Dtype;
  /** Relaxed-SIMD fused multiply-add where available (see `TrainOptions.fma`). Default false. */
  readonly fma?: boolean;
  /**
   * Milliseconds to wait for a silent worker before giving up with a `WorkerCrashedError`
   * (default 60,000). A worker that dies is noticed at once, without waiting for this.
   */
  readonly timeoutMs?: number;
}

/** {@link ParallelOptions} checked, with their defaults. */
export interface ParallelSettings {
  readonly threads: number;
  readonly engine: Exclude<EngineName, "reference">;
  readonly dtype: Dtype;
  readonly timeoutMs: number;
}

/**
 * Checks what `ParallelTrainer.create` is given before anything is allocated: the thread count
 * against the `m` samples, a network the fused engine runs (its activations and loss by name
 * from the fused table, which is also how the workers rebuild them), a runtime with shared
 * memory that may block, and the timeout. Throws a RangeError naming `where` and the value.
 *
 * @example
 * ```ts
 * const { threads } = checkParallelOptions("ParallelTrainer.create", arch, 900, loss, {});
 * ```
 */
export function checkParallelOptions(
  where: string,
  arch: Architecture,
  m: number,
  loss: Loss,
  options: ParallelOptions,
): ParallelSettings {
  const threads = options.threads ?? 2;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new RangeError(`${where}: threads must be an integer from 1 to 64, got ${threads}`);
  }
  if (threads > m) {
    throw new RangeError(`${where}: ${threads} threads need at least ${threads} samples, got ${m}`);
  }
  const reason = fusedUnsupportedReason(arch, loss);
  if (reason !== null) throw new RangeError(`${where}: cannot fuse this network: ${reason}`);
  const g = globalThis as { window?: unknown; document?: unknown };
  if (g.window !== undefined && g.document !== undefined) {
    throw new RangeError(
      `${where}: parallel training needs Node, Bun or Deno (a browser's main thread may not block in Atomics.wait); train on one thread instead`,
    );
  }
  if (typeof SharedArrayBuffer !== "function") {
    throw new RangeError(`${where}: this runtime has no SharedArrayBuffer`);
  }
  const engine = options.engine ?? "auto";
  const dtype = options.dtype ?? "float64";
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0)) {
    throw new RangeError(`${where}: timeoutMs must be a positive number, got ${timeoutMs}`);
  }
  return { threads, engine, dtype, timeoutMs };
}
