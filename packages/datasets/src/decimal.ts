const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A CSV cell as a finite decimal number (`3`, `-0.5`, `.5`, `1e-3`; spaces around it allowed),
 * or `undefined` for anything else: empty cells, `NaN`, `Infinity`, hexadecimal, `1e400`, text.
 *
 * @example
 * ```ts
 * parseDecimal(" -2.5e-1 "); // -0.25
 * parseDecimal("NaN"); // undefined
 * ```
 */
export function parseDecimal(cell: string): number | undefined {
  const t = cell.trim();
  if (!NUMBER.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}
