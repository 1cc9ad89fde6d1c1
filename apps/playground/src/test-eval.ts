// The test set's loss and accuracy after every epoch, on the fused engine where the network
// fuses (a second FusedTrainer holding the test set: in float64 the reference path's bits,
// without its allocations), else with Network.evaluate.
import type { Matrix, Network } from "@plainnet/core";
import { Matrix as MatrixClass } from "@plainnet/core";
import { createKernels, FusedTrainer, fusedUnsupportedReason } from "@plainnet/core/engine";

/**
 * Evaluates a network's current weights on a fixed test set.
 *
 * @example
 * ```ts
 * const test = new TestEvaluator(net, XTest, yTest);
 * test.evaluate(); // { loss, accuracy } (accuracy NaN for regression)
 * ```
 */
export class TestEvaluator {
  readonly #net: Network;
  readonly #X: Matrix;
  readonly #y: readonly number[];
  readonly #trainer: FusedTrainer | null = null;

  /** `X` is samples x features, `y` one target per sample. */
  constructor(net: Network, X: Matrix, y: readonly number[]) {
    this.#net = net;
    this.#X = X;
    this.#y = y;
    const m = X.rows;
    if (m === 0 || fusedUnsupportedReason(net.architecture, net.loss) !== null) return;
    if (net.outputSize !== 1) return;
    const trainer = new FusedTrainer(
      net.architecture,
      m,
      createKernels("auto", "float64", "TestEvaluator"),
      net.loss,
    );
    trainer.setData(X.transpose(), new MatrixClass(1, m, Float64Array.from(y)));
    this.#trainer = trainer;
  }

  /** Test loss and accuracy (NaN for regression) of the network's current weights. */
  evaluate(): { loss: number; accuracy: number } {
    const t = this.#trainer;
    if (t === null) {
      const e = this.#net.evaluate(this.#X, this.#y);
      return { loss: e.loss, accuracy: e.accuracy ?? Number.NaN };
    }
    t.setParams(this.#net.params);
    t.forward();
    const { cost, correct } = t.evaluate();
    return {
      loss: cost,
      accuracy: this.#net.task === "regression" ? Number.NaN : correct / this.#X.rows,
    };
  }
}
