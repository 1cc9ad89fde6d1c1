/**
 * A mistake in the command line (unknown flag, bad value). The CLI prints its message on one
 * line and exits with code 2, without a stack trace.
 *
 * @example
 * ```ts
 * throw new UsageError('--epochs must be a positive integer, got "-5"');
 * ```
 */
export class UsageError extends Error {
  override readonly name: string = "UsageError";
}

/**
 * Exit code of a usage error (as most Unix tools).
 *
 * @example
 * ```ts
 * main(currentRuntime()) === USAGE_EXIT_CODE; // a bad command line
 * ```
 */
export const USAGE_EXIT_CODE = 2;

/**
 * The one line printed for a usage error.
 *
 * @example
 * ```ts
 * usageErrorLine(new UsageError("unknown flag --foo")); // "train: unknown flag --foo (see --help)"
 * ```
 */
export function usageErrorLine(error: UsageError): string {
  return `train: ${error.message} (see --help)`;
}

/**
 * The `--help` text.
 *
 * @example
 * ```ts
 * usageText().startsWith("usage:"); // true
 * ```
 */
export function usageText(): string {
  return `usage: deno run train.ts [options]
       (also: pnpm train [options], npx tsx train.ts [options], bun train.ts [options])

Trains a fully connected network on a 2-D toy dataset with full-batch gradient descent,
as the "neural network in plain NumPy" notebook does (or, with --optimizer, --batch-size or
--init, with the core's Network.fit). With no options it runs the notebook's
experiment (moons, 2-25-50-50-25-1, 10,000 epochs) and should reach test accuracy 0.98.

data
  --dataset NAME      moons | circles | blobs | circle | xor | gauss | spiral   (moons)
  --samples N         number of samples                                         (1000)
  --noise X           noise of the generator (>= 0)                (0.2; per dataset)
  --test-size F       fraction held out for testing, 0 < F < 1                  (0.1)
  --data-seed N       seed of the dataset generator                              (100)
  --split-seed N      seed of the train/test shuffle                              (42)

network and training
  --arch SIZES        layer sizes, comma separated; first = 2 features, last = 1
                                                                  (2,25,50,50,25,1)
  --activation NAME   hidden activation: relu | tanh | sigmoid | leakyRelu | linear (relu)
                      (the output layer is always sigmoid)
  --loss NAME         bce | mse                                                  (bce)
  --epochs N          passes over the training data                            (10000)
  --lr X              learning rate                                             (0.01)
  --seed N            seed of the weight initialisation                            (2)
  --optimizer NAME    sgd | momentum | nesterov | adam | rmsprop                 (sgd)
                      (sgd: plain gradient descent, the notebook's)
  --batch-size N      samples per step, 1..training samples                     (full)
  --momentum X        momentum of momentum / nesterov, 0 <= X < 1               (0.9)
  --init NAME         weight initialisation: notebook | glorotUniform | heNormal
                      (notebook: randn · 0.1)                              (notebook)
  --engine NAME       auto | wasm | js | reference: what trains                 (auto)
                      (auto: the fused engine on WebAssembly SIMD where available,
                      else on JS typed arrays; reference: the generic per-op path;
                      in float64 all give the same numbers bit for bit)
  --dtype NAME        float64 | float32: element type of the fused engine    (float64)
                      (float32: faster on wasm, close to float64 but not bitwise;
                      not with --engine reference)
  --threads N         threads for the notebook's loop, 1..64 (trainParallel)       (1)
                      (each epoch's batch split over worker threads; deterministic
                      for a given N; under Deno: deno run --allow-read train.ts)

output
  --out DIR           write boundary.svg, history.svg and model.json into DIR
                      (checked before training; under Deno:
                      deno run -R=DIR -W=DIR train.ts --out DIR)
  --frames N          also write the boundary at N moments of training:
                      DIR/training.svg (animated) and DIR/frames/frame-NNN.svg
  --json              print one JSON summary on stdout and nothing else
  --log-every N       epochs between log lines when stdout is not a terminal  (auto)
  --width N           width of the terminal plot in columns                   (auto)
  --no-plot           do not draw the decision boundary in the terminal
  --no-color          no ANSI colours (also: NO_COLOR=1, or stdout not a terminal)
  -h, --help          show this help

exit codes: 0 done, 1 training failed (e.g. diverged), 2 bad command line
`;
}
