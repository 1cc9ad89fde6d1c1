// The user's CSV as playground data: two numeric columns as x1, x2 and a label column (class
// names or integers -> class indices; other numbers -> regression targets).
import { Matrix, StandardScaler } from "@plainnet/core";
import type { RawData } from "./data.ts";

/**
 * A table as the datasets package's CSV reader returns it.
 *
 * @example
 * ```ts
 * const t: CsvTable = { X: [[0, 1]], y: ["a"], featureNames: ["u", "v"], labelName: "class" };
 * ```
 */
export interface CsvTable {
  readonly X: readonly (readonly number[])[];
  readonly y: readonly (number | string)[];
  readonly featureNames: readonly string[];
  readonly labelName: string;
}

/** The most distinct integer labels still read as classes (more: regression). */
export const MAX_CLASSES = 10;

/**
 * Converts a table with two feature columns to {@link RawData}: string labels and up to
 * {@link MAX_CLASSES} distinct integers become class indices (sorted), any other numbers are
 * regression targets. Throws a `RangeError` naming the problem otherwise.
 *
 * @example
 * ```ts
 * csvToRaw({ X: [[0, 1], [1, 0]], y: ["b", "a"], featureNames: ["u", "v"], labelName: "c" });
 * // { points: Float64Array [0, 1, 1, 0], targets: [1, 0], classes: 2, classNames: ["a", "b"] }
 * ```
 */
export function csvToRaw(table: CsvTable): RawData {
  const n = table.X.length;
  if (table.featureNames.length !== 2) {
    throw new RangeError(
      `csvToRaw: expected 2 feature columns (x1, x2), got ${table.featureNames.length}: ${table.featureNames.join(", ")}`,
    );
  }
  if (table.y.length !== n) {
    throw new RangeError(`csvToRaw: ${n} rows of features but ${table.y.length} labels`);
  }
  if (n < 4) throw new RangeError(`csvToRaw: at least 4 rows needed, got ${n}`);
  const points = new Float64Array(2 * n);
  table.X.forEach((row, i) => {
    const a = row[0];
    const b = row[1];
    if (
      typeof a !== "number" ||
      typeof b !== "number" ||
      !Number.isFinite(a) ||
      !Number.isFinite(b)
    ) {
      throw new RangeError(
        `csvToRaw: row ${i + 1}: features must be finite numbers, got ${String(row)}`,
      );
    }
    points[2 * i] = a;
    points[2 * i + 1] = b;
  });
  const strings = table.y.some((v) => typeof v === "string");
  const distinct = [...new Set(table.y.map((v) => (strings ? String(v) : v)))];
  const integral = !strings && distinct.every((v) => Number.isInteger(v));
  if (strings || (integral && distinct.length <= MAX_CLASSES)) {
    if (distinct.length < 2) {
      throw new RangeError(
        `csvToRaw: label column "${table.labelName}" has one class (${String(distinct[0])}); a classifier needs two or more`,
      );
    }
    if (distinct.length > MAX_CLASSES) {
      throw new RangeError(
        `csvToRaw: label column "${table.labelName}" has ${distinct.length} classes; at most ${MAX_CLASSES}`,
      );
    }
    const sorted = strings
      ? (distinct as string[]).sort()
      : (distinct as number[]).sort((a, b) => a - b);
    const index = new Map<string | number, number>(sorted.map((v, i) => [v, i]));
    const targets = table.y.map((v) => index.get(strings ? String(v) : v)!);
    return { points, targets, classes: sorted.length, classNames: sorted.map(String) };
  }
  const targets = table.y.map((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(
        `csvToRaw: row ${i + 1}: label must be a finite number, got ${String(v)}`,
      );
    }
    return v;
  });
  return { points, targets, classes: 0 };
}

/**
 * The delimiter of a CSV's first line: the most frequent of `,` `;` and tab (`,` on a tie),
 * as the datasets package's reader detects it.
 *
 * @example
 * ```ts
 * delimiterOf("a;b;c\n1;2;3"); // ";"
 * ```
 */
export function delimiterOf(text: string): string {
  const first = text.slice(0, 10_000).split(/\r?\n/, 1)[0] ?? "";
  let best = ",";
  let most = first.split(",").length;
  for (const d of [";", "\t"]) {
    const n = first.split(d).length;
    if (n > most) {
      best = d;
      most = n;
    }
  }
  return best;
}

/**
 * The column names of a CSV's header line (quotes removed, byte order mark dropped).
 *
 * @example
 * ```ts
 * headerColumns('a,"b",c\n1,2,3'); // ["a", "b", "c"]
 * ```
 */
export function headerColumns(text: string): string[] {
  const first =
    text
      .replace(/^\uFEFF/, "")
      .slice(0, 10_000)
      .split(/\r?\n/, 1)[0] ?? "";
  return first.split(delimiterOf(text)).map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
}

const LABEL_NAMES = ["label", "class", "target", "y", "species", "category"];
const ID_NAMES = ["id", "index", "row", ""];

/**
 * A first guess of the columns from the header and the first data line: the label is a
 * column named like one (label, class, target, y, ...), else the first non-numeric column,
 * else the last; x1 and x2 are the first two other numeric columns that are not an id.
 * Returns null when there are not three usable columns.
 *
 * @example
 * ```ts
 * guessColumns("id,kind,w,h\n1,a,0.5,2\n"); // { label: "kind", x1: "w", x2: "h" }
 * ```
 */
export function guessColumns(text: string): { label: string; x1: string; x2: string } | null {
  const columns = headerColumns(text);
  const first = (text.slice(0, 20_000).split(/\r?\n/)[1] ?? "")
    .split(delimiterOf(text))
    .map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
  const numeric = columns.map(
    (_, i) => first[i] !== undefined && first[i] !== "" && Number.isFinite(Number(first[i])),
  );
  const lower = columns.map((c) => c.toLowerCase());
  let li = lower.findIndex((c) => LABEL_NAMES.includes(c));
  if (li < 0) li = numeric.findIndex((n) => !n);
  if (li < 0) li = columns.length - 1;
  const features = columns
    .map((c, i) => ({ c, i }))
    .filter(({ i }) => i !== li && numeric[i])
    .filter(({ c }, _, all) => all.length <= 2 || !ID_NAMES.includes(c.toLowerCase()));
  if (features.length < 2) return null;
  return { label: columns[li]!, x1: features[0]!.c, x2: features[1]!.c };
}

/**
 * The data with x1 and x2 standardised (zero mean, unit variance, scikit-learn's
 * `StandardScaler`), so a file in any units trains at the playground's learning rates.
 *
 * @example
 * ```ts
 * standardize(csvToRaw(table)).points; // each column: mean 0, standard deviation 1
 * ```
 */
export function standardize(raw: RawData): RawData {
  const n = raw.targets.length;
  const scaled = new StandardScaler().fitTransform(new Matrix(n, 2, raw.points));
  return { ...raw, points: scaled.data };
}
