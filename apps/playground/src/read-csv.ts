// TEMPORARY until the datasets package's readCSV is merged: the same call shape.
import type { CsvTable } from "./csv-data.ts";

/**
 * Reads a CSV with a header line: `label` names the label column, `columns` the features.
 *
 * @example
 * ```ts
 * readCSV("a,b,c\n1,2,x\n", { label: "c", columns: ["a", "b"] });
 * ```
 */
export function readCSV(
  text: string,
  options: { label: string; columns: readonly string[] },
): CsvTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = (lines[0] ?? "").split(",").map((c) => c.trim());
  const li = header.indexOf(options.label);
  if (li < 0) throw new RangeError(`readCSV: no label column "${options.label}"`);
  const ci = options.columns.map((c) => {
    const i = header.indexOf(c);
    if (i < 0) throw new RangeError(`readCSV: no column "${c}"`);
    return i;
  });
  const X: number[][] = [];
  const y: (number | string)[] = [];
  lines.slice(1).forEach((line, r) => {
    const cells = line.split(",").map((c) => c.trim());
    X.push(
      ci.map((i) => {
        const v = Number(cells[i]);
        if (cells[i] === "" || !Number.isFinite(v))
          throw new RangeError(`readCSV: line ${r + 2}: ${header[i]} is not a number`);
        return v;
      }),
    );
    const l = cells[li] ?? "";
    y.push(l !== "" && Number.isFinite(Number(l)) ? Number(l) : l);
  });
  return { X, y, featureNames: options.columns.slice(), labelName: options.label };
}
