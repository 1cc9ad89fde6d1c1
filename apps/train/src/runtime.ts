// The only runtime-specific module of the app: arguments, output, terminal, files and exit
// code for Deno, Node (tsx) and Bun. Under Deno it uses no API that needs a permission, except
// writing files (asked for one folder only).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** What the app needs from the runtime. */
export interface Runtime {
  readonly name: "deno" | "bun" | "node";
  /** Command-line arguments after the script. */
  readonly args: readonly string[];
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  /** `NO_COLOR` is set (to anything non-empty). */
  readonly noColor: boolean;
  /** Terminal width in columns, if stdout is a terminal. */
  columns(): number | undefined;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
  /**
   * Whether the app may write into `dir` (Deno: asks for write access to that folder only,
   * prompting on a terminal; Node and Bun: always).
   */
  canWrite(dir: string): boolean;
  /** Writes a UTF-8 file, creating its folder. */
  writeTextFile(path: string, text: string): void;
  /** Sets the exit code (the process ends when the script returns, after output is flushed). */
  setExitCode(code: number): void;
}

interface DenoWriter {
  writeSync(p: Uint8Array): number;
  isTerminal(): boolean;
}

interface DenoLike {
  readonly args: string[];
  readonly noColor: boolean;
  readonly stdin: { isTerminal(): boolean };
  readonly stdout: DenoWriter;
  readonly stderr: DenoWriter;
  consoleSize(): { columns: number; rows: number };
  exitCode: number;
  readonly permissions: {
    querySync(d: { name: "write"; path: string }): { state: string };
    requestSync(d: { name: "write"; path: string }): { state: string };
  };
  mkdirSync(path: string, options: { recursive: boolean }): void;
  writeTextFileSync(path: string, text: string): void;
}

function writeAll(w: DenoWriter, text: string): void {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(w.writeSync(bytes));
}

function denoRuntime(deno: DenoLike): Runtime {
  return {
    name: "deno",
    args: deno.args,
    stdoutIsTerminal: deno.stdout.isTerminal(),
    stderrIsTerminal: deno.stderr.isTerminal(),
    noColor: deno.noColor,
    columns: () => {
      if (!deno.stdout.isTerminal()) return undefined;
      try {
        return deno.consoleSize().columns;
      } catch {
        return undefined;
      }
    },
    writeStdout: (text) => writeAll(deno.stdout, text),
    writeStderr: (text) => writeAll(deno.stderr, text),
    canWrite: (dir) => {
      const desc = { name: "write", path: dir } as const;
      const state = deno.permissions.querySync(desc).state;
      if (state === "granted") return true;
      if (state === "prompt" && deno.stdin.isTerminal() && deno.stderr.isTerminal()) {
        return deno.permissions.requestSync(desc).state === "granted";
      }
      return false;
    },
    writeTextFile: (path, text) => {
      deno.mkdirSync(dirname(path), { recursive: true });
      deno.writeTextFileSync(path, text);
    },
    setExitCode: (code) => {
      deno.exitCode = code;
    },
  };
}

function nodeRuntime(): Runtime {
  const noColor = process.env.NO_COLOR;
  return {
    name: "Bun" in globalThis ? "bun" : "node",
    args: process.argv.slice(2),
    stdoutIsTerminal: process.stdout.isTTY === true,
    stderrIsTerminal: process.stderr.isTTY === true,
    noColor: noColor !== undefined && noColor !== "",
    columns: () => (process.stdout.isTTY === true ? process.stdout.columns : undefined),
    writeStdout: (text) => {
      process.stdout.write(text);
    },
    writeStderr: (text) => {
      process.stderr.write(text);
    },
    canWrite: () => true,
    writeTextFile: (path, text) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, "utf8");
    },
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

/**
 * The runtime the script runs on.
 *
 * @example
 * ```ts
 * const rt = currentRuntime();
 * rt.writeStdout(`running on ${rt.name}\n`);
 * ```
 */
export function currentRuntime(): Runtime {
  const deno = (globalThis as { Deno?: DenoLike }).Deno;
  return deno !== undefined ? denoRuntime(deno) : nodeRuntime();
}

/**
 * Milliseconds from a monotonic clock (`performance.now`, no permission needed anywhere).
 *
 * @example
 * ```ts
 * const t0 = now();
 * ```
 */
export function now(): number {
  return performance.now();
}
