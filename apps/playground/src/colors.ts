// Colours of the pictures (TensorFlow Playground's orange/blue diverging scale).

/** An RGB triple, 0..255. */
export type Rgb = readonly [number, number, number];

/** Class 0 / negative (orange). */
export const NEGATIVE: Rgb = [245, 147, 34];
/** Class 1 / positive (blue). */
export const POSITIVE: Rgb = [8, 119, 189];
/** The midpoint of the diverging scale. */
export const MIDDLE: Rgb = [232, 234, 235];
/** One colour per class for three or more classes. */
export const CLASS_COLORS: readonly Rgb[] = [
  NEGATIVE,
  POSITIVE,
  [60, 160, 80],
  [190, 70, 170],
  [200, 60, 60],
  [110, 110, 110],
];

/**
 * Colour of t in [-1, 1] on the orange–white–blue scale (clamped).
 *
 * @example
 * ```ts
 * diverging(1); // POSITIVE
 * ```
 */
export function diverging(t: number): Rgb {
  const v = Number.isNaN(t) ? 0 : Math.max(-1, Math.min(1, t));
  const end = v < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(v);
  return [
    MIDDLE[0] + (end[0] - MIDDLE[0]) * a,
    MIDDLE[1] + (end[1] - MIDDLE[1]) * a,
    MIDDLE[2] + (end[2] - MIDDLE[2]) * a,
  ];
}

/**
 * The colour of class `c` (cycled).
 *
 * @example
 * ```ts
 * classColor(1); // POSITIVE
 * ```
 */
export function classColor(c: number): Rgb {
  return CLASS_COLORS[((c % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length]!;
}

/**
 * CSS `rgb()` text of a colour.
 *
 * @example
 * ```ts
 * css([8, 119, 189]); // "rgb(8,119,189)"
 * ```
 */
export function css(c: Rgb): string {
  return `rgb(${Math.round(c[0])},${Math.round(c[1])},${Math.round(c[2])})`;
}
