import { Matrix } from "./matrix.ts";

/**
 * A hint appended to "not a matrix of the X backend" errors: what the value looks like and how
 * to pass it (nested arrays, a mathjs matrix given to the typed-array backend, a plainnet
 * Matrix given to another backend). Empty when there is nothing useful to add.
 *
 * @example
 * ```ts
 * foreignMatrixHint([[1], [2]], "typed-array"); // " (wrap nested arrays with Matrix.from)"
 * ```
 */
export function foreignMatrixHint(value: unknown, backendName: string): string {
  if (Array.isArray(value)) {
    return backendName === "typed-array"
      ? " (wrap nested arrays with Matrix.from)"
      : ` (convert nested arrays into a matrix of the ${backendName} backend first)`;
  }
  if (value instanceof Matrix && backendName !== "typed-array") {
    return " (a plainnet Matrix of the typed-array backend: convert it with backend.fromMatrix, or omit { backend })";
  }
  if (
    typeof value === "object" &&
    value !== null &&
    (value as { isMatrix?: unknown }).isMatrix === true &&
    typeof (value as { size?: unknown }).size === "function" &&
    backendName !== "mathjs"
  ) {
    return " (a mathjs matrix: pass { backend: mathjsBackend } from @plainnet/core/mathjs)";
  }
  return "";
}
