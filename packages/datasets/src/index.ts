// @plainnet/datasets: re-exports only.
export type { BlobsDataset, BlobsOptions } from "./blobs.ts";
export { makeBlobs } from "./blobs.ts";
export type { CirclesOptions } from "./circles.ts";
export { makeCircles } from "./circles.ts";
export type { Columns } from "./columns.ts";
export { toColumns } from "./columns.ts";
export { fromCSV, toCSV } from "./csv.ts";
export type { MoonsOptions } from "./moons.ts";
export { makeMoons } from "./moons.ts";
export { playgroundCircle } from "./playground/circle.ts";
export type { PlaygroundOptions } from "./playground/common.ts";
export { gaussVariance, playgroundGauss } from "./playground/gauss.ts";
export type { SpiralOptions } from "./playground/spiral.ts";
export { playgroundSpiral } from "./playground/spiral.ts";
export { playgroundXor } from "./playground/xor.ts";
export type { SplitOptions, SplitResult } from "./split.ts";
export { trainTestSplit } from "./split.ts";
export type { Dataset, RandomStateInput } from "./types.ts";
