import { describe, expect, it } from "vitest";
import { spectral } from "../src/colormap.ts";
import { sampleGrid } from "../src/grid.ts";
import { escapeXml, fmt, niceTicks } from "../src/svg.ts";
import { boundarySvg, CONTOUR_LEVELS } from "../src/svg-boundary.ts";
import { animatedSvg, frameSvgs, snapshotEpochs } from "../src/svg-frames.ts";
import { historySvg, thinIndices } from "../src/svg-history.ts";
import { elements, parseSvg } from "./xml.ts";

const bounds = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
// A smooth "probability": a logistic of the distance to a circle, so every band appears.
const prob = (x: number, y: number): number => 1 / (1 + Math.exp(-8 * (0.6 - Math.hypot(x, y))));
const grid = sampleGrid(prob, bounds, 41, 41);
const trainPoints = [
  { x: 0, y: 0, label: 1 },
  { x: 0.9, y: 0.9, label: 0 },
  { x: -0.8, y: 0.7, label: 0 },
];
const testPoints = [
  { x: 0.1, y: -0.1, label: 1 },
  { x: -0.9, y: -0.9, label: 0 },
];

describe("svg helpers", () => {
  it("escapes XML text", () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe("a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
  });
  it("formats numbers compactly", () => {
    expect(fmt(12.3456)).toBe("12.35");
    expect(fmt(3)).toBe("3");
    expect(fmt(-0.001)).toBe("0");
  });
  it("finds round ticks", () => {
    expect(niceTicks(-1.3, 2.4, 5)).toEqual([-1, 0, 1, 2]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it("interpolates the Spectral palette between its ends", () => {
    expect(spectral(0)).toBe("#9e0142");
    expect(spectral(1)).toBe("#5e4fa2");
    expect(spectral(0.5)).toBe("#ffffbf");
    expect(spectral(0.5, 1)).toBe("#ffffff");
  });
});

describe("the XML check itself", () => {
  it("rejects malformed XML", () => {
    expect(() => parseSvg("<svg><g></svg>")).toThrow(/XML/);
    expect(() => parseSvg('<svg a="1" a="2"/>')).toThrow(/XML/);
    expect(() => parseSvg("<svg>a & b</svg>")).toThrow(/XML/);
  });
});

describe("boundarySvg", () => {
  const svg = boundarySvg({ grid, trainPoints, testPoints, title: "circle <test> & co" });
  const root = parseSvg(svg);

  it("is well-formed SVG with a title", () => {
    expect(root.tagName).toBe("svg");
    expect(root.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    expect(elements(root, "title")[0]!.textContent).toBe("circle <test> & co");
  });

  it("has the filled contour bands, the 0.5 contour line and the points by class", () => {
    // A background band plus one path per level the field crosses (all of them here).
    expect(elements(root, "*", "band")).toHaveLength(CONTOUR_LEVELS);
    const line = elements(root, "path", "boundary");
    expect(line).toHaveLength(1);
    expect(line[0]!.getAttribute("d")).toMatch(/^M[\d.]+ [\d.]+L/);
    const test = elements(root, "g", "test");
    const train = elements(root, "g", "train");
    expect(test.map((g) => g.getAttribute("data-class"))).toEqual(["0", "1"]);
    expect(test.map((g) => g.getElementsByTagName("circle").length)).toEqual([1, 1]);
    expect(train.map((g) => g.getElementsByTagName("circle").length)).toEqual([2, 1]);
    expect(test.map((g) => g.getAttribute("fill"))).toEqual([spectral(0), spectral(1)]);
  });

  it("draws the 0.5 contour where the probability is 0.5 (radius 0.6)", () => {
    const d = elements(root, "path", "boundary")[0]!.getAttribute("d")!;
    const nums = d.match(/-?[\d.]+/g)!.map(Number);
    // Undo the frame mapping: the plot is a square; find its left/top/size from the axes frame.
    const frame = elements(root, "rect").find((r) => r.getAttribute("fill") === "none")!;
    const left = Number(frame.getAttribute("x"));
    const top = Number(frame.getAttribute("y"));
    const size = Number(frame.getAttribute("width"));
    for (let k = 0; k < nums.length; k += 2) {
      const x = ((nums[k]! - left) / size) * 2 - 1;
      const y = 1 - ((nums[k + 1]! - top) / size) * 2;
      expect(Math.hypot(x, y)).toBeCloseTo(0.6, 1);
    }
  });
});

describe("historySvg", () => {
  it("draws cost and accuracy curves, thinned to at most 1000 points", () => {
    const n = 5000;
    const cost = Array.from({ length: n }, (_, i) => 0.7 * Math.exp(-i / 1000));
    const accuracy = Array.from({ length: n }, (_, i) => 0.5 + 0.5 * (i / n));
    const root = parseSvg(historySvg({ cost, accuracy, testAccuracy: 0.98, title: "h" }));
    const costLine = elements(root, "polyline", "cost");
    const accLine = elements(root, "polyline", "accuracy");
    expect(costLine).toHaveLength(1);
    expect(accLine).toHaveLength(1);
    expect(costLine[0]!.getAttribute("points")!.split(" ")).toHaveLength(1000);
    expect(elements(root, "path", "test-accuracy")).toHaveLength(1);
  });

  it("thins evenly, keeping both ends", () => {
    expect(thinIndices(10, 4)).toEqual([0, 3, 6, 9]);
    expect(thinIndices(3, 4)).toEqual([0, 1, 2]);
  });
});

describe("training frames", () => {
  it("spreads snapshots from 0 to the last epoch", () => {
    expect(snapshotEpochs(10000, 5)).toEqual([0, 2500, 5000, 7500, 10000]);
    expect(snapshotEpochs(3, 10)).toEqual([0, 1, 2, 3]);
  });

  const snapshots = [0, 50, 100].map((epoch) => ({
    epoch,
    grid: sampleGrid((x, y) => prob(x * (1 + epoch / 100), y), bounds, 21, 21),
    accuracy: 0.5 + epoch / 400,
  }));
  const picture = { snapshots, trainPoints, testPoints, title: "t", epochs: 100 };

  it("animates one group per snapshot, the last one visible without animation", () => {
    const root = parseSvg(animatedSvg(picture));
    const frames = elements(root, "g", "frame");
    expect(frames.map((g) => g.getAttribute("data-epoch"))).toEqual(["0", "50", "100"]);
    expect(frames.map((g) => g.getAttribute("visibility"))).toEqual([
      "hidden",
      "hidden",
      "visible",
    ]);
    // The points are drawn once, above all frames, not once per frame.
    expect(elements(root, "g", "test")).toHaveLength(2);
    for (const g of frames) expect(g.getElementsByTagName("circle").length).toBe(0);
    for (const g of frames) {
      const anim = g.getElementsByTagName("animate")[0]!;
      expect(anim.getAttribute("attributeName")).toBe("visibility");
      const keyTimes = anim.getAttribute("keyTimes")!.split(";").map(Number);
      expect(keyTimes[0]).toBe(0);
      expect(keyTimes.length).toBe(anim.getAttribute("values")!.split(";").length);
      expect([...keyTimes].sort((a, b) => a - b)).toEqual(keyTimes);
    }
  });

  it("writes numbered standalone frames", () => {
    const files = frameSvgs(picture);
    expect(files.map((f) => f.name)).toEqual(["frame-000.svg", "frame-001.svg", "frame-002.svg"]);
    for (const f of files) expect(parseSvg(f.svg).tagName).toBe("svg");
    expect(files[1]!.svg).toContain("epoch 50 of 100");
  });
});
