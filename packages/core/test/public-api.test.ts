// The root entry point is the user's API; the engine's internals and validation helpers are
// behind "@plainnet/core/engine" only (one place for each symbol).
import { describe, expect, it } from "vitest";
import * as engine from "../src/engine.ts";
import * as core from "../src/index.ts";

const INTERNALS = [
  "NONE",
  "NO_EPILOGUE",
  "fusedActivations",
  "fusedForward32",
  "fusedLosses",
  "powInt",
  "checkRange",
  "normalizeFitOptions",
  "checkDatasetInfo",
  "FusedTrainer",
  "ParallelTrainer",
  "createKernels",
  "jsKernels",
  "wasmKernels",
  "checkElementCount",
  "describe",
  "decodeNetwork",
  "encodeNetwork",
];

const USER_API = [
  "Network",
  "train",
  "trainParallel",
  "initLayers",
  "fullForwardPropagation",
  "fullBackwardPropagation",
  "update",
  "Matrix",
  "RandomState",
  "StandardScaler",
  "MinMaxScaler",
  "classificationReport",
  "confusionMatrix",
  "rocAucScore",
  "r2Score",
  "TrainingDivergedError",
  "InvalidModelError",
  "MAX_ELEMENTS",
  "gradCheck",
];

describe("public API", () => {
  it("keeps engine internals out of the root entry point", () => {
    const leaked = INTERNALS.filter((name) => name in core);
    expect(leaked).toEqual([]);
  });

  it("exposes every internal from @plainnet/core/engine", () => {
    const missing = INTERNALS.filter((name) => !(name in engine));
    expect(missing).toEqual([]);
  });

  it("exports the user's API from the root entry point", () => {
    const missing = USER_API.filter((name) => !(name in core));
    expect(missing).toEqual([]);
  });

  it("exports each value from one entry point only", () => {
    const both = Object.keys(engine).filter((name) => name in core);
    expect(both).toEqual([]);
  });
});
