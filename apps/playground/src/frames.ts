// The replay's frames: the output map at regular epochs.

/** Grid size of the replay's frames. */
export const FRAME_SIZE = 32;
/** The most replay frames kept (then every other one is dropped and the interval doubles). */
export const MAX_FRAMES = 120;

/**
 * One replay frame: the output map (FRAME_SIZE², channels per cell) after `epoch` epochs.
 *
 * @example
 * ```ts
 * const f: Frame = { epoch: 0, output: new Float32Array(FRAME_SIZE * FRAME_SIZE) };
 * ```
 */
export interface Frame {
  readonly epoch: number;
  readonly output: Float32Array;
}
