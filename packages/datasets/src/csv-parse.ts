// An RFC 4180 CSV tokenizer: records of string fields, with the physical line each record
// starts on (for error messages). No dependency, so it runs unbuilt under Node, Bun, Deno and in
// bundlers alike.
import { MAX_ELEMENTS } from "@plainnet/core";
import { checkElementCount, describe } from "@plainnet/core/engine";

/**
 * Options of {@link parseCSV}.
 *
 * @example
 * ```ts
 * const options: ParseCSVOptions = { delimiter: ";" };
 * ```
 */
export interface ParseCSVOptions {
  /** The field separator: one character, not a quote or a line break. Default: detected (`,` `;` or tab). */
  delimiter?: string;
}

/**
 * One record of a CSV text: its fields and the (1-based) line it starts on.
 *
 * @example
 * ```ts
 * const record: CSVRecord = { fields: ["1", "2"], line: 2 };
 * ```
 */
export interface CSVRecord {
  fields: string[];
  line: number;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;
const CANDIDATES = [",", ";", "\t"] as const;

/**
 * Splits CSV text into records of string fields, as RFC 4180 reads it: fields may be quoted
 * (`"a, b"`), a quote inside a quoted field is doubled (`""`), quoted fields may hold line
 * breaks, lines end with "\n" or "\r\n" (a lone "\r" too), a UTF-8 byte order mark at the start
 * is dropped and so is a last line break. A quote inside an unquoted field is kept as a
 * character. Empty lines are kept as records with one empty field (see {@link readCSV}, which
 * skips them). Throws a `RangeError` naming the line for an unterminated quoted field or text
 * after a closing quote, and before parsing when the text has more fields than plainnet's
 * `MAX_ELEMENTS`.
 *
 * @example
 * ```ts
 * parseCSV('name,note\r\nann,"says ""hi"",\nthen leaves"\r\n');
 * // [["name", "note"], ["ann", 'says "hi",\nthen leaves']]
 * ```
 */
export function parseCSV(text: string, options: ParseCSVOptions = {}): string[][] {
  const fn = "parseCSV";
  if (typeof text !== "string") {
    throw new TypeError(`${fn}: expected CSV text (a string), got ${describe(text)}`);
  }
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${fn}: expected an options object ({ delimiter }), got ${describe(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (key !== "delimiter") {
      throw new TypeError(`${fn}: unknown option "${key}" (expected delimiter)`);
    }
  }
  const body = stripBOM(text);
  const delimiter =
    options.delimiter === undefined ? detectDelimiter(body) : checkDelimiter(fn, options.delimiter);
  return tokenizeCSV(fn, body, delimiter).map((r) => r.fields);
}

/**
 * The text without a leading UTF-8 byte order mark (U+FEFF).
 *
 * @example
 * ```ts
 * stripBOM("\uFEFFa,b"); // "a,b"
 * ```
 */
export function stripBOM(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Checks an explicit delimiter: one character, not a quote, "\r" or "\n".
 *
 * @example
 * ```ts
 * checkDelimiter("readCSV", ";"); // ";"
 * ```
 */
export function checkDelimiter(fn: string, delimiter: unknown): string {
  if (typeof delimiter !== "string") {
    throw new TypeError(
      `${fn}: expected delimiter to be one character such as "," ";" or "\\t", got ${describe(delimiter)}`,
    );
  }
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\r" || delimiter === "\n") {
    throw new RangeError(
      `${fn}: expected delimiter to be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  return delimiter;
}

/**
 * The delimiter of the first record: whichever of `,` `;` and tab occurs most often outside
 * quotes (ties in that order), `,` when none does.
 *
 * @example
 * ```ts
 * detectDelimiter("a;b;c\n1;2;3\n"); // ";"
 * ```
 */
export function detectDelimiter(text: string): string {
  const counts = [0, 0, 0];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted) {
      const k = (CANDIDATES as readonly string[]).indexOf(c);
      if (k >= 0) counts[k] = (counts[k] as number) + 1;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++)
    if ((counts[k] as number) > (counts[best] as number)) best = k;
  return counts[best] === 0 ? "," : (CANDIDATES[best] as string);
}

/**
 * Tokenizes CSV text (already without a BOM) into records with their starting lines; the size
 * is checked against `MAX_ELEMENTS` before any field is built (`fn` names the caller in errors).
 *
 * @example
 * ```ts
 * tokenizeCSV("readCSV", 'a,b\n"x\ny",2\n', ",");
 * // [{ fields: ["a", "b"], line: 1 }, { fields: ["x\ny", "2"], line: 2 }]
 * ```
 */
export function tokenizeCSV(fn: string, text: string, delimiter: string): CSVRecord[] {
  // Fields are at most one more than the delimiters and line breaks; count exactly only when
  // that bound is above the limit, so a huge text fails before anything is allocated.
  const d = delimiter.charCodeAt(0);
  let bound = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === d || c === LF || c === CR) bound++;
  }
  if (bound > MAX_ELEMENTS)
    checkElementCount(fn, "the CSV text's fields", scan(fn, text, d, false).count);
  return scan(fn, text, d, true).records;
}

/** One pass over the text; builds the records only when `build` is set. */
function scan(
  fn: string,
  text: string,
  d: number,
  build: boolean,
): { records: CSVRecord[]; count: number } {
  const records: CSVRecord[] = [];
  const n = text.length;
  let count = 0;
  let line = 1;
  let i = 0;
  if (n === 0) return { records, count };
  let fields: string[] = [];
  let recordLine = 1;
  for (;;) {
    // At the start of a field.
    let value = "";
    if (text.charCodeAt(i) === QUOTE) {
      const startLine = line;
      i++;
      let start = i;
      for (;;) {
        if (i >= n) {
          throw new RangeError(
            `${fn}: line ${startLine}: a quoted field is never closed (the text ends inside it)`,
          );
        }
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            if (build) value += text.slice(start, i + 1);
            i += 2;
            start = i;
            continue;
          }
          if (build) value += text.slice(start, i);
          i++;
          break;
        }
        if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
        i++;
      }
      if (i < n) {
        const c = text.charCodeAt(i);
        if (c !== d && c !== LF && c !== CR) {
          throw new RangeError(
            `${fn}: line ${line}: unexpected ${JSON.stringify(text[i])} after a closing quote (expected the delimiter ${JSON.stringify(String.fromCharCode(d))} or the end of the line)`,
          );
        }
      }
    } else {
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === d || c === LF || c === CR) break;
        i++;
      }
      if (build) value = text.slice(start, i);
    }
    count++;
    if (build) fields.push(value);
    // After a field: a delimiter, a line break or the end.
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      continue;
    }
    // A line break ends the record.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    if (build) records.push({ fields, line: recordLine });
    fields = [];
    recordLine = line;
    if (i >= n) return { records, count };
  }
  if (build) records.push({ fields, line: recordLine });
  return { records, count };
}
