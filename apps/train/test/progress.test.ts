import { describe, expect, it } from "vitest";
import {
  createProgress,
  etaMs,
  formatDuration,
  logInterval,
  type ProgressState,
  progressBarLine,
  progressLogLine,
} from "../src/progress.ts";

const state = (done: number, total: number, elapsedMs: number): ProgressState => ({
  done,
  total,
  cost: 0.123456,
  accuracy: 0.98765,
  elapsedMs,
});

describe("formatting", () => {
  it("formats durations", () => {
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(12_340)).toBe("12.3s");
    expect(formatDuration(125_000)).toBe("2m05s");
    expect(formatDuration(3_720_000)).toBe("1h02m");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("--");
  });

  it("estimates the time left from the average speed", () => {
    expect(etaMs(state(100, 1000, 2000))).toBe(18_000);
    expect(etaMs(state(0, 1000, 0))).toBe(Number.POSITIVE_INFINITY);
  });

  it("shows epoch, cost, accuracy, speed and ETA on the bar line, within the width", () => {
    for (const width of [40, 80, 120, 200]) {
      const line = progressBarLine(state(2500, 10000, 10_000), width);
      expect(line.length).toBeLessThanOrEqual(width);
    }
    const line = progressBarLine(state(2500, 10000, 10_000), 120);
    expect(line).toContain("epoch  2500/10000");
    expect(line).toContain(" 25%");
    expect(line).toContain("cost 0.12346");
    expect(line).toContain("acc 0.9877");
    expect(line).toContain("250 ep/s");
    expect(line).toContain("ETA 30.0s");
    // A 30-cell bar, a quarter filled.
    expect(line.match(/█/g)?.length).toBe(8);
    expect(line.match(/░/g)?.length).toBe(22);
  });

  it("shows the total time instead of an ETA when finished", () => {
    expect(progressLogLine(state(300, 300, 6000))).toBe(
      "epoch 300/300  cost 0.12346  acc 0.9877  50.0 ep/s  6.0s",
    );
  });

  it("picks round log intervals giving about ten lines", () => {
    expect(logInterval(10000)).toBe(1000);
    expect(logInterval(300)).toBe(50);
    expect(logInterval(5)).toBe(1);
    expect(logInterval(1234)).toBe(200);
  });
});

describe("createProgress", () => {
  it("prints a plain line every N epochs (plus the first and last) when not a terminal", () => {
    const out: string[] = [];
    let t = 0;
    const p = createProgress({
      total: 25,
      write: (s) => out.push(s),
      tty: false,
      every: 10,
      width: 80,
      now: () => t,
    });
    for (let e = 1; e <= 25; e++) {
      t += 10;
      p.update(e, 0.5, 0.5);
    }
    p.finish();
    const lines = out.join("").split("\n").filter(Boolean);
    expect(lines.map((l) => l.slice(0, 11))).toEqual([
      "epoch  1/25",
      "epoch 10/25",
      "epoch 20/25",
      "epoch 25/25",
    ]);
    expect(out.join("")).not.toContain("\r");
  });

  it("leaves the first epoch (JIT warm-up) out of the speed and the time left", () => {
    const out: string[] = [];
    let t = 0;
    const p = createProgress({
      total: 11,
      write: (s) => out.push(s),
      tty: false,
      every: 5,
      width: 80,
      now: () => t,
    });
    t = 1000; // a slow first epoch
    p.update(1, 0.5, 0.5);
    for (let e = 2; e <= 5; e++) {
      t += 100; // then 10 epochs per second
      p.update(e, 0.5, 0.5);
    }
    const lines = out.join("").split("\n");
    expect(lines[0]).toMatch(/ETA --$/);
    expect(lines[1]).toMatch(/ 10\.0 ep\/s {2}ETA 600ms$/);
  });

  it("redraws one line in place on a terminal, throttled", () => {
    const out: string[] = [];
    let t = 0;
    const p = createProgress({
      total: 100,
      write: (s) => out.push(s),
      tty: true,
      every: 10,
      width: 80,
      now: () => t,
      minRedrawMs: 50,
    });
    for (let e = 1; e <= 100; e++) {
      t += 10; // 1000 ms in all: about 20 redraws
      p.update(e, 0.5, 0.5);
    }
    p.finish();
    const text = out.join("");
    const redraws = text.split("\r").length - 1;
    expect(redraws).toBeGreaterThanOrEqual(15);
    expect(redraws).toBeLessThanOrEqual(25);
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n").length).toBe(2); // one line, ended once
    expect(text).toContain("epoch 100/100");
  });
});
