// PLACEHOLDER: owned by the libm work; replaced by a correctly rounded implementation.
/** e^x. */
export function exp(x: number): number {
  return Math.exp(x);
}
