import { describe, expect, it } from "vitest";
import { type GridPoint, isoLines, levelRegion } from "../src/contour.ts";
import { sampleGrid } from "../src/grid.ts";

// Signed area in lattice units (shoelace formula): positive for counter-clockwise rings.
const area = (ring: readonly GridPoint[]): number => {
  let s = 0;
  ring.forEach((p, k) => {
    const q = ring[(k + 1) % ring.length]!;
    s += p[0] * q[1] - q[0] * p[1];
  });
  return s / 2;
};

const unit = { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };

describe("levelRegion", () => {
  it("cuts a linear field exactly: x >= 0.3 on an 11x11 lattice is a 7x10 rectangle", () => {
    const grid = sampleGrid((x) => x, unit, 11, 11);
    const rings = levelRegion(grid, 0.3);
    expect(rings).toHaveLength(1);
    expect(rings[0]).toHaveLength(4); // collinear points removed
    expect(area(rings[0]!)).toBeCloseTo(7 * 10, 9);
  });

  it("gives the whole lattice below the minimum and nothing above the maximum", () => {
    const grid = sampleGrid((x, y) => x + y, unit, 9, 7);
    expect(levelRegion(grid, -1).map(area)).toEqual([8 * 6]);
    expect(levelRegion(grid, 3)).toEqual([]);
  });

  it("approximates a disk (pi r^2) and keeps holes clockwise", () => {
    const n = 201;
    const bounds = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
    const cell = 2 / (n - 1);
    const r = 0.6;
    const inside = sampleGrid((x, y) => r - Math.hypot(x, y), bounds, n, n);
    const disk = levelRegion(inside, 0);
    expect(disk).toHaveLength(1);
    expect(area(disk[0]!) * cell * cell).toBeCloseTo(Math.PI * r * r, 3);
    // The complement: an outer square (ccw) with a disk-shaped hole (cw).
    const outside = sampleGrid((x, y) => Math.hypot(x, y) - r, bounds, n, n);
    const rings = levelRegion(outside, 0);
    expect(rings).toHaveLength(2);
    const areas = rings.map(area).sort((a, b) => a - b);
    expect(areas[0]! * cell * cell).toBeCloseTo(-Math.PI * r * r, 3);
    expect(areas[1]! * cell * cell).toBeCloseTo(4, 9);
  });
});

describe("isoLines", () => {
  it("finds the line x = 0.25 of a linear field, border to border", () => {
    const grid = sampleGrid((x) => x, unit, 5, 5); // nodes at 0, 0.25, ..., 1 -> i = 1
    const lines = isoLines(grid, 0.3);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toHaveLength(5);
    for (const p of line) expect(p[0]).toBeCloseTo(1.2, 12); // 0.3 / 0.25 lattice units
    expect(line.map((p) => p[1]).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("closes a circle", () => {
    const grid = sampleGrid((x, y) => Math.hypot(x - 0.5, y - 0.5), unit, 41, 41);
    const lines = isoLines(grid, 0.3);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line[0]).toEqual(line[line.length - 1]);
    for (const p of line) expect(Math.hypot(p[0] / 40 - 0.5, p[1] / 40 - 0.5)).toBeCloseTo(0.3, 3);
  });
});
