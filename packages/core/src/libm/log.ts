// PLACEHOLDER: owned by the libm work; replaced by a correctly rounded implementation.
/** Natural logarithm. */
export function log(x: number): number {
  return Math.log(x);
}
