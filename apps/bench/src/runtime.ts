// The only runtime-specific module: which runtime runs us (Node, Bun or Deno), the clock,
// peak memory, the machine, and how to start a worker under a given runtime.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { parseVmHwm } from "./memory.ts";
import type { RuntimeName } from "./types.ts";

/** The runtime and its version. */
export interface RuntimeInfo {
  readonly name: RuntimeName;
  readonly version: string;
  /** The JavaScript engine and its version, e.g. "V8 11.3.244.8". */
  readonly engine: string;
}

interface DenoGlobal {
  readonly version: { readonly deno: string; readonly v8: string };
  execPath(): string;
}

const g = globalThis as { Deno?: DenoGlobal; Bun?: { version: string } };

/**
 * Detects the runtime running this code.
 *
 * @example
 * ```ts
 * currentRuntime().name; // "bun" under `bun src/main.ts`
 * ```
 */
export function currentRuntime(): RuntimeInfo {
  if (g.Deno !== undefined) {
    return { name: "deno", version: g.Deno.version.deno, engine: `V8 ${g.Deno.version.v8}` };
  }
  if (g.Bun !== undefined) {
    return { name: "bun", version: g.Bun.version, engine: "JavaScriptCore" };
  }
  return {
    name: "node",
    version: process.versions.node ?? "?",
    engine: `V8 ${process.versions.v8 ?? "?"}`,
  };
}

/**
 * A monotonic clock in milliseconds (`performance.now()`, sub-millisecond in every runtime).
 *
 * @example
 * ```ts
 * const t0 = now(); work(); const ms = now() - t0;
 * ```
 */
export function now(): number {
  return performance.now();
}

/**
 * Peak resident memory of this process in bytes: Linux's `VmHWM`, else the runtime's
 * `process.resourceUsage().maxRSS`, else null.
 *
 * @example
 * ```ts
 * peakRssBytes(); // 61_865_984
 * ```
 */
export function peakRssBytes(): number | null {
  try {
    const hwm = parseVmHwm(readFileSync("/proc/self/status", "utf8"));
    if (hwm !== null) return hwm;
  } catch {
    // Not Linux: fall through.
  }
  try {
    const usage = (process as { resourceUsage?: () => { maxRSS: number } }).resourceUsage?.();
    if (usage && Number.isFinite(usage.maxRSS) && usage.maxRSS > 0) return usage.maxRSS * 1024;
  } catch {
    // Not implemented by this runtime.
  }
  return null;
}

/**
 * CPU time (user + system) this process has used, in seconds, or null where the runtime does
 * not tell.
 *
 * @example
 * ```ts
 * cpuSeconds(); // 1.42
 * ```
 */
export function cpuSeconds(): number | null {
  try {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  } catch {
    return null;
  }
}

/**
 * One line describing the machine: CPU model, logical CPUs, clock, vector extensions, memory.
 *
 * @example
 * ```ts
 * machineDescription(); // "Intel(R) Xeon(R) Processor (family 6 model 207), 2 vCPUs at 2100 MHz, AVX2 FMA AVX-512, 24 GiB, Linux 6.1"
 * ```
 */
export function machineDescription(): string {
  const cpus = os.cpus();
  let model = cpus[0]?.model?.trim() ?? "unknown CPU";
  let mhz = cpus[0]?.speed ?? 0;
  let features = "";
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
    const modelNo = /^model\s*:\s*(\d+)/m.exec(info)?.[1];
    if (family && modelNo) model += ` (family ${family} model ${modelNo})`;
    const flags = new Set((/^flags\s*:\s*(.*)$/m.exec(info)?.[1] ?? "").split(/\s+/));
    features = [
      flags.has("avx2") ? "AVX2" : "",
      flags.has("fma") ? "FMA" : "",
      flags.has("avx512f") ? "AVX-512" : "",
    ]
      .filter(Boolean)
      .join(" ");
    if (!mhz) mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(info)?.[1] ?? 0);
    if (/^flags\s*:.*\bhypervisor\b/m.test(info)) model += ", virtual machine";
  } catch {
    // Not Linux.
  }
  const mem = Math.round(os.totalmem() / 2 ** 30);
  return `${model}, ${cpus.length} logical CPUs at ${Math.round(mhz)} MHz${features ? `, ${features}` : ""}, ${mem} GiB RAM, ${os.type()} ${os.release()}`;
}

/**
 * apps/bench, as an absolute directory path (no trailing separator).
 *
 * @example
 * ```ts
 * join(BENCH_DIR, "python", "notebook.py");
 * ```
 */
export const BENCH_DIR: string = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * `node_modules/.bin/<name>` in apps/bench or the nearest directory above it that has one.
 *
 * @example
 * ```ts
 * findBin("deno"); // "/work/main/node_modules/.bin/deno"
 * ```
 */
export function findBin(name: string): string | null {
  let dir = BENCH_DIR;
  for (;;) {
    const candidate = join(dir, "node_modules", ".bin", name);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * The command that runs a TypeScript script under a runtime: Node through tsx's loader, Bun
 * directly, Deno with `run -A`. The current runtime's own executable is reused; the others
 * come from the workspace's node_modules/.bin.
 *
 * @example
 * ```ts
 * scriptCommand("deno", "src/worker.ts"); // { cmd: ".../deno", args: ["run", "-A", "--quiet", "src/worker.ts"] }
 * ```
 */
export function scriptCommand(
  runtime: RuntimeName,
  script: string,
): { cmd: string; args: string[] } {
  const current = currentRuntime().name;
  const exe = (name: RuntimeName, fallback: string): string =>
    current === name ? process.execPath : (findBin(name) ?? fallback);
  switch (runtime) {
    case "node":
      return { cmd: exe("node", "node"), args: ["--import", "tsx", script] };
    case "bun":
      return { cmd: exe("bun", "bun"), args: [script] };
    case "deno":
      return { cmd: exe("deno", "deno"), args: ["run", "-A", "--quiet", script] };
  }
}
