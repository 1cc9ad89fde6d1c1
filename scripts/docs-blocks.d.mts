/** A TypeScript code block found in a Markdown file. */
export interface DocBlock {
  /** The Markdown file's name, as given. */
  readonly file: string;
  /** The block's first code line in the Markdown file (1-based). */
  readonly line: number;
  /** `"run"` (type-checked and run) or `"typecheck"` (```ts check=typecheck). */
  readonly mode: "run" | "typecheck";
  /** The code, fence indentation removed, ending in a newline. */
  readonly code: string;
}

/**
 * The language and attributes of an info string.
 *
 * @example
 * ```ts
 * parseInfo("ts check=typecheck"); // { lang: "ts", attrs: { check: "typecheck" } }
 * ```
 */
export function parseInfo(info: string): { lang: string; attrs: Record<string, string> };

/**
 * Every ```ts / ```typescript block of a Markdown text.
 *
 * @example
 * ```ts
 * extractBlocks("```ts\nconst a = 1;\n```\n", "a.md"); // [{ file: "a.md", line: 2, mode: "run", code: "const a = 1;\n" }]
 * ```
 */
export function extractBlocks(markdown: string, file: string): DocBlock[];

/**
 * The block as a module of its own (appends `export {};`), with Deno's `npm:` specifiers
 * read as the bare package names.
 *
 * @example
 * ```ts
 * asModule("const a = 1;\n"); // "const a = 1;\nexport {};\n"
 * asModule('import { train } from "npm:@plainnet/core";\n'); // 'import { train } from "@plainnet/core";\nexport {};\n'
 * ```
 */
export function asModule(code: string): string;
