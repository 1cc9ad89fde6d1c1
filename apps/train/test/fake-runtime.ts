// An in-memory Runtime for the CLI's tests: output captured, files in a Map, faults injectable.
import type { OutputFs, Runtime } from "../src/runtime.ts";

/** A file operation of {@link OutputFs}, for fault injection. */
export type FsOp = "makeDirs" | "writeTextFile" | "rename" | "remove" | "list";

/** An in-memory {@link OutputFs}: `files` maps paths to contents, `dirs` holds the folders. */
export interface MemoryFs extends OutputFs {
  readonly files: Map<string, string>;
  readonly dirs: Set<string>;
  /** Every operation in order, e.g. `rename out/.train-x.tmp/model.json`. */
  readonly log: string[];
}

function fsError(code: string, op: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${op} '${path}'`), { code });
}

function norm(path: string): string {
  const p = path.replace(/\/+/g, "/").replace(/^\.\//, "");
  return p.length > 1 ? p.replace(/\/$/, "") : p;
}

function parentOf(path: string): string {
  const k = path.lastIndexOf("/");
  return k < 0 ? "." : k === 0 ? "/" : path.slice(0, k);
}

/**
 * An in-memory file system. `fault(op, path, count)` is called before every operation
 * (`count`: operations so far) and may return an error to throw instead.
 *
 * @example
 * ```ts
 * const fs = memoryFs((op) => (op === "rename" ? new Error("EIO") : undefined));
 * ```
 */
export function memoryFs(
  fault?: (op: FsOp, path: string, count: number) => Error | undefined,
): MemoryFs {
  const files = new Map<string, string>();
  const dirs = new Set<string>([".", "/"]);
  const log: string[] = [];
  const check = (op: FsOp, path: string): string => {
    const p = norm(path);
    const error = fault?.(op, p, log.length);
    log.push(`${op} ${p}`);
    if (error) throw error;
    return p;
  };
  const isDir = (p: string): boolean => dirs.has(p);
  const children = (p: string): string[] => {
    const prefix = p === "/" ? "/" : `${p}/`;
    const names = new Set<string>();
    for (const k of [...files.keys(), ...dirs]) {
      if (k !== p && k.startsWith(prefix))
        names.add(k.slice(prefix.length).split("/")[0] as string);
    }
    return [...names];
  };
  const fs: MemoryFs = {
    files,
    dirs,
    log,
    makeDirs(dir) {
      const p = check("makeDirs", dir);
      const parts = p.split("/");
      for (let k = 1; k <= parts.length; k++) {
        const sub = parts.slice(0, k).join("/") || "/";
        if (files.has(sub)) throw fsError("ENOTDIR", "mkdir", p);
        dirs.add(sub);
      }
    },
    writeTextFile(path, text) {
      const p = check("writeTextFile", path);
      if (!isDir(parentOf(p))) throw fsError("ENOENT", "open", p);
      if (isDir(p)) throw fsError("EISDIR", "open", p);
      files.set(p, text);
    },
    rename(from, to) {
      const a = check("rename", from);
      const b = norm(to);
      const text = files.get(a);
      if (text === undefined) throw fsError("ENOENT", "rename", a);
      if (!isDir(parentOf(b))) throw fsError("ENOENT", "rename", b);
      files.delete(a);
      files.set(b, text);
    },
    remove(path) {
      const p = check("remove", path);
      if (files.delete(p)) return true;
      if (!isDir(p)) return false;
      if (children(p).length > 0) throw fsError("ENOTEMPTY", "rmdir", p);
      dirs.delete(p);
      return true;
    },
    list(dir) {
      const p = check("list", dir);
      return isDir(p) ? children(p) : [];
    },
  };
  return fs;
}

/** A {@link Runtime} whose output and files are kept in memory. */
export interface FakeRuntime extends Runtime {
  stdout: string;
  stderr: string;
  /** The files written (path -> content), as `fs.files`. */
  readonly files: Map<string, string>;
  readonly fs: OutputFs;
  exitCode: number | undefined;
}

/**
 * A runtime for `main`: `args` as the command line, not a terminal unless `tty`, files in
 * memory unless `fs` is given (e.g. the real `nodeFs`).
 *
 * @example
 * ```ts
 * const rt = fakeRuntime(["--epochs", "5", "--json"]);
 * await main(rt); // rt.stdout holds the summary
 * ```
 */
export function fakeRuntime(
  args: string[],
  opts: { tty?: boolean; noColor?: boolean; writable?: boolean; fs?: OutputFs } = {},
): FakeRuntime {
  const mem = memoryFs();
  const rt: FakeRuntime = {
    name: "node",
    args,
    stdoutIsTerminal: opts.tty ?? false,
    stderrIsTerminal: opts.tty ?? false,
    noColor: opts.noColor ?? false,
    columns: () => (opts.tty ? 100 : undefined),
    stdout: "",
    stderr: "",
    files: mem.files,
    fs: opts.fs ?? mem,
    exitCode: undefined,
    writeStdout(text) {
      rt.stdout += text;
    },
    writeStderr(text) {
      rt.stderr += text;
    },
    canWrite: () => opts.writable ?? true,
    setExitCode(code) {
      rt.exitCode = code;
    },
  };
  return rt;
}
