import { describe } from "@plainnet/core/engine";
import { checkOptions } from "./checks.ts";
import type { CSVRecord } from "./csv-parse.ts";
import { checkDelimiter, detectDelimiter, stripBOM, tokenizeCSV } from "./csv-parse.ts";
import { parseDecimal } from "./decimal.ts";

/**
 * Options of {@link readCSV}.
 *
 * @example
 * ```ts
 * const options: ReadCSVOptions = { label: "target", columns: ["petal length (cm)"] };
 * ```
 */
export interface ReadCSVOptions {
  /**
   * The label column: a header name, or a 0-based column index (negative counts from the end,
   * -1 is the last column). Default: the last column.
   */
  label?: string | number;
  /**
   * Whether the first row is a header. `"auto"` (default): it is when `label` is a name or
   * `columns` is given, when one of its cells is not a number while the cell below it is, or
   * when none of its cells is a number.
   */
  header?: "auto" | boolean;
  /** The field separator (one character). Default: `,` `;` or tab, detected on the first row. */
  delimiter?: string;
  /** The feature columns to keep, by header name, in this order. Default: every column but the label. */
  columns?: readonly string[];
}

/**
 * A table read by {@link readCSV}: samples x features values, one label per row, and the names.
 *
 * @example
 * ```ts
 * const { X, y, featureNames, labelName }: CSVTable = readCSV("a,b,c\n1,2,x\n3,4,y\n");
 * ```
 */
export interface CSVTable {
  /** One row of feature values per sample (samples x features). */
  X: number[][];
  /** One label per sample: numbers when every label is a number, otherwise strings. */
  y: (number | string)[];
  /** The feature columns' names (header names, or `x1`, `x2`, ... without a header). */
  featureNames: string[];
  /** The label column's name (its header name, or `label` without a header). */
  labelName: string;
}

const KEYS = ["label", "header", "delimiter", "columns"] as const;

/**
 * Reads a CSV table of numeric features and one label column, as a scikit-learn user writes it
 * with pandas' `DataFrame.to_csv(index=False)`: RFC 4180 fields (quotes, doubled quotes,
 * line breaks inside quotes), "\n" or "\r\n" line ends, an optional UTF-8 byte order mark;
 * empty lines are skipped. Feature cells must be finite decimal numbers (`1`, `-0.5`, `.5`,
 * `1e-3`, spaces around them allowed); labels are kept as numbers only when every label is
 * one, otherwise every label is kept as its text (so `"1"` and `"setosa"` in one column give
 * strings). Bad input throws a `RangeError`/`TypeError` naming the line, the column and the
 * cell: a non-numeric or empty feature cell, a row with a different number of fields, an
 * unknown or duplicate column name, an empty text, a header without rows, an unterminated
 * quote, or a text with more fields than plainnet's `MAX_ELEMENTS`.
 *
 * @example
 * ```ts
 * const text = "sepal length (cm),petal width (cm),target\n5.1,0.2,setosa\n7.0,1.4,versicolor\n";
 * const { X, y, featureNames, labelName } = readCSV(text, { label: "target" });
 * X; // [[5.1, 0.2], [7, 1.4]]
 * y; // ["setosa", "versicolor"]
 * featureNames; // ["sepal length (cm)", "petal width (cm)"]
 * labelName; // "target"
 * ```
 */
export function readCSV(text: string, options: ReadCSVOptions = {}): CSVTable {
  const fn = "readCSV";
  if (typeof text !== "string") {
    throw new TypeError(`${fn}: expected CSV text (a string), got ${describe(text)}`);
  }
  checkOptions(fn, options, KEYS);
  const header = options.header ?? "auto";
  if (header !== "auto" && header !== true && header !== false) {
    throw new TypeError(
      `${fn}: expected header to be "auto", true or false, got ${describe(header)}`,
    );
  }
  const body = stripBOM(text);
  const delimiter =
    options.delimiter === undefined ? detectDelimiter(body) : checkDelimiter(fn, options.delimiter);
  const records = tokenizeCSV(fn, body, delimiter).filter(
    (r) => !(r.fields.length === 1 && r.fields[0] === ""),
  );
  const first = records[0];
  if (first === undefined) {
    throw new RangeError(
      `${fn}: the text has no rows (an empty file); expected a header and data rows`,
    );
  }
  const width = first.fields.length;
  for (const r of records) {
    if (r.fields.length !== width) {
      throw new RangeError(
        `${fn}: line ${r.line}: expected ${width} fields (as on line ${first.line}), got ${r.fields.length}`,
      );
    }
  }
  // Naming columns implies a header; otherwise "auto" looks at the first two rows.
  const byName = typeof options.label === "string" || options.columns !== undefined;
  const hasHeader = header === "auto" ? byName || looksLikeHeader(first, records[1]) : header;
  const names = hasHeader ? first.fields : undefined;
  if (names !== undefined) checkUniqueNames(fn, first, names);
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) {
    throw new RangeError(
      `${fn}: line ${first.line} is a header, but no data rows follow it; expected at least one row`,
    );
  }

  const labelIndex = resolveLabel(fn, options.label, names, width);
  const labelName = names?.[labelIndex] ?? "label";
  const featureIndices = resolveFeatures(fn, options.columns, names, width, labelIndex);
  const featureNames = featureIndices.map((j, k) => names?.[j] ?? `x${k + 1}`);

  const X = rows.map((r) =>
    featureIndices.map((j, k) => {
      const cell = r.fields[j] as string;
      const v = parseDecimal(cell);
      if (v === undefined) {
        throw new RangeError(
          `${fn}: line ${r.line}, column ${JSON.stringify(featureNames[k])}: expected a finite number, got ${JSON.stringify(cell)}`,
        );
      }
      return v;
    }),
  );
  const cells = rows.map((r) => r.fields[labelIndex] as string);
  cells.forEach((cell, i) => {
    if (cell.trim() === "") {
      throw new RangeError(
        `${fn}: line ${(rows[i] as CSVRecord).line}, column ${JSON.stringify(labelName)}: the label is empty`,
      );
    }
  });
  const numeric = cells.map(parseDecimal);
  const y = numeric.every((v) => v !== undefined) ? (numeric as number[]) : cells;
  return { X, y, featureNames, labelName };
}

