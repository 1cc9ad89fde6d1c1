// A small two-class data set for the Network tests (XOR-like quadrants).
import { RandomState } from "../src/index.ts";

/**
 * XOR-like points: y = 1 when the coordinates have the same sign.
 *
 * @example
 * ```ts
 * const { X, y } = quadrants(64, 21); // 64 points in [-1, 1]², drawn from RandomState(21)
 * ```
 */
export function quadrants(n: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new RandomState(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    X.push([a, b]);
    y.push(a * b > 0 ? 1 : 0);
  }
  return { X, y };
}
