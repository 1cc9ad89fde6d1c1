// Every MatrixBackend that must pass the conformance and parity suites: adding a backend is
// adding it to the array below.
import type { MatrixBackend } from "../src/index.ts";
import { typedArrayBackend, wasmBackend } from "../src/index.ts";
import { mathjsBackend } from "../src/mathjs.ts";

/** A backend under test; `describe.each(backends)("$name", ...)` names a suite after it. */
export interface BackendCase {
  readonly name: string;
  readonly backend: MatrixBackend<unknown>;
}

const list: readonly MatrixBackend<unknown>[] = [typedArrayBackend, mathjsBackend, wasmBackend];

export const backends: readonly BackendCase[] = list.map((backend) => ({
  name: backend.name,
  backend,
}));
