/**
 * `RandomState`: a bit-for-bit port of NumPy's legacy `numpy.random.RandomState` stream
 * (MT19937 with NumPy's legacy seeding, 53-bit doubles, polar Box–Muller Gaussians with the
 * cached second value, mask-rejection bounded integers).
 *
 * The Gaussian uses plainnet's own `log` (libm) rather than `Math.log`, so its bits do not
 * depend on the JavaScript engine.
 */

import { log } from "./libm/log.ts";
import { checkElementCount } from "./limits.ts";
import { describe } from "./matrix.ts";
import {
  checkFinite,
  checkInteger,
  checkSeedWord,
  checkSnapshot,
  shapeList,
  sizeOf,
} from "./random-checks.ts";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const INT32_MIN = -2147483648;
const INT32_LIMIT = 2147483648; // randint's exclusive upper bound may be at most 2**31.

/**
 * The complete generator state: a plain JSON-serialisable object. `key` and `pos` are the
 * MT19937 state (as in NumPy's `get_state()[1]` and `[2]`); `hasGauss` and `cachedGaussian`
 * are the legacy Gaussian's cached second value (NumPy's `[3]` and `[4]`).
 *
 * @example
 * ```ts
 * const snapshot: RandomStateSnapshot = new RandomState(0).getState();
 * JSON.stringify(snapshot).length > 0; // true
 * ```
 */
export interface RandomStateSnapshot {
  /** 624 unsigned 32-bit integers. */
  key: number[];
  /** Index of the next word of `key` to temper, 0..624 (624: regenerate first). */
  pos: number;
  /** Whether a second Gaussian is cached for the next draw. */
  hasGauss: boolean;
  /** The cached Gaussian (0 when `hasGauss` is false and nothing was cached). */
  cachedGaussian: number;
}

/**
 * Every typed array `shuffleInPlace` accepts.
 *
 * @example
 * ```ts
 * const a: NumericTypedArray = new Float64Array([1, 2, 3]);
 * ```
 */
export type NumericTypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * NumPy's legacy `RandomState`, bit for bit: the same seed gives the same `random_sample`,
 * `randn`/`standard_normal`, `normal`, `uniform`, `randint`, `permutation` and `shuffle`
 * values as NumPy (whose RandomState has kept the v1.16 stream frozen since 1.17).
 *
 * Seeding follows NumPy: an integer seed 0..2**32-1 uses MT19937's `init_genrand`; an array of
 * such integers uses `init_by_array`; no seed draws 624 words from `crypto.getRandomValues`
 * (non-deterministic) and uses `init_by_array`.
 *
 * @example
 * ```ts
 * const rng = new RandomState(42);
 * rng.randn(); // 0.4967141530112327, as np.random.RandomState(42).randn()
 * rng.permutation(5); // a shuffled [0, 1, 2, 3, 4]
 * ```
 */
export class RandomState {
  #key: Uint32Array = new Uint32Array(N);
  #pos = N;
  #hasGauss = false;
  #gauss = 0;

  /**
   * Creates a generator. `seed` is an integer 0..2**32-1 or a non-empty array of them;
   * omitted, the generator is seeded from a non-deterministic source.
   *
   * @example
   * ```ts
   * const a = new RandomState(0);
   * const b = new RandomState(); // non-deterministic
   * ```
   */
  constructor(seed?: number | readonly number[]) {
    this.seed(seed);
  }

  /**
   * Re-seeds in place, exactly as NumPy's `RandomState.seed` (also clears the cached Gaussian).
   *
   * @example
   * ```ts
   * const rng = new RandomState(1);
   * rng.seed(0); // now the same stream as new RandomState(0)
   * ```
   */
  seed(seed?: number | readonly number[]): void {
    if (seed === undefined) {
      const words = new Uint32Array(N);
      globalThis.crypto.getRandomValues(words);
      this.#initByArray(words);
    } else if (typeof seed === "number") {
      checkSeedWord("RandomState: seed", seed);
      this.#initGenrand(seed);
    } else if (Array.isArray(seed)) {
      if (seed.length === 0) {
        throw new RangeError("RandomState: a seed array must not be empty, got an empty array");
      }
      const words = new Uint32Array(seed.length);
      for (let i = 0; i < seed.length; i++) {
        const w = seed[i];
        checkSeedWord(`RandomState: seed[${i}]`, w);
        words[i] = w as number;
      }
      this.#initByArray(words);
    } else {
      throw new TypeError(
        `RandomState: expected seed to be an integer 0..2**32-1, an array of them or undefined, got ${describe(seed)}`,
      );
    }
    this.#hasGauss = false;
    this.#gauss = 0;
  }

