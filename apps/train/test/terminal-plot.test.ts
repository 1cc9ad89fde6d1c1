import { describe, expect, it } from "vitest";
import { cellCentreBounds, sampleGrid } from "../src/grid.ts";
import { pixelRows, plotHeight, renderTerminalPlot, stripAnsi } from "../src/terminal-plot.ts";

const outer = { xMin: -2, xMax: 2, yMin: -1, yMax: 1 };
const field = (x: number, _y: number): number => (x > 0 ? 0.9 : 0.1); // class 1 on the right

function plot(
  width: number,
  height: number,
  color: boolean,
  points = [] as { x: number; y: number; label: number }[],
) {
  const rows = pixelRows(height, color);
  const grid = sampleGrid(field, cellCentreBounds(outer, width, rows), width, rows);
  return renderTerminalPlot({ grid, points, width, height, color });
}

const visibleWidth = (s: string): number => [...stripAnsi(s)].length;

describe("renderTerminalPlot", () => {
  it("keeps the plane's aspect ratio (a character is twice as tall as wide)", () => {
    expect(plotHeight(outer, 60)).toBe(15);
    expect(plotHeight({ xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, 40)).toBe(20);
  });

  for (const color of [false, true]) {
    it(`returns height lines of width characters (${color ? "colour" : "monochrome"})`, () => {
      for (const [w, h] of [
        [20, 5],
        [64, 16],
        [97, 31],
      ] as const) {
        const lines = plot(w, h, color, [{ x: 0.5, y: 0.2, label: 1 }]);
        expect(lines).toHaveLength(h);
        for (const line of lines) expect(visibleWidth(line)).toBe(w);
      }
    });
  }

  it("monochrome: no escapes, class-1 region shaded, points marked by class", () => {
    const lines = plot(20, 5, false, [
      { x: -1.9, y: 0.9, label: 0 }, // top-left cell
      { x: 1.9, y: -0.9, label: 1 }, // bottom-right cell
    ]);
    expect(lines.join("")).not.toContain("\x1b");
    expect(lines[0]![0]).toBe("o");
    expect(lines[4]![19]).toBe("x");
    expect(lines[2]).toBe(`${" ".repeat(10)}${"░".repeat(10)}`);
  });

  it("marks a cell holding both classes with *", () => {
    const lines = plot(20, 5, false, [
      { x: -1.9, y: 0.9, label: 0 },
      { x: -1.85, y: 0.85, label: 1 },
    ]);
    expect(lines[0]![0]).toBe("*");
  });

  it("colour: half blocks with 256-colour escapes, reset at the end of each line", () => {
    const lines = plot(20, 5, true, [{ x: 1.9, y: -0.9, label: 1 }]);
    for (const line of lines) {
      expect(line).toContain("\x1b[");
      expect(line.endsWith("\x1b[0m")).toBe(true);
    }
    expect(stripAnsi(lines[0]!)).toBe("▀".repeat(20));
    expect([...stripAnsi(lines[4]!)][19]).toBe("●");
  });

  it("rejects a grid of the wrong size", () => {
    const grid = sampleGrid(field, outer, 10, 10);
    expect(() =>
      renderTerminalPlot({ grid, points: [], width: 20, height: 5, color: false }),
    ).toThrow(/needs a 20x5 grid, got 10x10/);
  });
});
