// The one place this package takes sine and cosine from: the core's correctly rounded libm
// versions, so the generators match scikit-learn's np.sin/np.cos (glibc, correctly rounded)
// bit for bit and give the same bits under every JavaScript engine (Math.sin/Math.cos do not).
import { cos as coreCos, sin as coreSin } from "@plainnet/core";

/**
 * Sine of `x` (radians), correctly rounded (the core's libm `sin`).
 *
 * @example
 * ```ts
 * sin(0); // 0
 * ```
 */
export const sin: (x: number) => number = coreSin;

/**
 * Cosine of `x` (radians), correctly rounded (the core's libm `cos`).
 *
 * @example
 * ```ts
 * cos(0); // 1
 * ```
 */
export const cos: (x: number) => number = coreCos;
