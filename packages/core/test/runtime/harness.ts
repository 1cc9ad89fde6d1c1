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
