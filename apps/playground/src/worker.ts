// The training worker: holds the Session, trains in chunks sized to ~30 ms (so a pause is
// handled promptly), posts progress after every chunk and heat maps at most every ~80 ms.
// The page's main thread only draws.
import type { EpochStats } from "./model.ts";
import { parseRequest, type WorkerEvent, type WorkerRequest } from "./protocol.ts";
import { Session } from "./session.ts";

const CHUNK_MS = 30;
const MAPS_MS = 80;

let session: Session | null = null;
let last: Extract<WorkerRequest, { type: "init" }> | null = null;
let running = false;
let chunk = 1;
let lastMaps = 0;
let rate = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

function post(event: WorkerEvent): void {
  (self as unknown as Worker).postMessage(event);
}

function fail(error: unknown): void {
  running = false;
  post({ type: "error", message: error instanceof Error ? error.message : String(error) });
}

function progress(stats: readonly EpochStats[], withMaps: boolean): void {
  const s = session!;
  const event: WorkerEvent = {
    type: "progress",
    epoch: s.epoch,
    stats,
    hash: s.hash(),
    running,
    epochsPerSecond: rate,
    frameEpochs: s.frameEpochs(),
    ...(withMaps ? { maps: s.maps(), weights: s.weights() } : {}),
  };
  post(event);
  if (withMaps) lastMaps = performance.now();
}

/** Epochs left before the stop epoch (Infinity when there is none). */
function remaining(s: Session): number {
  return s.state.stopAt > 0 ? s.state.stopAt - s.epoch : Number.POSITIVE_INFINITY;
}

function loop(): void {
  timer = null;
  const s = session;
  if (!running || s === null) return;
  try {
    const n = Math.max(1, Math.min(chunk, remaining(s)));
    const t0 = performance.now();
    const stats = s.train(n);
    const ms = performance.now() - t0;
    rate = ms > 0 ? (n * 1000) / ms : rate;
    // Next chunk: aim at CHUNK_MS.
    if (ms < CHUNK_MS / 2) chunk = Math.min(chunk * 2, 4096);
    else if (ms > CHUNK_MS * 2) chunk = Math.max(1, Math.floor(chunk / 2));
    if (remaining(s) <= 0) running = false;
    progress(stats, !running || performance.now() - lastMaps >= MAPS_MS);
    if (running) timer = setTimeout(loop, 0);
  } catch (error) {
    running = false;
    if (session !== null) progress([], true);
    fail(error);
  }
}

function init(request: Extract<WorkerRequest, { type: "init" }>): void {
  running = false;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  chunk = 1;
  rate = 0;
  session = null;
  last = request;
  session = new Session(request.state, request.raw);
  post({ type: "ready", info: session.info(), hash: session.hash() });
  progress([], true);
}

self.onmessage = (e: MessageEvent): void => {
  try {
    const request = parseRequest(e.data);
    switch (request.type) {
      case "init":
        init(request);
        return;
      case "reset":
        if (last !== null) init(last);
        return;
      case "play":
        if (session === null || running || remaining(session) <= 0) return;
        running = true;
        timer = setTimeout(loop, 0);
        return;
      case "pause":
        running = false;
        if (timer !== null) clearTimeout(timer);
        timer = null;
        if (session !== null) progress([], true);
        return;
      case "step":
        if (session === null) return;
        running = false;
        if (timer !== null) clearTimeout(timer);
        timer = null;
        progress(session.train(1), true);
        return;
      case "frame": {
        const output = session?.frameMap(request.epoch);
        if (output !== undefined) post({ type: "frame", epoch: request.epoch, output });
        return;
      }
      case "export":
        if (session !== null) post({ type: "model", json: JSON.stringify(session.net) });
        return;
    }
  } catch (error) {
    fail(error);
  }
};
