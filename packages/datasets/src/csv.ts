import { Matrix } from "@plainnet/core";
import { checkElementCount, describe } from "@plainnet/core/engine";
import { checkDatasetObject } from "./checks.ts";
import { stripBOM } from "./csv-parse.ts";
import { parseDecimal } from "./decimal.ts";
import type { Dataset } from "./types.ts";

const INTEGER = /^[+-]?\d+$/;

/**
 * Writes a dataset as CSV: a header `x1,x2,...,label`, then one line per sample, each value
 * in JavaScript's shortest round-trip form (so {@link fromCSV} restores every float64 bit,
 * -0 included). Lines end with "\n", the last one too. NaN and infinite values throw a
 * `RangeError` naming the entry (the readers accept finite numbers only, so every file
 * `toCSV` writes reads back).
 *
 * @example
 * ```ts
 * toCSV({ X: Matrix.from([[0.5, -1]]), y: [1] }); // "x1,x2,label\n0.5,-1,1\n"
 * ```
 */
export function toCSV(dataset: Dataset): string {
  const fn = "toCSV";
  const { X, y } = checkDatasetObject(fn, dataset);
  if (!Array.isArray(y) || y.length !== X.rows) {
    throw new RangeError(
      `${fn}: X has ${X.rows} samples but y is ${describe(y)}; expected ${X.rows} labels`,
    );
  }
  const header = Array.from({ length: X.cols }, (_, j) => `x${j + 1}`);
  header.push("label");
  const lines = [header.join(",")];
  for (let i = 0; i < X.rows; i++) {
    const label = y[i];
    if (typeof label !== "number" || !Number.isInteger(label)) {
      throw new TypeError(`${fn}: expected y[${i}] to be an integer label, got ${describe(label)}`);
    }
    const cells: string[] = [];
    for (let j = 0; j < X.cols; j++) {
      const v = X.data[i * X.cols + j] as number;
      if (!Number.isFinite(v)) {
        throw new RangeError(
          `${fn}: X[${i}][${j}] is ${v}; a CSV file holds finite numbers only (fromCSV and readCSV reject NaN and Infinity)`,
        );
      }
      cells.push(Object.is(v, -0) ? "-0" : String(v));
    }
    cells.push(String(label));
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Reads a dataset written by {@link toCSV}: a header `x1,...,xd,label` (d >= 1), then one
 * line per sample with d finite decimal numbers and an integer label. "\r\n" line ends, a
 * UTF-8 byte order mark and trailing empty lines are accepted; anything else malformed throws an error naming the
 * (1-based) line number.
 *
 * @example
 * ```ts
 * const { X, y } = fromCSV("x1,x2,label\n0.5,-1,1\n");
 * X.shape; // [1, 2]
 * y; // [1]
 * ```
 */
export function fromCSV(text: string): Dataset {
  const fn = "fromCSV";
  if (typeof text !== "string") {
    throw new TypeError(`${fn}: expected CSV text (a string), got ${describe(text)}`);
  }
  const lines = stripBOM(text).split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) {
    throw new RangeError(`${fn}: line 1: expected a header x1,...,xd,label, got an empty text`);
  }
  const header = (lines[0] as string).split(",");
  const d = header.length - 1;
  const expected = [...Array.from({ length: Math.max(d, 1) }, (_, j) => `x${j + 1}`), "label"];
  if (d < 1 || header.join(",") !== expected.join(",")) {
    throw new RangeError(
      `${fn}: line 1: expected a header like ${expected.join(",")}, got ${visible(lines[0] as string)}`,
    );
  }
  if (lines.length === 1) {
    throw new RangeError(`${fn}: expected at least one data line after the header, got none`);
  }
  const n = lines.length - 1;
  checkElementCount(fn, `${n} lines x ${d} features`, n * d);
  const data = new Float64Array(n * d);
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const lineNo = i + 2;
    const line = lines[i + 1] as string;
    const cells = line.split(",");
    if (cells.length !== d + 1) {
      throw new RangeError(
        `${fn}: line ${lineNo}: expected ${d + 1} values (${expected.join(",")}), got ${line === "" ? "an empty line" : `${cells.length}: ${JSON.stringify(line)}`}`,
      );
    }
    for (let j = 0; j < d; j++) {
      const v = parseDecimal(cells[j] as string);
      if (v === undefined) {
        throw new RangeError(
          `${fn}: line ${lineNo}: x${j + 1} must be a finite decimal number, got ${JSON.stringify(cells[j])}`,
        );
      }
      data[i * d + j] = v;
    }
    const labelCell = (cells[d] as string).trim();
    if (!INTEGER.test(labelCell) || !Number.isSafeInteger(Number(labelCell))) {
      throw new RangeError(
        `${fn}: line ${lineNo}: label must be an integer, got ${JSON.stringify(cells[d])}`,
      );
    }
    y[i] = Number(labelCell);
  }
  return { X: new Matrix(n, d, data), y };
}

/** JSON-quoted, with invisible characters (zero-width, BOM, soft hyphen, ...) as \\u escapes. */
function visible(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
