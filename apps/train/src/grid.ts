import {
  type Architecture,
  fullForwardPropagation,
  type LayerInput,
  Matrix,
  type Params,
} from "@plainnet/core";

/** A rectangle of the plane. */
export interface Bounds {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/**
 * Values sampled on a regular `nx x ny` lattice of nodes spanning `bounds` edge to edge:
 * node (i, j) is at `x = xMin + i·(xMax−xMin)/(nx−1)`, `y = yMin + j·(yMax−yMin)/(ny−1)`
 * (j = 0 is the bottom row) and its value is `values[j·nx + i]`.
 */
export interface ProbabilityGrid {
  readonly nx: number;
  readonly ny: number;
  readonly bounds: Bounds;
  readonly values: Float64Array;
}

/** A labelled point of the plane (label 0 or 1). */
export interface LabelledPoint {
  readonly x: number;
  readonly y: number;
  readonly label: number;
}

/**
 * The points' bounding box grown by `margin` times its size on every side (at least 0.1), as the
 * notebook's plots leave room around the data.
 *
 * @example
 * ```ts
 * dataBounds([{ x: 0, y: 0, label: 0 }, { x: 1, y: 2, label: 1 }], 0.1);
 * // { xMin: -0.1, xMax: 1.1, yMin: -0.2, yMax: 2.2 }
 * ```
 */
export function dataBounds(points: readonly LabelledPoint[], margin = 0.1): Bounds {
  if (points.length === 0) throw new RangeError("dataBounds: expected at least one point, got 0");
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    xMin = Math.min(xMin, p.x);
    xMax = Math.max(xMax, p.x);
    yMin = Math.min(yMin, p.y);
    yMax = Math.max(yMax, p.y);
  }
  const padX = Math.max(0.1, (xMax - xMin) * margin);
  const padY = Math.max(0.1, (yMax - yMin) * margin);
  return { xMin: xMin - padX, xMax: xMax + padX, yMin: yMin - padY, yMax: yMax + padY };
}

/**
 * Bounds whose lattice nodes sit at the centres of `cols x rows` equal cells covering `outer`
 * (for pixel-like sampling, e.g. the terminal plot).
 *
 * @example
 * ```ts
 * cellCentreBounds({ xMin: 0, xMax: 4, yMin: 0, yMax: 2 }, 4, 2); // { xMin: 0.5, xMax: 3.5, yMin: 0.5, yMax: 1.5 }
 * ```
 */
export function cellCentreBounds(outer: Bounds, cols: number, rows: number): Bounds {
  const dx = (outer.xMax - outer.xMin) / cols;
  const dy = (outer.yMax - outer.yMin) / rows;
  return {
    xMin: outer.xMin + dx / 2,
    xMax: outer.xMax - dx / 2,
    yMin: outer.yMin + dy / 2,
    yMax: outer.yMax - dy / 2,
  };
}

/**
 * Samples `f(x, y)` on the lattice of {@link ProbabilityGrid}.
 *
 * @example
 * ```ts
 * const g = sampleGrid((x, y) => (x > y ? 1 : 0), { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, 3, 3);
 * g.values[2]; // 1 (x = 1, y = 0)
 * ```
 */
export function sampleGrid(
  f: (x: number, y: number) => number,
  bounds: Bounds,
  nx: number,
  ny: number,
): ProbabilityGrid {
  checkLattice(nx, ny, "sampleGrid");
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      values[j * nx + i] = f(nodeX(bounds, nx, i), nodeY(bounds, ny, j));
    }
  }
  return { nx, ny, bounds, values };
}

/**
 * The network's output (probability of class 1) on the lattice, in one forward pass over all
 * nodes (as the notebook's `full_forward_propagation(np.transpose(grid_2d), ...)`).
 *
 * @example
 * ```ts
 * const grid = predictGrid(params, arch, dataBounds(points), 100, 80);
 * ```
 */
export function predictGrid(
  params: Params,
  architecture: readonly LayerInput[] | Architecture,
  bounds: Bounds,
  nx: number,
  ny: number,
): ProbabilityGrid {
  checkLattice(nx, ny, "predictGrid");
  const n = nx * ny;
  const X = new Matrix(2, n);
  for (let j = 0; j < ny; j++) {
    const y = nodeY(bounds, ny, j);
    for (let i = 0; i < nx; i++) {
      X.data[j * nx + i] = nodeX(bounds, nx, i);
      X.data[n + j * nx + i] = y;
    }
  }
  const { output } = fullForwardPropagation(X, params, architecture);
  return { nx, ny, bounds, values: output.data.slice(0, n) };
}

function checkLattice(nx: number, ny: number, where: string): void {
  for (const [name, v] of [
    ["nx", nx],
    ["ny", ny],
  ] as const) {
    if (!Number.isInteger(v) || v < 2) {
      throw new RangeError(`${where}: ${name} must be an integer >= 2, got ${v}`);
    }
  }
}

/**
 * x of lattice column i.
 *
 * @example
 * ```ts
 * nodeX({ xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, 5, 2); // 0.5
 * ```
 */
export function nodeX(bounds: Bounds, nx: number, i: number): number {
  return bounds.xMin + ((bounds.xMax - bounds.xMin) * i) / (nx - 1);
}

/**
 * y of lattice row j (j = 0 at the bottom).
 *
 * @example
 * ```ts
 * nodeY({ xMin: 0, xMax: 1, yMin: -1, yMax: 1 }, 3, 0); // -1
 * ```
 */
export function nodeY(bounds: Bounds, ny: number, j: number): number {
  return bounds.yMin + ((bounds.yMax - bounds.yMin) * j) / (ny - 1);
}
