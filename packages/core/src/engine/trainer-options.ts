/** Options of a {@link FusedTrainer}. */
export interface FusedTrainerOptions {
  /**
   * Skip the rows and columns of dead ReLU units (default `true`): a hidden ReLU unit whose
   * output is exactly 0 for every sample of the batch contributes only exact zeros to the next
   * layer's products and to the backward pass, so the engine multiplies compacted matrices
   * without it. A unit dead in one pass is not even computed in the next when a bound on its
   * inputs proves it still dead (its weights got zero gradients, so they have not moved); and
   * when every unit of a layer is dead, every gradient at or below it is +0 and is not
   * computed either. The results are the same bits as with `false` (see `FusedTrainer`).
   */
  readonly skipDeadUnits?: boolean;
}

/** Cost and accuracy of one fused epoch, measured before its update. */
export interface FusedEpochStats {
  readonly cost: number;
  readonly accuracy: number;
}