  /**
   * Uniform doubles in [0, 1) with 53 random bits (NumPy's `random_sample`/`rand`): one
   * number without arguments, else a flat row-major `Float64Array` of the shape's size.
   *
   * @example
   * ```ts
   * new RandomState(0).randomSample(); // 0.5488135039273248
   * new RandomState(0).randomSample(2, 3).length; // 6
   * ```
   */
  randomSample(): number;
  randomSample(...shape: number[]): Float64Array;
  randomSample(...shape: number[]): number | Float64Array {
    if (shape.length === 0) return this.#double();
    const out = new Float64Array(sizeOf("RandomState.randomSample", shape));
    for (let i = 0; i < out.length; i++) out[i] = this.#double();
    return out;
  }

  /**
   * Standard normal draws (NumPy's `randn`): one number without arguments, else a flat
   * row-major `Float64Array` of the shape's size.
   *
   * @example
   * ```ts
   * new RandomState(0).randn(); // 1.764052345967664
   * new RandomState(0).randn(2, 3).length; // 6
   * ```
   */
  randn(): number;
  randn(...shape: number[]): Float64Array;
  randn(...shape: number[]): number | Float64Array {
    return this.#gaussians("RandomState.randn", shape);
  }

  /**
   * Standard normal draws (NumPy's `standard_normal`); identical to {@link RandomState.randn}.
   *
   * @example
   * ```ts
   * new RandomState(0).standardNormal(3).length; // 3
   * ```
   */
  standardNormal(): number;
  standardNormal(...shape: number[]): Float64Array;
  standardNormal(...shape: number[]): number | Float64Array {
    return this.#gaussians("RandomState.standardNormal", shape);
  }

  /**
   * Normal draws `loc + scale * gauss` (NumPy's legacy `normal`). `scale` must be >= 0.
   * Returns a number when `shape` is omitted, else a flat row-major `Float64Array`.
   *
   * @example
   * ```ts
   * new RandomState(0).normal(1.5, 0.25, 3).length; // 3
   * new RandomState(0).normal(); // 1.764052345967664
   * ```
   */
  normal(loc?: number, scale?: number): number;
  normal(
    loc: number | undefined,
    scale: number | undefined,
    shape: number | readonly number[],
  ): Float64Array;
  normal(loc = 0, scale = 1, shape?: number | readonly number[]): number | Float64Array {
    checkFinite("RandomState.normal", "loc", loc);
    checkFinite("RandomState.normal", "scale", scale);
    if (scale < 0) {
      throw new RangeError(`RandomState.normal: expected scale >= 0, got ${scale}`);
    }
    if (shape === undefined) return loc + scale * this.#gauss1();
    const out = new Float64Array(sizeOf("RandomState.normal", shapeList(shape)));
    for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.#gauss1();
    return out;
  }

  /**
   * Uniform draws `low + (high - low) * randomSample()` (NumPy's legacy `uniform`), in
   * [low, high). Returns a number when `shape` is omitted, else a flat row-major `Float64Array`.
   *
   * @example
   * ```ts
   * new RandomState(0).uniform(-10, 10, 3).length; // 3
   * ```
   */
  uniform(low?: number, high?: number): number;
  uniform(
    low: number | undefined,
    high: number | undefined,
    shape: number | readonly number[],
  ): Float64Array;
  uniform(low = 0, high = 1, shape?: number | readonly number[]): number | Float64Array {
    checkFinite("RandomState.uniform", "low", low);
    checkFinite("RandomState.uniform", "high", high);
    const range = high - low;
    if (!Number.isFinite(range)) {
      throw new RangeError(
        `RandomState.uniform: high - low overflows (low ${low}, high ${high}), expected a finite range`,
      );
    }
    if (shape === undefined) return low + range * this.#double();
    const out = new Float64Array(sizeOf("RandomState.uniform", shapeList(shape)));
    for (let i = 0; i < out.length; i++) out[i] = low + range * this.#double();
    return out;
  }

