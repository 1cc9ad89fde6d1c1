// The only runtime-specific module of the app: arguments, output, terminal, files and exit
// code for Deno, Node (tsx) and Bun. Under Deno it uses no API that needs a permission, except
// reading and writing the --out folder (asked for that folder only).
import {
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * The file operations `--out` needs (src/output-dir.ts). Each throws the system's error, except
 * where it says otherwise.
 */
export interface OutputFs {
  /**
   * Creates `dir` and its missing parents. Node and Bun: one folder at a time from the nearest
   * existing parent (a recursive `mkdirSync` into a pseudo filesystem such as /proc never
   * returns under Node).
   */
  makeDirs(dir: string): void;
  /** Writes a UTF-8 file into an existing folder. */
  writeTextFile(path: string, text: string): void;
  /** Renames a file, replacing `to` if it exists (atomic within one filesystem). */
  rename(from: string, to: string): void;
  /** Removes a file or an empty folder; false when there was nothing to remove. */
  remove(path: string): boolean;
  /** Names of the entries of a folder; empty when the folder does not exist. */
  list(dir: string): string[];
}

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
   * Whether the app may read and write in `dir` (Deno: asks for read and write access to that
   * folder only, prompting on a terminal; Node and Bun: always).
   */
  canWrite(dir: string): boolean;
  /** File operations for the `--out` folder. */
  readonly fs: OutputFs;
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
    querySync(d: { name: "read" | "write"; path: string }): { state: string };
    requestSync(d: { name: "read" | "write"; path: string }): { state: string };
  };
  readonly errors: { readonly NotFound: new (...args: never[]) => Error };
  mkdirSync(path: string, options: { recursive: boolean }): void;
  writeTextFileSync(path: string, text: string): void;
  renameSync(from: string, to: string): void;
  removeSync(path: string): void;
  readDirSync(path: string): Iterable<{ name: string }>;
}

function denoFs(deno: DenoLike): OutputFs {
  const notFound = (error: unknown): boolean => error instanceof deno.errors.NotFound;
  return {
    // Deno's recursive mkdir returns an error on /proc, and -W=DIR grants DIR, not its parents.
    makeDirs: (dir) => deno.mkdirSync(dir, { recursive: true }),
    writeTextFile: (path, text) => deno.writeTextFileSync(path, text),
    rename: (from, to) => deno.renameSync(from, to),
    remove: (path) => {
      try {
        deno.removeSync(path);
        return true;
      } catch (error) {
        if (notFound(error)) return false;
        throw error;
      }
    },
    list: (dir) => {
      try {
        return Array.from(deno.readDirSync(dir), (e) => e.name);
      } catch (error) {
        if (notFound(error)) return [];
        throw error;
      }
    },
  };
}

function code(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

// The longest chain of missing folders makeDirs creates (a bound on its loop, far above any
// real path).
const MAX_DEPTH = 256;

/**
 * Node's and Bun's {@link OutputFs}.
 *
 * @example
 * ```ts
 * nodeFs.makeDirs("out/run-1");
 * ```
 */
export const nodeFs: OutputFs = Object.freeze({
  makeDirs: (dir: string): void => {
    const missing: string[] = [];
    let path = resolve(dir);
    for (;;) {
      let exists = true;
      try {
        statSync(path);
      } catch (error) {
        if (code(error) !== "ENOENT") throw error;
        exists = false;
      }
      if (exists) break;
      missing.push(path);
      const parent = dirname(path);
      if (parent === path || missing.length > MAX_DEPTH) break;
      path = parent;
    }
    // Parents first, one level at a time (never recursive: see OutputFs.makeDirs). A parent
    // that exists but is a file makes the first mkdir fail with ENOTDIR.
    for (let k = missing.length - 1; k >= 0; k--) mkdirSync(missing[k] as string);
  },
  writeTextFile: (path: string, text: string): void => writeFileSync(path, text, "utf8"),
  rename: (from: string, to: string): void => renameSync(from, to),
  remove: (path: string): boolean => {
    try {
      if (statSync(path).isDirectory()) rmdirSync(path);
      else unlinkSync(path);
      return true;
    } catch (error) {
      if (code(error) === "ENOENT") return false;
      throw error;
    }
  },
  list: (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch (error) {
      if (code(error) === "ENOENT") return [];
      throw error;
    }
  },
});

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
    // Renaming (the atomic write) needs read access as well as write access.
    canWrite: (dir) =>
      (["read", "write"] as const).every((name) => {
        const desc = { name, path: dir };
        const state = deno.permissions.querySync(desc).state;
        if (state === "granted") return true;
        if (state === "prompt" && deno.stdin.isTerminal() && deno.stderr.isTerminal()) {
          return deno.permissions.requestSync(desc).state === "granted";
        }
        return false;
      }),
    fs: denoFs(deno),
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
    fs: nodeFs,
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
