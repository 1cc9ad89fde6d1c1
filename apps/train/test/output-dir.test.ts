import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  joinPath,
  type OutputFile,
  prepareOutputDir,
  writeOutputFiles,
} from "../src/output-dir.ts";
import { nodeFs } from "../src/runtime.ts";
import { UsageError } from "../src/usage.ts";
import { type FsOp, memoryFs } from "./fake-runtime.ts";

const TOP = ["training.svg", "history.svg", "boundary.svg", "model.json"];

function run(tag: string, frames: number): OutputFile[] {
  const files = TOP.map((name) => ({ name, text: `${tag} ${name}` }));
  for (let k = 0; k < frames; k++) {
    files.push({
      name: `frames/frame-${String(k).padStart(3, "0")}.svg`,
      text: `${tag} frame ${k}`,
    });
  }
  return frames > 0 ? files : files.filter((f) => f.name !== "training.svg");
}

// The run's files in `out` (top-level outputs and frames), name -> text.
function outputs(files: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, text] of files) {
    const name = path.slice("out/".length);
    if (TOP.includes(name) || /^frames\/frame-\d+\.svg$/.test(name)) out.set(name, text);
  }
  return out;
}

function tagOf(text: string): string {
  return text.split(" ")[0] as string;
}

describe("writeOutputFiles", () => {
  it("joins paths with one separator, keeping the root", () => {
    expect(joinPath("out/", "model.json")).toBe("out/model.json");
    expect(joinPath("out", "frames/frame-000.svg")).toBe("out/frames/frame-000.svg");
    expect(joinPath("/", "model.json")).toBe("/model.json");
    expect(joinPath("", "model.json")).toBe("./model.json");
  });

  it("replaces an earlier run's files and frames, keeps files it does not own, leaves no staging folder", () => {
    const fs = memoryFs();
    writeOutputFiles(fs, "out", run("A", 5));
    fs.files.set("out/notes.txt", "mine");
    fs.files.set("out/frames/keep.txt", "mine");
    const paths = writeOutputFiles(fs, "out", run("B", 3));
    expect(paths).toEqual(run("B", 3).map((f) => `out/${f.name}`));
    const now = outputs(fs.files);
    expect([...now.keys()].sort()).toEqual(
      run("B", 3)
        .map((f) => f.name)
        .sort(),
    );
    expect([...now.values()].every((t) => tagOf(t) === "B")).toBe(true);
    expect(fs.files.get("out/notes.txt")).toBe("mine");
    expect(fs.files.get("out/frames/keep.txt")).toBe("mine");
    expect([...fs.dirs].filter((d) => d.includes(".train-"))).toEqual([]);
    // A run without frames removes the earlier frames, training.svg and the emptied folder.
    fs.files.delete("out/frames/keep.txt");
    writeOutputFiles(fs, "out", run("C", 0));
    expect([...outputs(fs.files).keys()].sort()).toEqual([
      "boundary.svg",
      "history.svg",
      "model.json",
    ]);
    expect(fs.dirs.has("out/frames")).toBe(false);
  });

  it("rejects a name that is not an output (no writing outside the folder)", () => {
    const fs = memoryFs();
    expect(() => writeOutputFiles(fs, "out", [{ name: "../evil.svg", text: "" }])).toThrow(
      /writeOutputFiles: "\.\.\/evil\.svg" is not an output name/,
    );
    expect(fs.log).toEqual([]);
  });

  it("an operation failing at any point never leaves files of two runs, and model.json means a complete run", () => {
    const before = run("A", 5);
    const after = run("B", 3);
    // Count the operations of a clean write, then fail each one in turn.
    const clean = memoryFs();
    writeOutputFiles(clean, "out", before);
    const start = clean.log.length;
    writeOutputFiles(clean, "out", after);
    const total = clean.log.length - start;
    expect(total).toBeGreaterThan(20);
    let stagedFailures = 0;
    for (let k = 0; k < total; k++) {
      let failedOp: FsOp | undefined;
      let armed = false;
      const fs = memoryFs((op, _path, count) => {
        if (!armed || count !== start + k) return undefined;
        failedOp = op;
        return Object.assign(new Error("EIO: injected"), { code: "EIO" });
      });
      writeOutputFiles(fs, "out", before);
      expect(fs.log.length).toBe(start);
      armed = true;
      expect(() => writeOutputFiles(fs, "out", after), `op ${k}`).toThrow(/EIO: injected/);
      expect(failedOp).toBeDefined();
      const now = outputs(fs.files);
      const tags = new Set([...now.values()].map(tagOf));
      expect(tags.size, `op ${k}: ${[...tags].join(", ")}`).toBeLessThanOrEqual(1);
      if (now.has("model.json")) {
        const complete = tagOf(now.get("model.json") as string) === "A" ? before : after;
        expect([...now.keys()].sort(), `op ${k}`).toEqual(complete.map((f) => f.name).sort());
      }
      // A failure while staging leaves the earlier run whole and no staging folder.
      if ([...tags][0] === "A" && now.size === before.length) {
        stagedFailures++;
        expect(
          [...fs.files.keys()].some((p) => p.includes(".train-")),
          `op ${k}`,
        ).toBe(false);
      }
    }
    expect(stagedFailures).toBeGreaterThan(5);
  });
});

describe("prepareOutputDir and writeOutputFiles on the real file system", () => {
  const tmp = mkdtempSync(join(tmpdir(), "train-out-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("creates missing parents one level at a time and leaves no probe", () => {
    const dir = join(tmp, "a", "b", "c");
    prepareOutputDir(nodeFs, dir);
    expect(readdirSync(dir)).toEqual([]);
    prepareOutputDir(nodeFs, dir); // again: the folder exists
    expect(readdirSync(dir)).toEqual([]);
  });

  it("throws a UsageError naming --out and the folder for a file or a pseudo filesystem", () => {
    const file = join(tmp, "file");
    writeFileSync(file, "x");
    expect(() => prepareOutputDir(nodeFs, file)).toThrow(UsageError);
    expect(() => prepareOutputDir(nodeFs, file)).toThrow(
      `--out ${file}: cannot write into that folder (ENOTDIR`,
    );
    expect(() => prepareOutputDir(nodeFs, "/proc/nope")).toThrow(
      "--out /proc/nope: cannot create that folder (ENOENT",
    );
  });

  it("writes, replaces and cleans up for real", () => {
    const dir = join(tmp, "out");
    prepareOutputDir(nodeFs, dir);
    writeOutputFiles(nodeFs, dir, run("A", 4));
    writeOutputFiles(nodeFs, dir, run("B", 2));
    expect(readdirSync(dir).sort()).toEqual([
      "boundary.svg",
      "frames",
      "history.svg",
      "model.json",
      "training.svg",
    ]);
    expect(readdirSync(join(dir, "frames")).sort()).toEqual(["frame-000.svg", "frame-001.svg"]);
    expect(readFileSync(join(dir, "model.json"), "utf8")).toBe("B model.json");
  });
});