  /**
   * Integers in [low, high) with NumPy's legacy `randint` semantics: `randint(n)` draws from
   * [0, n); the bounded draw masks 32-bit words and rejects values past the range. Bounds are
   * limited to the int32 range (low >= -2**31, high <= 2**31). Returns a number when `shape`
   * is omitted, else a flat row-major `Int32Array`.
   *
   * @example
   * ```ts
   * new RandomState(5).randint(7); // an integer in [0, 7)
   * new RandomState(5).randint(-3, 10, 6).length; // 6
   * ```
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, shape: number | readonly number[]): Int32Array;
  randint(low: number, high?: number, shape?: number | readonly number[]): number | Int32Array {
    const name = "RandomState.randint";
    if (high === undefined) {
      high = low;
      low = 0;
    }
    checkInteger(name, "low", low);
    checkInteger(name, "high", high);
    if (low >= high) {
      throw new RangeError(`${name}: expected low < high, got low ${low} and high ${high}`);
    }
    if (low < INT32_MIN || high > INT32_LIMIT) {
      throw new RangeError(
        `${name}: bounds must lie in the int32 range [-2**31, 2**31], got low ${low} and high ${high}`,
      );
    }
    const range = high - 1 - low; // <= 2**32 - 1
    if (shape === undefined) return low + this.#bounded(range);
    const out = new Int32Array(sizeOf(name, shapeList(shape)));
    for (let i = 0; i < out.length; i++) out[i] = low + this.#bounded(range);
    return out;
  }

  /**
   * NumPy's `permutation`: for a number `n`, a shuffled `[0, 1, ..., n-1]`; for an array, a
   * shuffled copy (the input is not modified).
   *
   * @example
   * ```ts
   * new RandomState(0).permutation(12); // [6, 11, 4, 10, 2, 8, 1, 7, 9, 3, 0, 5]
   * new RandomState(0).permutation(["a", "b", "c"]); // a shuffled copy
   * ```
   */
  permutation(n: number): number[];
  permutation<T>(array: readonly T[]): T[];
  permutation<T>(x: number | readonly T[]): number[] | T[] {
    if (typeof x === "number") {
      if (!Number.isInteger(x) || x < 0) {
        throw new RangeError(`RandomState.permutation: expected a non-negative integer, got ${x}`);
      }
      checkElementCount("RandomState.permutation", `a permutation of ${x}`, x);
      const out = new Array<number>(x);
      for (let i = 0; i < x; i++) out[i] = i;
      this.shuffleInPlace(out);
      return out;
    }
    if (!Array.isArray(x)) {
      throw new TypeError(
        `RandomState.permutation: expected a non-negative integer or an array, got ${describe(x)}`,
      );
    }
    const copy = x.slice() as T[];
    this.shuffleInPlace(copy);
    return copy;
  }

  /**
   * Shuffles an array or typed array in place with NumPy's legacy `shuffle` (Fisher–Yates from
   * the end: for i = n-1 down to 1, swap i with a bounded draw j in [0, i]).
   *
   * @example
   * ```ts
   * const a = [1, 2, 3, 4];
   * new RandomState(0).shuffleInPlace(a); // a is now shuffled
   * ```
   */
  shuffleInPlace<T>(array: T[] | NumericTypedArray): void {
    if (!Array.isArray(array) && !(ArrayBuffer.isView(array) && !(array instanceof DataView))) {
      throw new TypeError(
        `RandomState.shuffleInPlace: expected an array or a typed array, got ${describe(array)}`,
      );
    }
    const a = array as unknown as { [i: number]: unknown; length: number };
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.#bounded(i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /**
   * Alias of {@link RandomState.shuffleInPlace}, named as NumPy's `shuffle`: it MUTATES its
   * argument (NumPy's in-place semantics) and returns nothing.
   *
   * @example
   * ```ts
   * const a = [1, 2, 3];
   * new RandomState(0).shuffle(a); // a is now shuffled
   * ```
   */
  shuffle<T>(array: T[] | NumericTypedArray): void {
    this.shuffleInPlace(array);
  }

  /**
   * A snapshot of the full state (a plain JSON-serialisable object); restoring it with
   * {@link RandomState.setState} resumes the exact stream, cached Gaussian included.
   *
   * @example
   * ```ts
   * const rng = new RandomState(0);
   * const s = rng.getState();
   * const a = rng.randn();
   * rng.setState(s);
   * rng.randn() === a; // true
   * ```
   */
  getState(): RandomStateSnapshot {
    return {
      key: Array.from(this.#key),
      pos: this.#pos,
      hasGauss: this.#hasGauss,
      cachedGaussian: this.#gauss,
    };
  }

  /**
   * Restores a state from {@link RandomState.getState} (validated: 624 uint32 words, pos in
   * 0..624, boolean hasGauss, finite cachedGaussian). A degenerate key (one that would make the
   * generator output only zeros: key[1..623] all 0 and key[0] below 2**31) is a `RangeError`.
   *
   * @example
   * ```ts
   * const rng = new RandomState(0);
   * rng.setState(new RandomState(1).getState()); // now the same stream as seed 1
   * ```
   */
  setState(state: RandomStateSnapshot): void {
    const { key, pos, hasGauss, cachedGaussian } = checkSnapshot(state, "RandomState.setState");
    this.#key.set(key);
    this.#pos = pos;
    this.#hasGauss = hasGauss;
    this.#gauss = cachedGaussian;
  }

  // --- MT19937 -------------------------------------------------------------------------

  /** MT19937 `init_genrand` (NumPy's `mt19937_seed`). */
  #initGenrand(s: number): void {
    const mt = this.#key;
    mt[0] = s;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] as number;
      mt[i] = Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i;
    }
    this.#pos = N;
  }

