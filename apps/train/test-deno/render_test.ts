// Terminal renderer size and SVG well-formedness under Deno (same checks as the vitest suite).
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { cellCentreBounds, sampleGrid } from "../src/grid.ts";
import { boundarySvg, CONTOUR_LEVELS } from "../src/svg-boundary.ts";
import { historySvg } from "../src/svg-history.ts";
import { pixelRows, renderTerminalPlot, stripAnsi } from "../src/terminal-plot.ts";
import { elements, parseSvg } from "../test/xml.ts";

const bounds = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
const prob = (x: number, y: number): number => 1 / (1 + Math.exp(-8 * (0.6 - Math.hypot(x, y))));

Deno.test("terminal plot: height lines of width characters, colour and monochrome", () => {
  for (const color of [false, true]) {
    const [width, height] = [48, 12];
    const rows = pixelRows(height, color);
    const grid = sampleGrid(prob, cellCentreBounds(bounds, width, rows), width, rows);
    const lines = renderTerminalPlot({
      grid,
      points: [{ x: 0, y: 0, label: 1 }],
      width,
      height,
      color,
    });
    strictEqual(lines.length, height);
    for (const line of lines) strictEqual([...stripAnsi(line)].length, width);
    strictEqual(lines.join("").includes("\x1b"), color);
  }
});

Deno.test("boundary.svg is well-formed XML with bands, the 0.5 line and the points", () => {
  const grid = sampleGrid(prob, bounds, 41, 41);
  const root = parseSvg(
    boundarySvg({
      grid,
      trainPoints: [{ x: 0.9, y: 0.9, label: 0 }],
      testPoints: [
        { x: 0, y: 0, label: 1 },
        { x: -0.9, y: -0.9, label: 0 },
      ],
      title: "a < b & c",
    }),
  );
  strictEqual(root.tagName, "svg");
  strictEqual(elements(root, "*", "band").length, CONTOUR_LEVELS);
  strictEqual(elements(root, "path", "boundary").length, 1);
  deepStrictEqual(
    elements(root, "g", "test").map((g) => g.getElementsByTagName("circle").length),
    [1, 1],
  );
});

Deno.test("history.svg is well-formed XML with both curves", () => {
  const root = parseSvg(
    historySvg({ cost: [0.7, 0.5, 0.3], accuracy: [0.5, 0.7, 0.9], title: "h" }),
  );
  strictEqual(elements(root, "polyline", "cost").length, 1);
  strictEqual(elements(root, "polyline", "accuracy").length, 1);
  ok(root.getAttribute("viewBox"));
});
