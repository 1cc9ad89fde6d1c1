import { FusedTrainer, jsKernels, normalizeArchitecture } from "../../src/engine.ts";
import { categoricalCrossEntropy, Matrix, Network } from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

const arch = normalizeArchitecture([
  { input_dim: 2, output_dim: 4, activation: "relu" },
  { input_dim: 4, output_dim: 3, activation: "softmax" },
]);

/** A fused softmax trainer with made-up options (issue 23, item 3). */
const trainerWith = (options: unknown): FusedTrainer =>
  new FusedTrainer(arch, 4, jsKernels("float64"), categoricalCrossEntropy, options as never);

/** Softmax and categorical cross-entropy on the fused engine (issue 23, item 3). */
export const cases: HostileCase[] = [
  {
    name: "FusedTrainer with an unknown accuracy rule",
    run: () => trainerWith({ accuracy: "top5" }),
    error: RangeError,
    message: 'FusedTrainer: options.accuracy must be "threshold" or "argmax", got string "top5"',
    defect: "23.3",
  },
  {
    name: "FusedTrainer with a numeric accuracy rule",
    run: () => trainerWith({ accuracy: 1 }),
    error: TypeError,
    message: /options\.accuracy must be "threshold" or "argmax", got (number )?1/,
    defect: "23.3",
  },
  {
    name: "fused softmax trainer given targets with the wrong number of classes",
    run: () => trainerWith({}).setData(new Matrix(2, 4), new Matrix(2, 4)),
    error: RangeError,
    message: "FusedTrainer.setData: X is 2x4 and Y 2x4, expected 2 and 3 rows",
    defect: "23.3",
  },
  {
    name: "float32 softmax network given a label outside its classes",
    run: () =>
      new Network([2, 4, 3], { dtype: "float32", engine: "js" }).fit(
        [
          [0, 1],
          [1, 0],
        ],
        [0, 7],
        { epochs: 1 },
      ),
    error: RangeError,
    message: /y/,
    defect: "23.3",
  },
];
