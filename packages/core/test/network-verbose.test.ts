// fit(..., { verbose }): a one-line progress bar per epoch, off by default.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Network } from "../src/index.ts";

const X = [
  [0, 0],
  [1, 1],
  [0, 1],
  [1, 0],
  [0.5, 0.2],
  [0.2, 0.9],
];
const y = [0, 0, 1, 1, 0, 1];

afterEach(() => {
  vi.restoreAllMocks();
});

describe("verbose", () => {
  it("piped: one plain line per epoch with epoch, loss, accuracy, validation and ETA", () => {
    const out: string[] = [];
    new Network([2, 4, 1], { seed: 1 }).fit(X, y, {
      epochs: 3,
      validationData: [X, y],
      verbose: { write: (s) => out.push(s) },
      warn: false,
    });
    expect(out.length).toBe(3);
    expect(out.every((l) => l.endsWith("\n") && !l.includes("\r"))).toBe(true);
    expect(out[0]).toMatch(
      /^Epoch 1\/3 \[=*>?\.*\] - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - ETA: /,
    );
    expect(out[2]).toMatch(/^Epoch 3\/3 \[={30}\] - loss: /);
  });

  it("on a terminal: redrawn in place with \\r, ended by one newline", () => {
    const out: string[] = [];
    new Network([2, 4, 1], { seed: 1 }).fit(X, y, {
      epochs: 2,
      verbose: { write: (s) => out.push(s), isTTY: true },
      warn: false,
    });
    const text = out.join("");
    expect(text.startsWith("\rEpoch 1/2")).toBe(true);
    expect(text).toContain("\rEpoch 2/2");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n").length).toBe(2);
  });

  it("verbose: true writes to process.stdout; the default writes nothing", async () => {
    const spy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    new Network([2, 4, 1], { seed: 1 }).fit(X, y, { epochs: 2, warn: false });
    expect(spy).not.toHaveBeenCalled();
    await new Network([2, 4, 1], { seed: 1 }).fitAsync(X, y, {
      epochs: 2,
      verbose: true,
      warn: false,
    });
    const text = spy.mock.calls.map((c) => String(c[0])).join("");
    expect(text).toContain("Epoch 2/2");
  });

  it("the line is ended when a fit fails mid-way", () => {
    const out: string[] = [];
    expect(() =>
      new Network([2, 4, 1], { seed: 1 }).fit(X, y, {
        epochs: 5,
        verbose: { write: (s) => out.push(s), isTTY: true },
        callbacks: {
          onEpochEnd: (log) => {
            if (log.epoch === 1) throw new Error("stop here");
          },
        },
        warn: false,
      }),
    ).toThrow("stop here");
    expect(out.join("").endsWith("\n")).toBe(true);
  });

  it("the same training with or without the bar", () => {
    const a = new Network([2, 4, 1], { seed: 1 });
    const b = new Network([2, 4, 1], { seed: 1 });
    a.fit(X, y, { epochs: 5, warn: false });
    b.fit(X, y, { epochs: 5, verbose: { write: () => {} }, warn: false });
    expect(a.params.map((p) => [...p.W.data])).toEqual(b.params.map((p) => [...p.W.data]));
  });

  it("rejects bad values, naming the option", () => {
    const net = new Network([2, 4, 1]);
    expect(() => net.fit(X, y, { epochs: 1, verbose: 1 as never })).toThrow(
      /fit: verbose must be true, false or \{ write, isTTY \}, got 1/,
    );
    expect(() => net.fit(X, y, { epochs: 1, verbose: { write: "stdout" } as never })).toThrow(
      /fit: verbose\.write must be a function/,
    );
    expect(() => net.fit(X, y, { epochs: 1, verbose: { colour: true } as never })).toThrow(
      /fit: unknown verbose option "colour"/,
    );
  });
});