/** "auto": a header when a cell is not a number over one that is, or no cell is a number. */
function looksLikeHeader(first: CSVRecord, second: CSVRecord | undefined): boolean {
  const text = first.fields.map((c) => parseDecimal(c) === undefined);
  if (text.every(Boolean)) return true;
  if (second === undefined) return false;
  return text.some((isText, j) => isText && parseDecimal(second.fields[j] as string) !== undefined);
}

function checkUniqueNames(fn: string, first: CSVRecord, names: readonly string[]): void {
  const seen = new Map<string, number>();
  names.forEach((name, j) => {
    const before = seen.get(name);
    if (before !== undefined) {
      throw new RangeError(
        `${fn}: line ${first.line}: the header names column ${before + 1} and column ${j + 1} both ${JSON.stringify(name)}; column names must be unique`,
      );
    }
    seen.set(name, j);
  });
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((n) => JSON.stringify(n));
  return names.length > 20 ? `${shown.join(", ")}, ...` : shown.join(", ");
}

function resolveLabel(
  fn: string,
  label: unknown,
  names: readonly string[] | undefined,
  width: number,
): number {
  if (label === undefined) return width - 1;
  if (typeof label === "number") {
    if (!Number.isInteger(label) || label < -width || label >= width) {
      throw new RangeError(
        `${fn}: expected label to be a column index in [${-width}, ${width - 1}] (the text has ${width} columns), got ${label}`,
      );
    }
    return label < 0 ? width + label : label;
  }
  if (typeof label !== "string") {
    throw new TypeError(
      `${fn}: expected label to be a column name or index, got ${describe(label)}`,
    );
  }
  if (names === undefined) {
    throw new RangeError(
      `${fn}: label ${JSON.stringify(label)} is a column name, but header is false (use a column index)`,
    );
  }
  const j = names.indexOf(label);
  if (j < 0) {
    throw new RangeError(
      `${fn}: no column named ${JSON.stringify(label)} for the label; the columns are ${listNames(names)}`,
    );
  }
  return j;
}

function resolveFeatures(
  fn: string,
  columns: unknown,
  names: readonly string[] | undefined,
  width: number,
  labelIndex: number,
): number[] {
  if (columns === undefined) {
    const all = Array.from({ length: width }, (_, j) => j).filter((j) => j !== labelIndex);
    if (all.length === 0) {
      throw new RangeError(
        `${fn}: the text has a single column (the label), so there are no feature columns`,
      );
    }
    return all;
  }
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new TypeError(
      `${fn}: expected columns to be a non-empty array of column names, got ${describe(columns)}`,
    );
  }
  if (names === undefined) {
    throw new RangeError(`${fn}: columns selects features by header name, but header is false`);
  }
  const picked = new Set<number>();
  return columns.map((name: unknown, k: number) => {
    if (typeof name !== "string") {
      throw new TypeError(
        `${fn}: expected columns[${k}] to be a column name, got ${describe(name)}`,
      );
    }
    const j = names.indexOf(name);
    if (j < 0) {
      throw new RangeError(
        `${fn}: columns[${k}]: no column named ${JSON.stringify(name)}; the columns are ${listNames(names)}`,
      );
    }
    if (j === labelIndex) {
      throw new RangeError(`${fn}: columns[${k}] ${JSON.stringify(name)} is the label column`);
    }
    if (picked.has(j)) {
      throw new RangeError(`${fn}: columns[${k}] ${JSON.stringify(name)} is listed twice`);
    }
    picked.add(j);
    return j;
  });
}
