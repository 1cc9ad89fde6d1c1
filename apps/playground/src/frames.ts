// The replay's frames: the weights at regular epochs, drawn when the page asks for them.

/** The most replay frames kept (then every other one is dropped and the interval doubles). */
export const MAX_FRAMES = 120;
/** The most parameter values all kept frames may hold together (fewer frames for big nets). */
export const FRAME_BUDGET = 4_000_000;

/**
 * How many frames a network of `parameters` values keeps: {@link MAX_FRAMES}, fewer when
 * they would exceed {@link FRAME_BUDGET} values, at least 8.
 *
 * @example
 * ```ts
 * maxFrames(4_000); // 120
 * maxFrames(200_000); // 20
 * ```
 */
export function maxFrames(parameters: number): number {
  return Math.max(8, Math.min(MAX_FRAMES, Math.floor(FRAME_BUDGET / Math.max(1, parameters))));
}
