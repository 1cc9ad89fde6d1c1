// The training progress bar, with an injected writer and clock.
import { describe, expect, it } from "vitest";
import { createProgressBar } from "../src/index.ts";
import { formatLine } from "../src/model/progress-bar.ts";

function harness(epochs: number, isTTY: boolean) {
  const out: string[] = [];
  let t = 0;
  const bar = createProgressBar({ epochs, isTTY, write: (s) => out.push(s), now: () => t });
  return {
    out,
    bar,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe("createProgressBar", () => {
  it("formats a Keras-like line: epoch, bar, loss, accuracy, validation, ETA", () => {
    const line = formatLine(
      5,
      20,
      { epoch: 4, loss: 0.123456, accuracy: 0.875, valLoss: 0.00012, valAccuracy: 0.8 },
      10_000,
    );
    expect(line).toBe(
      "Epoch  5/20 [======>.......................] - loss: 0.1235 - accuracy: 0.8750 - val_loss: 1.2000e-4 - val_accuracy: 0.8000 - ETA: 30s",
    );
  });
  it("shows the total time and the time per epoch after the last epoch", () => {
    expect(formatLine(4, 4, { epoch: 3, loss: 0.5 }, 130_000)).toBe(
      `Epoch 4/4 [${"=".repeat(30)}] - loss: 0.5000 - 2:10 32.5s/epoch`,
    );
    expect(formatLine(1, 1, { epoch: 0, loss: 0 }, 3)).toMatch(/ - 0s 3ms\/epoch$/);
    expect(formatLine(1, 1000, { epoch: 0, loss: 1 }, 4_000)).toMatch(/ETA: 1:06:36$/);
  });
  it("redraws one line in place on a TTY, padding over a longer previous line", () => {
    const h = harness(3, true);
    h.advance(100);
    h.bar.update({ epoch: 0, loss: 12.5, valLoss: 13.25 });
    h.advance(100);
    h.bar.update({ epoch: 1, loss: 0.5 });
    h.advance(100);
    h.bar.update({ epoch: 2, loss: 0.25 });
    h.bar.end();
    expect(h.out.length).toBe(4);
    for (const s of h.out.slice(0, 3)) expect(s.startsWith("\r")).toBe(true);
    expect(h.out.slice(0, 3).join("")).not.toContain("\n");
    expect(h.out[0]).toContain("Epoch 1/3");
    expect(h.out[0]).toContain("ETA: 0s");
    expect(h.out[1]?.length).toBe(h.out[0]?.length);
    expect(h.out[1]?.endsWith(" ")).toBe(true);
    expect(h.out[2]).toContain("Epoch 3/3");
    expect(h.out[3]).toBe("\n");
  });
  it("throttles TTY redraws to one per 50 ms but always draws the last epoch", () => {
    const h = harness(10, true);
    for (let i = 0; i < 10; i++) {
      h.advance(10);
      h.bar.update({ epoch: i, loss: 1 / (i + 1) });
    }
    h.bar.end();
    const draws = h.out.filter((s) => s.startsWith("\r"));
    expect(draws.map((s) => s.match(/Epoch\s+(\d+)/)?.[1])).toEqual(["1", "6", "10"]);
    expect(h.out.at(-1)).toBe("\n");
  });
  it("prints plain lines per epoch when piped, about 100 for long runs", () => {
    const short = harness(3, false);
    for (let i = 0; i < 3; i++) short.bar.update({ epoch: i, loss: 1, accuracy: 0.5 });
    short.bar.end();
    expect(short.out.length).toBe(3);
    expect(short.out.every((s) => s.endsWith("\n") && !s.includes("\r"))).toBe(true);
    const long = harness(1000, false);
    for (let i = 0; i < 999; i++) long.bar.update({ epoch: i, loss: 1 });
    long.bar.end(); // stopped early at epoch 999: its line is printed by end()
    expect(long.out.length).toBe(101);
    expect(long.out[0]).toContain("Epoch    1/1000");
    expect(long.out[1]).toContain("Epoch   10/1000");
    expect(long.out.at(-1)).toContain("Epoch  999/1000");
  });
  it("end() is idempotent and ignores later updates", () => {
    const h = harness(2, false);
    h.bar.update({ epoch: 0, loss: 1 });
    h.bar.end();
    h.bar.end();
    h.bar.update({ epoch: 1, loss: 1 });
    expect(h.out.length).toBe(1);
  });
  it("does nothing without a writer where there is no process.stdout (browsers)", () => {
    const g = globalThis as { process?: unknown };
    const saved = g.process;
    try {
      g.process = undefined;
      const bar = createProgressBar({ epochs: 2 });
      bar.update({ epoch: 0, loss: 1 });
      bar.end();
    } finally {
      g.process = saved;
    }
    expect(g.process).toBe(saved);
  });
  it("rejects bad options with typed errors", () => {
    expect(() => createProgressBar({ epochs: 0 })).toThrow(RangeError);
    expect(() => createProgressBar({ epochs: 1.5 })).toThrow(
      /options\.epochs must be a positive integer, got 1.5/,
    );
    expect(() => createProgressBar({ epochs: 2, write: "x" as never })).toThrow(TypeError);
    expect(() => createProgressBar({ epochs: 2, isTTY: 1 as never })).toThrow(/options\.isTTY/);
  });
});
