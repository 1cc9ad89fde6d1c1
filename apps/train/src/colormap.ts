// ColorBrewer's 11-class "Spectral" palette (the colours matplotlib's cm.Spectral is built
// from), red for 0 through yellow to blue/purple for 1.
const SPECTRAL: readonly (readonly [number, number, number])[] = [
  [0x9e, 0x01, 0x42],
  [0xd5, 0x3e, 0x4f],
  [0xf4, 0x6d, 0x43],
  [0xfd, 0xae, 0x61],
  [0xfe, 0xe0, 0x8b],
  [0xff, 0xff, 0xbf],
  [0xe6, 0xf5, 0x98],
  [0xab, 0xdd, 0xa4],
  [0x66, 0xc2, 0xa5],
  [0x32, 0x88, 0xbd],
  [0x5e, 0x4f, 0xa2],
];

function hex2(v: number): string {
  return Math.round(Math.min(255, Math.max(0, v)))
    .toString(16)
    .padStart(2, "0");
}

/**
 * The Spectral colour at `t` in [0, 1] (clamped), linearly interpolated between the palette's
 * colours, mixed with white by `lighten` (0: as is, 1: white). Returns `#rrggbb`.
 *
 * @example
 * ```ts
 * spectral(0); // "#9e0142"
 * spectral(1); // "#5e4fa2"
 * spectral(0.5, 1); // "#ffffff"
 * ```
 */
export function spectral(t: number, lighten = 0): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (SPECTRAL.length - 1);
  const k = Math.min(SPECTRAL.length - 2, Math.floor(x));
  const f = x - k;
  const a = SPECTRAL[k] as readonly [number, number, number];
  const b = SPECTRAL[k + 1] as readonly [number, number, number];
  const ch = (c: 0 | 1 | 2): string => {
    const v = a[c] + (b[c] - a[c]) * f;
    return hex2(v + (255 - v) * lighten);
  };
  return `#${ch(0)}${ch(1)}${ch(2)}`;
}

/**
 * Fill colours of the two classes' points (the ends of the Spectral map).
 *
 * @example
 * ```ts
 * CLASS_COLOURS[0]; // "#9e0142"
 * ```
 */
export const CLASS_COLOURS: readonly [string, string] = [spectral(0), spectral(1)];
