// Finds the TypeScript code blocks of a Markdown file, for scripts/check-docs.mjs.
//
// A block is a fenced code block (``` or ~~~, three or more) whose info string starts with
// `ts` or `typescript`. Words after the language are attributes: `check=typecheck` means the
// block is only type-checked, not run (for code that cannot run by nature, e.g. in a browser).
// Fences may be indented (inside a list item): that indentation is removed from the block's
// lines. A block inside a longer fence (```` around ```) is text, not code. An unclosed fence
// runs to the end of the file, as CommonMark says.

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const CHECK_MODES = ["run", "typecheck"];

/**
 * The language and attributes of an info string such as `ts check=typecheck`.
 *
 * @param {string} info
 * @returns {{ lang: string, attrs: Record<string, string> }}
 */
export function parseInfo(info) {
  const [lang = "", ...rest] = info.trim().split(/\s+/);
  /** @type {Record<string, string>} */
  const attrs = {};
  for (const word of rest) {
    const eq = word.indexOf("=");
    if (eq === -1) attrs[word] = "";
    else attrs[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return { lang: lang.toLowerCase(), attrs };
}

/**
 * Every ```ts / ```typescript block of `markdown`: its first code line (1-based, in the
 * Markdown file), the code and whether it is run or only type-checked.
 *
 * @param {string} markdown
 * @param {string} file the file's name, used in error messages
 * @returns {{ file: string, line: number, mode: "run" | "typecheck", code: string }[]}
 */
export function extractBlocks(markdown, file) {
  const lines = markdown.replace(/^\uFEFF/, "").split(/\r?\n/);
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const open = FENCE.exec(lines[i] ?? "");
    // A backtick fence's info string may not contain a backtick (CommonMark).
    if (open === null || (open[2][0] === "`" && open[3].includes("`"))) {
      i++;
      continue;
    }
    const indent = open[1].length;
    const fence = open[2];
    const { lang, attrs } = parseInfo(open[3]);
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^( {0,3})(`{3,}|~{3,})\s*$/.exec(lines[j] ?? "");
      if (close !== null && close[2][0] === fence[0] && close[2].length >= fence.length) break;
      body.push(stripIndent(lines[j] ?? "", indent));
    }
    if (lang === "ts" || lang === "typescript") {
      const mode = attrs.check ?? "run";
      if (!CHECK_MODES.includes(mode)) {
        throw new RangeError(
          `${file}:${i + 1}: unknown check=${mode} on a ${lang} block (expected ${CHECK_MODES.join(" or ")})`,
        );
      }
      blocks.push({
        file,
        line: i + 2,
        mode: /** @type {"run" | "typecheck"} */ (mode),
        code: `${body.join("\n")}\n`,
      });
    }
    i = j + 1;
  }
  return blocks;
}

/**
 * Removes up to `n` leading spaces (the fence's own indentation).
 *
 * @param {string} line
 * @param {number} n
 * @returns {string}
 */
function stripIndent(line, n) {
  let k = 0;
  while (k < n && line[k] === " ") k++;
  return line.slice(k);
}

/**
 * Makes a block a module of its own, so blocks never share top-level names in one `tsc`
 * program and may use top-level `await`: appends `export {};` (harmless where the block
 * already imports or exports). Deno's `npm:` specifiers (`from "npm:@plainnet/core"`) become
 * the bare package names they stand for, so Deno's import lines are checked too.
 *
 * @param {string} code
 * @returns {string}
 */
export function asModule(code) {
  const bare = code.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(["'])npm:/g, "$1$2");
  return `${bare}export {};\n`;
}
