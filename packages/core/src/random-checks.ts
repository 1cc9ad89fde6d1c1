// Argument and state validation of RandomState: each check names the method and the value.
import { checkElementCount } from "./limits.ts";
import { describe } from "./matrix.ts";
import type { RandomStateSnapshot } from "./random.ts";

/** MT19937's state words. */
const N = 624;
const TWO_POW_32 = 4294967296;

/**
 * A seed word: an integer 0..2**32-1 (`TypeError` for a non-number, else `RangeError`).
 *
 * @example
 * ```ts
 * checkSeedWord("RandomState: seed", 42); // fine
 * ```
 */
export function checkSeedWord(what: string, seed: unknown): void {
  if (typeof seed !== "number") {
    throw new TypeError(`${what}: expected an integer 0..2**32-1, got ${describe(seed)}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_POW_32) {
    throw new RangeError(`${what}: expected an integer 0..2**32-1, got ${seed}`);
  }
}

/**
 * A finite number named `what` in `name`'s messages.
 *
 * @example
 * ```ts
 * checkFinite("RandomState.uniform", "low", 0); // fine
 * ```
 */
export function checkFinite(name: string, what: string, v: unknown): asserts v is number {
  if (typeof v !== "number") {
    throw new TypeError(`${name}: expected ${what} to be a number, got ${describe(v)}`);
  }
  if (!Number.isFinite(v)) {
    throw new RangeError(`${name}: expected ${what} to be finite, got ${v}`);
  }
}

/**
 * An integer named `what` in `name`'s messages.
 *
 * @example
 * ```ts
 * checkInteger("RandomState.randint", "low", 3); // fine
 * ```
 */
export function checkInteger(name: string, what: string, v: unknown): asserts v is number {
  if (typeof v !== "number") {
    throw new TypeError(`${name}: expected ${what} to be an integer, got ${describe(v)}`);
  }
  if (!Number.isInteger(v)) {
    throw new RangeError(`${name}: expected ${what} to be an integer, got ${v}`);
  }
}

/**
 * A shape given as one number or a list, as a list.
 *
 * @example
 * ```ts
 * shapeList(3); // [3]
 * ```
 */
export function shapeList(shape: number | readonly number[]): readonly number[] {
  return typeof shape === "number" ? [shape] : shape;
}

/**
 * Product of a shape's dimensions, each a non-negative integer, checked against
 * `MAX_ELEMENTS` before anything is allocated.
 *
 * @example
 * ```ts
 * sizeOf("RandomState.randn", [2, 3]); // 6
 * ```
 */
export function sizeOf(name: string, shape: readonly number[]): number {
  if (!Array.isArray(shape)) {
    throw new TypeError(
      `${name}: expected shape to be a number or an array of numbers, got ${describe(shape)}`,
    );
  }
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new RangeError(
        `${name}: expected shape[${i}] to be a non-negative integer, got ${describe(d)} (shape [${shape.join(", ")}])`,
      );
    }
    size *= d;
  }
  // A zero dimension empties the shape even when the others overflow (Infinity * 0 is NaN).
  if (shape.includes(0)) size = 0;
  checkElementCount(name, `shape [${shape.join(", ")}]`, size);
  return size;
}

/**
 * Validates a {@link RandomStateSnapshot} for `setState`: 624 uint32 words, pos in 0..624,
 * boolean hasGauss, finite cachedGaussian, and a key that is not degenerate.
 *
 * @example
 * ```ts
 * const { key, pos } = checkSnapshot(new RandomState(1).getState(), "RandomState.setState");
 * ```
 */
export function checkSnapshot(state: unknown, name: string): RandomStateSnapshot {
  if (state === null || typeof state !== "object") {
    throw new TypeError(`${name}: expected a state object, got ${describe(state)}`);
  }
  const { key, pos, hasGauss, cachedGaussian } = state as Partial<RandomStateSnapshot>;
  if (!Array.isArray(key) || key.length !== N) {
    throw new RangeError(
      `${name}: expected key to be an array of ${N} integers, got ${describe(key)}`,
    );
  }
  for (let i = 0; i < N; i++) {
    const w = key[i];
    if (typeof w !== "number" || !Number.isInteger(w) || w < 0 || w >= TWO_POW_32) {
      throw new RangeError(
        `${name}: expected key[${i}] to be an integer 0..2**32-1, got ${describe(w)}`,
      );
    }
  }
  if (typeof pos !== "number" || !Number.isInteger(pos) || pos < 0 || pos > N) {
    throw new RangeError(`${name}: expected pos to be an integer 0..${N}, got ${describe(pos)}`);
  }
  if (typeof hasGauss !== "boolean") {
    throw new TypeError(`${name}: expected hasGauss to be a boolean, got ${describe(hasGauss)}`);
  }
  if (typeof cachedGaussian !== "number" || !Number.isFinite(cachedGaussian)) {
    throw new RangeError(
      `${name}: expected cachedGaussian to be a finite number, got ${describe(cachedGaussian)}`,
    );
  }
  // MT19937's state is the top bit of key[0] and the 623 words after it: when all are zero the
  // generator only ever outputs 0 after the words still unread (and randn would loop for
  // ever). Seeding never produces it (init_by_array forces that top bit).
  let live = (key[0] as number) >= 0x80000000;
  for (let i = 1; !live && i < N; i++) live = key[i] !== 0;
  if (!live) {
    throw new RangeError(
      `${name}: key is degenerate (key[1..623] are all 0 and key[0] is below 2**31), so the generator would only ever output 0; pass a state from getState()`,
    );
  }
  return { key, pos, hasGauss, cachedGaussian };
}
