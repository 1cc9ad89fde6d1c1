// The CSV drop zone and file picker: reads the file, offers its columns (label, x1, x2), and
// hands the converted data to the page.
import { readCSV } from "@plainnet/datasets";
import { csvToRaw, guessColumns, headerColumns, standardize } from "./csv-data.ts";
import type { RawData } from "./data.ts";
import { FEATURE_LABELS, type FeatureName } from "./features.ts";

/** The largest CSV file read (bytes). */
export const MAX_CSV_BYTES = 5_000_000;

/**
 * A loaded CSV: the data and the names of its two feature columns.
 *
 * @example
 * ```ts
 * const choice: CsvChoice = { raw, x1: "length", x2: "width", label: "species" };
 * ```
 */
export interface CsvChoice {
  readonly raw: RawData;
  readonly x1: string;
  readonly x2: string;
  readonly label: string;
}

const el = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/**
 * The CSV controls of the data panel; calls `onLoad` whenever a file (or a column choice)
 * gives valid data, and shows what went wrong otherwise.
 *
 * @example
 * ```ts
 * const panel = new CsvPanel((choice) => train(choice.raw));
 * ```
 */
export class CsvPanel {
  #text = "";
  #choice: CsvChoice | null = null;
  readonly #onLoad: (choice: CsvChoice) => void;

  constructor(onLoad: (choice: CsvChoice) => void) {
    this.#onLoad = onLoad;
    const drop = el<HTMLElement>("drop");
    drop.addEventListener("dragover", (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      const file = e.dataTransfer?.files[0];
      if (file !== undefined) void this.#readFile(file);
    });
    const picker = el<HTMLInputElement>("csv-file");
    picker.addEventListener("change", () => {
      const file = picker.files?.[0];
      if (file !== undefined) void this.#readFile(file);
    });
    for (const id of ["csv-label", "csv-x1", "csv-x2"]) {
      el<HTMLSelectElement>(id).addEventListener("change", () => this.#load());
    }
  }

  /** Moves the keyboard focus to the file picker. */
  focus(): void {
    el<HTMLElement>("csv-file").focus();
  }

  /** Labels of the features: the CSV's column names in place of x1 and x2. */
  featureLabels(features: readonly FeatureName[]): string[] {
    const c = this.#choice;
    return features.map((f) => {
      const label = FEATURE_LABELS[f];
      if (c === null) return label;
      return label.replaceAll("x₁", c.x1).replaceAll("x₂", c.x2);
    });
  }

  async #readFile(file: File): Promise<void> {
    if (file.size > MAX_CSV_BYTES) {
      this.#status(`${file.name}: ${file.size} bytes; at most ${MAX_CSV_BYTES}`, true);
      return;
    }
    this.#text = await file.text();
    const columns = headerColumns(this.#text);
    if (columns.length < 3) {
      this.#status(
        `${file.name}: expected a header with at least 3 columns (x1, x2, label), got ${columns.length}`,
        true,
      );
      return;
    }
    const fill = (id: string, pick: string): void => {
      const select = el<HTMLSelectElement>(id);
      select.replaceChildren(...columns.map((c) => new Option(c, c, false, c === pick)));
      select.disabled = false;
    };
    const guess = guessColumns(this.#text);
    fill("csv-label", guess?.label ?? columns[columns.length - 1]!);
    fill("csv-x1", guess?.x1 ?? columns[0]!);
    fill("csv-x2", guess?.x2 ?? columns[1]!);
    this.#load();
  }

  #load(): void {
    const label = el<HTMLSelectElement>("csv-label").value;
    const x1 = el<HTMLSelectElement>("csv-x1").value;
    const x2 = el<HTMLSelectElement>("csv-x2").value;
    if (new Set([label, x1, x2]).size < 3) {
      this.#status("choose three different columns (label, x₁, x₂)", true);
      return;
    }
    try {
      const raw = standardize(
        csvToRaw(readCSV(this.#text, { label, columns: [x1, x2], header: true })),
      );
      this.#choice = { raw, x1, x2, label };
      const kind = raw.classes === 0 ? "regression" : `${raw.classes} classes`;
      this.#status(
        `${raw.targets.length} rows, ${kind} (label "${label}"); ${x1} and ${x2} standardised`,
        false,
      );
      this.#onLoad(this.#choice);
    } catch (error) {
      this.#status(error instanceof Error ? error.message : String(error), true);
    }
  }

  #status(text: string, bad: boolean): void {
    const s = el<HTMLElement>("csv-status");
    s.textContent = text;
    s.className = bad ? "error" : "";
  }
}
