import { describe, expect, it } from "vitest";
import { barChart, escapeXml } from "../src/svg.ts";

/** A small XML well-formedness check: one root, balanced tags, quoted attributes, escaped text. */
function wellFormed(xml: string): string[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  const problems: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    if (/[<>]/.test(text)) problems.push(`stray < or > in text "${text.slice(0, 40)}"`);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(text))
      problems.push(`unescaped & in "${text.slice(0, 40)}"`);
    last = tag.lastIndex;
    const [, close, name, , self] = m;
    if (close) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}>`);
    } else if (!self) {
      if (stack.length === 0) roots++;
      stack.push(name as string);
    } else if (stack.length === 0) {
      roots++;
    }
  }
  if (/[<>]/.test(body.slice(last).trim())) problems.push("trailing markup that is not a tag");
  if (stack.length) problems.push(`unclosed ${stack.join(", ")}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

describe("svg", () => {
  it("escapes the five XML special characters", () => {
    expect(escapeXml(`a < b & "c" > 'd'`)).toBe("a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;");
  });

  it("renders a well-formed SVG with one bar per value and escaped labels", () => {
    const svg = barChart("bench <quick> & more", [
      {
        title: "headline",
        unit: "ms/epoch",
        bars: [
          { label: "NumPy", value: 2.5, plainnet: false },
          { label: "plainnet typed-array", value: 13, plainnet: true },
          { label: "brain.js <per-sample>", value: 70, note: "per-sample", plainnet: false },
          { label: "TensorFlow.js wasm", note: "not available", plainnet: false },
        ],
      },
      { title: "libm", unit: "ns/call", bars: [{ label: "Math.exp", value: 8, plainnet: false }] },
    ]);
    expect(wellFormed(svg)).toEqual([]);
    expect(svg.startsWith("<?xml")).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg.match(/<rect [^>]*class="(own|peer)"/g)).toHaveLength(4);
    expect(svg).toContain("brain.js &lt;per-sample&gt;");
    expect(svg).toContain("not available");
    expect(svg).not.toContain("NaN");
  });

  it("draws longer bars for larger values on the log axis", () => {
    const svg = barChart("t", [
      {
        title: "w",
        unit: "ms",
        bars: [
          { label: "a", value: 2, plainnet: true },
          { label: "b", value: 20, plainnet: true },
          { label: "c", value: 200, plainnet: true },
        ],
      },
    ]);
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)" height="18"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths).toHaveLength(3);
    // Log scale: equal steps for equal ratios.
    expect((widths[2] as number) - (widths[1] as number)).toBeCloseTo(
      (widths[1] as number) - (widths[0] as number),
      1,
    );
    expect(widths[0]).toBeLessThan(widths[1] as number);
  });

  it("adds an escaped subtitle line when given one", () => {
    const svg = barChart("t", [], "Xeon & friends <2 vCPUs>");
    expect(wellFormed(svg)).toEqual([]);
    expect(svg).toContain("Xeon &amp; friends &lt;2 vCPUs&gt;");
    expect(svg).toContain("<title>t</title>");
  });

  it("copes with a panel without any value", () => {
    const svg = barChart("t", [
      { title: "w", unit: "ms", bars: [{ label: "a", plainnet: false }] },
    ]);
    expect(wellFormed(svg)).toEqual([]);
    expect(svg).not.toContain("NaN");
  });
});
