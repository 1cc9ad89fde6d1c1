import type { ProbabilityGrid } from "./grid.ts";

/** A point in lattice units: `[i, j]`, column and row, possibly fractional. */
export type GridPoint = readonly [number, number];

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly a: GridPoint;
  readonly b: GridPoint;
  /** Both ends are level crossings: the edge lies on the iso-line. */
  readonly iso: boolean;
}

const key = (p: GridPoint): string => `${p[0]},${p[1]}`;

/**
 * Cuts every lattice cell with the region `value >= level` (values linear along cell edges,
 * marching squares) and returns the pieces' edges, counter-clockwise. Cells fully inside only
 * contribute the sides that face a cell that is not fully inside.
 */
function cellEdges(grid: ProbabilityGrid, level: number, onEdge: (e: Edge) => void): void {
  const { nx, ny, values } = grid;
  const v = (i: number, j: number): number => values[j * nx + i] as number;
  const inside = (i: number, j: number): boolean => v(i, j) >= level;
  const full = (i: number, j: number): boolean =>
    i >= 0 &&
    j >= 0 &&
    i < nx - 1 &&
    j < ny - 1 &&
    inside(i, j) &&
    inside(i + 1, j) &&
    inside(i + 1, j + 1) &&
    inside(i, j + 1);
  // The crossing on the lattice edge a -> b, computed from the edge's canonical direction
  // (left to right, bottom to top) so that both cells sharing it get the same bits.
  const crossing = (ai: number, aj: number, bi: number, bj: number): GridPoint => {
    const va = v(ai, aj);
    const f = (level - va) / (v(bi, bj) - va);
    return ai === bi ? [ai, aj + f] : [ai + f, aj];
  };
  const push = (a: GridPoint, b: GridPoint, iso: boolean): void => {
    const from = key(a);
    const to = key(b);
    if (from !== to) onEdge({ from, to, a, b, iso });
  };
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      if (full(i, j)) {
        if (!full(i, j - 1)) push([i, j], [i + 1, j], false);
        if (!full(i + 1, j)) push([i + 1, j], [i + 1, j + 1], false);
        if (!full(i, j + 1)) push([i + 1, j + 1], [i, j + 1], false);
        if (!full(i - 1, j)) push([i, j + 1], [i, j], false);
        continue;
      }
      // Corners counter-clockwise; each side with its canonical (a, b) lattice edge.
      const corners: GridPoint[] = [
        [i, j],
        [i + 1, j],
        [i + 1, j + 1],
        [i, j + 1],
      ];
      const sides: readonly (readonly [number, number, number, number])[] = [
        [i, j, i + 1, j],
        [i + 1, j, i + 1, j + 1],
        [i, j + 1, i + 1, j + 1],
        [i, j, i, j + 1],
      ];
      const poly: { p: GridPoint; crossing: boolean }[] = [];
      for (let k = 0; k < 4; k++) {
        const p = corners[k] as GridPoint;
        const q = corners[(k + 1) % 4] as GridPoint;
        const pin = inside(p[0], p[1]);
        const qin = inside(q[0], q[1]);
        if (pin) poly.push({ p, crossing: false });
        if (pin !== qin) {
          const [ai, aj, bi, bj] = sides[k] as readonly [number, number, number, number];
          poly.push({ p: crossing(ai, aj, bi, bj), crossing: true });
        }
      }
      if (poly.length < 2) continue;
      for (let k = 0; k < poly.length; k++) {
        const a = poly[k] as { p: GridPoint; crossing: boolean };
        const b = poly[(k + 1) % poly.length] as { p: GridPoint; crossing: boolean };
        push(a.p, b.p, a.crossing && b.crossing);
      }
    }
  }
}

function removeCollinear(ring: GridPoint[]): GridPoint[] {
  if (ring.length < 4) return ring;
  const out: GridPoint[] = [];
  for (let k = 0; k < ring.length; k++) {
    const a = ring[(k + ring.length - 1) % ring.length] as GridPoint;
    const b = ring[k] as GridPoint;
    const c = ring[(k + 1) % ring.length] as GridPoint;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (Math.abs(cross) > 1e-12) out.push(b);
  }
  return out;
}

/**
 * The outline of the region where the grid's value is `>= level`, as closed rings in lattice
 * units (outer rings counter-clockwise, holes clockwise, so either SVG fill rule works). Values
 * are linear along cell edges (marching squares); saddles are joined.
 *
 * @example
 * ```ts
 * const rings = levelRegion(grid, 0.5); // [[ [i, j], ... ], ...]
 * ```
 */
export function levelRegion(grid: ProbabilityGrid, level: number): GridPoint[][] {
  const edges = new Map<string, Edge>();
  cellEdges(grid, level, (e) => {
    // A side shared by two pieces appears once in each direction: both cancel.
    const reverse = `${e.to}>${e.from}`;
    if (edges.has(reverse)) edges.delete(reverse);
    else edges.set(`${e.from}>${e.to}`, e);
  });
  const outgoing = new Map<string, Edge[]>();
  for (const e of edges.values()) {
    const list = outgoing.get(e.from);
    if (list === undefined) outgoing.set(e.from, [e]);
    else list.push(e);
  }
  const rings: GridPoint[][] = [];
  for (const start of edges.values()) {
    const first = outgoing.get(start.from);
    if (first === undefined || !first.includes(start)) continue; // already used
    const ring: GridPoint[] = [];
    let at = start.from;
    for (;;) {
      const list = outgoing.get(at);
      const e = list?.pop();
      if (e === undefined) break;
      if (list !== undefined && list.length === 0) outgoing.delete(at);
      ring.push(e.a);
      at = e.to;
      if (at === start.from && !outgoing.has(at)) break;
    }
    const simple = removeCollinear(ring);
    if (simple.length >= 3) rings.push(simple);
  }
  return rings;
}

/**
 * The iso-line `value = level` as polylines in lattice units (closed ones repeat their first
 * point at the end).
 *
 * @example
 * ```ts
 * const lines = isoLines(grid, 0.5); // the decision boundary
 * ```
 */
export function isoLines(grid: ProbabilityGrid, level: number): GridPoint[][] {
  const next = new Map<string, Edge>();
  const incoming = new Set<string>();
  cellEdges(grid, level, (e) => {
    if (!e.iso) return;
    next.set(e.from, e);
    incoming.add(e.to);
  });
  const lines: GridPoint[][] = [];
  const follow = (startKey: string): void => {
    let e = next.get(startKey);
    if (e === undefined) return;
    const line: GridPoint[] = [e.a];
    while (e !== undefined) {
      next.delete(e.from);
      line.push(e.b);
      e = next.get(e.to);
    }
    lines.push(line);
  };
  // Open lines start where no segment ends (the grid's border); the rest are closed loops.
  for (const k of [...next.keys()]) if (!incoming.has(k)) follow(k);
  while (next.size > 0) follow(next.keys().next().value as string);
  return lines;
}
