import { Matrix } from "../../src/matrix.ts";
import { RandomState } from "../../src/random.ts";

/**
 * A runner-free test harness for the determinism checks that must give the same bits under
 * Node (tsx), Bun and Deno. Each check throws on failure. No runtime-specific APIs are used.
 */
export interface RuntimeCheck {
  readonly name: string;
  run(): void | Promise<void>;
}

/** Runs every check, prints one line per failure and a closing `N passed, N failed` line. */
export async function runChecks(runtime: string, checks: readonly RuntimeCheck[]): Promise<number> {
  let passed = 0;
  let failed = 0;
  for (const check of checks) {
    try {
      await check.run();
      passed++;
    } catch (error) {
      failed++;
      console.log(`FAIL [${runtime}] ${check.name}: ${(error as Error).message}`);
    }
  }
  console.log(`determinism (${runtime}): ${passed} passed, ${failed} failed`);
  return failed;
}

/** Throws with `message` unless `cond`. */
export function assert(cond: boolean, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

/** True when a and b are the same float64 (bitwise; NaN equals NaN, 0 differs from -0). */
export function sameBits(a: number, b: number): boolean {
  return Object.is(a, b);
}

/**
 * FNV-1a (32-bit, hex) over the little-endian float64 bytes of every parameter, layer by layer
 * (W, then b): printed as `hash <name> <hex>` and compared across runtimes by
 * scripts/runtimes.mjs, never against a stored constant.
 */
export function hashParams(params: readonly { W: Matrix; b: Matrix }[]): string {
  let h = 0x811c9dc5;
  const bytes = new DataView(new ArrayBuffer(8));
  for (const p of params) {
    for (const m of [p.W, p.b]) {
      for (const v of m.data) {
        bytes.setFloat64(0, v, true);
        for (let k = 0; k < 8; k++) {
          h ^= bytes.getUint8(k);
          h = Math.imul(h, 0x01000193) >>> 0;
        }
      }
    }
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * Two noisy classes split by a parabola (moons-like), drawn from `RandomState(seed)`: X is
 * 2 x n (features x samples), Y is 1 x n.
 */
export function moonsLike(seed: number, n: number): [Matrix, Matrix] {
  const rng = new RandomState(seed);
  const X = new Matrix(2, n);
  const Y = new Matrix(1, n);
  for (let j = 0; j < n; j++) {
    const a = rng.uniform(-1.5, 1.5);
    const b = rng.uniform(-1.5, 1.5) + 0.1 * rng.randn();
    X.data[j] = a;
    X.data[n + j] = b;
    Y.data[j] = b > 0.5 * a * a - 0.5 ? 1 : 0;
  }
  return [X, Y];
}
