import type { HostileCase } from "./case.ts";
import { cases as limits } from "./limits.ts";
import { cases as matrix } from "./matrix.ts";
import { cases as metrics } from "./metrics.ts";
import { cases as preprocessing } from "./preprocessing.ts";

// Every topic's table, in one list. Each topic file exports `cases: HostileCase[]`; add a line
// here for a new file (kept explicit so that Bun and Deno run the same list as vitest).
export const hostileCases: readonly HostileCase[] = [
  ...limits,
  ...matrix,
  ...metrics,
  ...preprocessing,
];