  /** MT19937 `init_by_array` (reference algorithm, as NumPy's array seeding). */
  #initByArray(initKey: Uint32Array): void {
    const mt = this.#key;
    this.#initGenrand(19650218);
    const len = initKey.length;
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = mt[i - 1] as number;
      const mixed = ((mt[i] as number) ^ Math.imul((prev ^ (prev >>> 30)) >>> 0, 1664525)) >>> 0;
      mt[i] = mixed + (initKey[j] as number) + j; // Uint32Array storage reduces mod 2**32
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] as number;
      const mixed = ((mt[i] as number) ^ Math.imul((prev ^ (prev >>> 30)) >>> 0, 1566083941)) >>> 0;
      mt[i] = mixed - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.#pos = N;
  }

  /** Regenerates the 624-word block. */
  #generate(): void {
    const mt = this.#key;
    let i = 0;
    for (; i < N - 1; i++) {
      const y = ((mt[i] as number) & UPPER_MASK) | ((mt[i + 1] as number) & LOWER_MASK);
      mt[i] = (mt[(i + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = ((mt[N - 1] as number) & UPPER_MASK) | ((mt[0] as number) & LOWER_MASK);
    mt[N - 1] = (mt[M - 1] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#pos = 0;
  }

  /** Next tempered 32-bit word, as an unsigned integer. */
  #next32(): number {
    if (this.#pos >= N) this.#generate();
    let y = this.#key[this.#pos++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** 53-bit double in [0, 1): (a >> 5) * 2**26 + (b >> 6), over 2**53. */
  #double(): number {
    const a = this.#next32() >>> 5;
    const b = this.#next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Legacy bounded draw in [0, max]: mask to the smallest all-ones >= max, reject above. */
  #bounded(max: number): number {
    if (max === 0) return 0;
    let mask = max >>> 0;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.#next32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** Legacy polar Box–Muller with the cached second value. */
  #gauss1(): number {
    if (this.#hasGauss) {
      const cached = this.#gauss;
      this.#hasGauss = false;
      this.#gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    // A pair is rejected with probability 1 - pi/4 < 0.22: GAUSS_TRIES rejections in a row
    // (probability below 1e-600) only happen to a broken state; never loop for ever.
    let tries = 0;
    do {
      if (++tries > GAUSS_TRIES) {
        throw new RangeError(
          `RandomState.randn: ${GAUSS_TRIES} pairs of draws in a row fell outside the unit disc; the generator state is degenerate`,
        );
      }
      x1 = 2.0 * this.#double() - 1.0;
      x2 = 2.0 * this.#double() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * log(r2)) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }

  #gaussians(name: string, shape: number[]): number | Float64Array {
    if (shape.length === 0) return this.#gauss1();
    const out = new Float64Array(sizeOf(name, shape));
    for (let i = 0; i < out.length; i++) out[i] = this.#gauss1();
    return out;
  }
}

/** Polar Box–Muller attempts before a state is declared broken (see `#gauss1`). */
const GAUSS_TRIES = 1_000_000;
