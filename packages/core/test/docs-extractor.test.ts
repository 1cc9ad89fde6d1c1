import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { asModule, extractBlocks, parseInfo } from "../../../scripts/docs-blocks.mjs";

const FENCE = "```";

describe("docs extractor (scripts/docs-blocks.mjs)", () => {
  it("finds ts and typescript blocks with their first code line, and skips other languages", () => {
    const md = [
      "# Title", // 1
      "", // 2
      `${FENCE}ts`, // 3
      "const a = 1;", // 4
      FENCE, // 5
      `${FENCE}sh`, // 6
      "npm test", // 7
      FENCE, // 8
      `${FENCE}typescript`, // 9
      "const b = 2;", // 10
      "const c = 3;", // 11
      FENCE, // 12
      `${FENCE}python`, // 13
      "x = 1", // 14
      FENCE, // 15
    ].join("\n");
    const blocks = extractBlocks(md, "a.md");
    expect(blocks.map((b) => [b.line, b.mode, b.code])).toEqual([
      [4, "run", "const a = 1;\n"],
      [10, "run", "const b = 2;\nconst c = 3;\n"],
    ]);
    expect(blocks.every((b) => b.file === "a.md")).toBe(true);
  });

  it("reads check=typecheck and rejects an unknown check mode with the file and line", () => {
    const md = `${FENCE}ts check=typecheck\ndocument.title;\n${FENCE}\n`;
    expect(extractBlocks(md, "b.md")[0]?.mode).toBe("typecheck");
    expect(() => extractBlocks(`text\n${FENCE}ts check=maybe\nx;\n${FENCE}\n`, "c.md")).toThrow(
      /c\.md:2: unknown check=maybe/,
    );
    expect(parseInfo("  TS   check=typecheck  flag ")).toEqual({
      lang: "ts",
      attrs: { check: "typecheck", flag: "" },
    });
  });

  it("treats a ts fence inside a longer fence as text, and a ~~~ fence as a fence", () => {
    const md = [
      "````md", // 1
      `${FENCE}ts`, // 2
      "not code;", // 3
      FENCE, // 4
      "````", // 5
      "~~~ts", // 6
      `const t = "a ${FENCE} b";`, // 7
      "~~~", // 8
    ].join("\n");
    expect(extractBlocks(md, "d.md").map((b) => [b.line, b.code])).toEqual([
      [7, `const t = "a ${FENCE} b";\n`],
    ]);
  });

  it("removes a list item's fence indentation, handles CRLF and a BOM, and runs an unclosed fence to the end", () => {
    const md = `\uFEFF1. Step\r\n\r\n   ${FENCE}ts\r\n   const x = 1;\r\n     indented();\r\n   ${FENCE}\r\n${FENCE}ts\r\nlast();`;
    expect(extractBlocks(md, "e.md").map((b) => [b.line, b.code])).toEqual([
      [4, "const x = 1;\n  indented();\n"],
      [8, "last();\n"],
    ]);
  });

  it("makes every block a module, reading Deno's npm: specifiers as bare package names", () => {
    expect(asModule("const a = 1;\n")).toBe("const a = 1;\nexport {};\n");
    const deno = [
      'import { train } from "npm:@plainnet/core";',
      "import type { Matrix } from 'npm:@plainnet/core';",
      'const m = await import("npm:@plainnet/datasets");',
      'const s = "from npm:x";\n',
    ].join("\n");
    expect(asModule(deno)).toBe(
      [
        'import { train } from "@plainnet/core";',
        "import type { Matrix } from '@plainnet/core';",
        'const m = await import("@plainnet/datasets");',
        'const s = "from npm:x";',
        "export {};\n",
      ].join("\n"),
    );
  });
});

describe("the tutorials", () => {
  it("docs/tutorial.ko.md has the same TypeScript blocks as docs/tutorial.md, in the same order", () => {
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const code = (file: string) =>
      extractBlocks(readFileSync(join(root, file), "utf8"), file).map((b) => b.code);
    const en = code("docs/tutorial.md");
    expect(en.length).toBeGreaterThanOrEqual(12);
    expect(code("docs/tutorial.ko.md")).toEqual(en);
  });
});

describe("scripts/check-docs.mjs", () => {
  it("type-checks and runs each block, naming file:line for each failure", () => {
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), "plainnet-docs-"));
    try {
      const md = join(dir, "sample.md");
      writeFileSync(
        md,
        [
          "# Sample", // 1
          `${FENCE}ts`, // 2
          'import { Matrix } from "@plainnet/core";', // 3
          "if (Matrix.row([1, 2]).cols !== 2) throw new Error('cols');", // 4
          FENCE, // 5
          `${FENCE}ts`, // 6
          "const n: number = 'text';", // 7: a type error
          FENCE, // 8
          `${FENCE}ts`, // 9
          "throw new Error('boom at run time');", // 10
          FENCE, // 11
          `${FENCE}ts check=typecheck`, // 12
          "throw new Error('never run');", // 13
          FENCE, // 14
        ].join("\n"),
      );
      // A second file with the same failing code (as the two tutorials share theirs): run
      // once, reported at both places.
      const md2 = join(dir, "copy.md");
      writeFileSync(md2, `${FENCE}ts\nthrow new Error('boom at run time');\n${FENCE}\n`);
      const r = spawnSync(process.execPath, [join(root, "scripts/check-docs.mjs"), md, md2], {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
      });
      const out = `${r.stdout}${r.stderr}`;
      expect(out).toMatch(/sample\.md:7:7: error TS2322/);
      expect(out).toMatch(/sample\.md:10: run: exited with 1/);
      expect(out).toMatch(/copy\.md:2: run: exited with 1/);
      expect(out).toMatch(/\(as [^\n]*sample\.md:10\)/); // one run, reported at both places
      expect(out).not.toMatch(/never run/);
      expect(r.stdout.trimEnd().split("\n").pop()).toBe(
        "docs: 2 passed, 3 failed (1 type-checked only)",
      );
      expect(r.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
