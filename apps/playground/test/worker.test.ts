// The training worker's message handling, run in Node with a stand-in for the worker global.
import { beforeAll, describe, expect, it } from "vitest";
import type { WorkerEvent, WorkerRequest } from "../src/protocol.ts";
import { Session } from "../src/session.ts";
import { queryToState } from "../src/state.ts";

const events: WorkerEvent[] = [];
let handler: (e: { data: unknown }) => void;

beforeAll(async () => {
  const fake = {
    postMessage: (e: WorkerEvent) => events.push(e),
    onmessage: null as null | ((e: { data: unknown }) => void),
  };
  (globalThis as unknown as { self: typeof fake }).self = fake;
  await import("../src/worker.ts");
  handler = fake.onmessage!;
});

function send(request: WorkerRequest | unknown): void {
  handler({ data: request });
}

async function until(test: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const last = <T extends WorkerEvent["type"]>(type: T): Extract<WorkerEvent, { type: T }> =>
  events.filter((e) => e.type === type).at(-1) as Extract<WorkerEvent, { type: T }>;

describe("worker", () => {
  const { state } = queryToState("?ds=xor&n=200&h=4&act=tanh&opt=adam&batch=20&stop=25");

  it("init: ready with the info and the initial hash, then progress with maps at epoch 0", () => {
    events.length = 0;
    send({ type: "init", state });
    const ready = last("ready");
    expect(ready.info.sizes).toEqual([2, 4, 1]);
    expect(ready.hash).toBe(new Session(state).hash());
    const p = last("progress");
    expect(p.epoch).toBe(0);
    expect(p.maps?.output.length).toBeGreaterThan(0);
  });

  it("step trains one epoch and sends its statistics", () => {
    events.length = 0;
    send({ type: "step" });
    const p = last("progress");
    expect(p.epoch).toBe(1);
    expect(p.stats.map((s) => s.epoch)).toEqual([1]);
    expect(p.running).toBe(false);
  });

  it("play runs to the stop epoch with the same weights as Session, every epoch reported once", async () => {
    events.length = 0;
    send({ type: "play" });
    await until(() => last("progress")?.running === false && last("progress").epoch === 25);
    const epochs = events.flatMap((e) =>
      e.type === "progress" ? e.stats.map((s) => s.epoch) : [],
    );
    expect(epochs).toEqual(Array.from({ length: 24 }, (_, i) => i + 2));
    const reference = new Session(state);
    reference.train(25);
    expect(last("progress").hash).toBe(reference.hash());
    // The replay's frames: every epoch 0..25; a frame's picture on request.
    expect(last("progress").frameEpochs).toEqual(Array.from({ length: 26 }, (_, i) => i));
    send({ type: "frame", epoch: 3 });
    const frame = last("frame");
    expect(frame.epoch).toBe(3);
    const at3 = new Session(state);
    at3.train(3);
    expect(frame.output).toEqual(at3.maps().output);
    expect(last("progress").maps).toBeDefined();
    // Play at the stop epoch does nothing.
    const count = events.length;
    send({ type: "play" });
    await new Promise((r) => setTimeout(r, 50));
    expect(events.length).toBe(count);
  });

  it("pause stops a run; reset goes back to the initial weights", async () => {
    send({ type: "init", state: { ...state, stopAt: 0 } });
    const initial = last("ready").hash;
    send({ type: "play" });
    await until(() => (last("progress")?.epoch ?? 0) >= 3);
    send({ type: "pause" });
    const paused = last("progress");
    expect(paused.running).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(last("progress").epoch).toBe(paused.epoch);
    events.length = 0;
    send({ type: "reset" });
    expect(last("ready").hash).toBe(initial);
    expect(last("progress").epoch).toBe(0);
  });

  it("export sends the model JSON", () => {
    events.length = 0;
    send({ type: "export" });
    expect(JSON.parse(last("model").json).format).toBe("plainnet.network");
  });

  it("a diverging run stops with an error event naming the epoch, and keeps its last epoch", async () => {
    const diverging = queryToState(
      "?ds=reg-plane&n=200&h=8&act=linear&lr=10&batch=0&opt=sgd",
    ).state;
    send({ type: "init", state: diverging });
    events.length = 0;
    send({ type: "play" });
    await until(() => events.some((e) => e.type === "error"));
    expect(last("error").message).toMatch(/diverged at epoch \d+/);
    const p = last("progress");
    expect(p.running).toBe(false);
    expect(p.hash).toMatch(/^[0-9a-f]{8}$/);
  });

  it("a malformed message or a failing init gives an error event, not a crash", () => {
    events.length = 0;
    send({ type: "jump" });
    expect(last("error").message).toMatch(/unknown message type "jump"/);
    send({ type: "init", state: { ...state, samples: 2 } });
    expect(last("error").message).toMatch(/at least 4 samples|nSamples|samples/);
  });
});
