import type { HostileCase } from "./case.ts";
import { cases as engineOps } from "./engine-ops.ts";
import { cases as fitBatches } from "./fit-batches.ts";
import { cases as fitSession } from "./fit-session.ts";
import { cases as fusedSoftmax } from "./fused-softmax.ts";
import { cases as gemmBlocking } from "./gemm-blocking.ts";
import { cases as limits } from "./limits.ts";
import { cases as matrix } from "./matrix.ts";
import { cases as metrics } from "./metrics.ts";
import { cases as modelFile } from "./model-file.ts";
import { cases as network } from "./network.ts";
import { cases as optimizerFlat } from "./optimizer-flat.ts";
import { cases as optimizerRate } from "./optimizer-rate.ts";
import { cases as parallel } from "./parallel.ts";
import { cases as preprocessing } from "./preprocessing.ts";
import { cases as random } from "./random.ts";
import { cases as training } from "./training.ts";

// Every topic's table, in one list. Each topic file exports `cases: HostileCase[]`; add a line
// here for a new file (kept explicit so that Bun and Deno run the same list as vitest).
export const hostileCases: readonly HostileCase[] = [
  ...limits,
  ...matrix,
  ...modelFile,
  ...random,
  ...parallel,
  ...metrics,
  ...network,
  ...preprocessing,
  ...training,
  ...engineOps,
  ...fitBatches,
  ...fusedSoftmax,
  ...optimizerFlat,
  ...optimizerRate,
  ...gemmBlocking,
  ...fitSession,
];
