/**
 * One hostile input: what a careless or malicious user might pass, the error class that must
 * come back and a fragment of its message. The same tables run under vitest (Node) and, via
 * `test/runtime/hostile.ts`, under Bun and Deno.
 */
export interface HostileCase {
  /** What is being tried, e.g. `"Network with a 1e9-unit layer"`. */
  readonly name: string;
  /** Calls the API; may return a promise that must reject. */
  readonly run: () => unknown;
  /** The error class that must be thrown (checked with `instanceof`). */
  readonly error: abstract new (
    ...args: never[]
  ) => Error;
  /** A fragment of the message (a RegExp is matched, a string must be contained). */
  readonly message: RegExp | string;
  /** The issue item it guards, e.g. `"21.1"` (optional). */
  readonly defect?: string;
}

/**
 * Runs one case; returns `null` when it behaves, else a description of what went wrong.
 * A case whose `run` returns a promise is awaited; a resolved promise is a failure.
 */
export async function checkCase(c: HostileCase): Promise<string | null> {
  let thrown: unknown;
  let threw = false;
  try {
    await c.run();
  } catch (error) {
    threw = true;
    thrown = error;
  }
  if (!threw) return "no error was thrown";
  if (!(thrown instanceof c.error))
    return `expected ${c.error.name}, got ${(thrown as Error)?.constructor?.name}: ${(thrown as Error)?.message}`;
  const msg = (thrown as Error).message;
  const ok = typeof c.message === "string" ? msg.includes(c.message) : c.message.test(msg);
  return ok ? null : `message ${JSON.stringify(msg)} does not match ${String(c.message)}`;
}
