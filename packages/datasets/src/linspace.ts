/**
 * NumPy's `linspace(start, stop, num, endpoint)` for float64: element i is
 * `i * ((stop - start) / div) + start` with `div = endpoint ? num - 1 : num`; with
 * `endpoint` the last element is exactly `stop`; `num = 1` gives `[start]`.
 *
 * @example
 * ```ts
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 * linspace(0, 1, 4, false); // [0, 0.25, 0.5, 0.75]
 * ```
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): number[] {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const out = new Array<number>(num);
  if (div > 0) {
    const step = delta / div;
    for (let i = 0; i < num; i++) {
      out[i] = step === 0 ? (i / div) * delta + start : i * step + start;
    }
  } else {
    for (let i = 0; i < num; i++) out[i] = i * delta + start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}
