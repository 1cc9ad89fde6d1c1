// Measures plainnet's WebAssembly gemm ceiling in a process of its own (one per runtime), so
// that no other job's JIT or heap state touches it.
// Usage: <runtime> src/ceiling-worker.ts JOB.json — writes GemmMeasurement[] to the job's resultFile.
import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";
import { type CeilingJob, type GemmMeasurement, measureWasmGemm } from "./ceiling.ts";

const file = process.argv[2];
if (!file)
  throw new RangeError("ceiling-worker: expected the path of a job file as the only argument");
const job = JSON.parse(readFileSync(file, "utf8")) as CeilingJob & { resultFile: string };
const out: GemmMeasurement[] = job.sizes.flatMap((n) =>
  (["float64", "float32"] as const).map((dtype) => measureWasmGemm(dtype, n, job.repeats)),
);
writeFileSync(job.resultFile, JSON.stringify(out));
process.exit(0);
