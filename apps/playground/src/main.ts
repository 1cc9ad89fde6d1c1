// The page: reads the state from the URL, wires the controls, talks to the training worker and
// draws what it sends. Training never runs on this thread.
import { Curves } from "./charts.ts";
import { type CsvChoice, CsvPanel } from "./csv-panel.ts";
import type { RawData } from "./data.ts";
import { type BoundaryView, drawBoundary, drawNetwork } from "./draw.ts";
import { boundarySVG, download, historyCSV } from "./exports.ts";
import { FEATURE_LABELS, FEATURE_NAMES } from "./features.ts";
import type { HeatMaps } from "./maps.ts";
import type { EpochStats } from "./model.ts";
import type { SessionInfo, WorkerEvent, WorkerRequest } from "./protocol.ts";
import { Replay } from "./replay.ts";
import {
  DEFAULT_STATE,
  MAX_HIDDEN_LAYERS,
  MAX_UNITS,
  NOTEBOOK_PRESET,
  type PlaygroundState,
  queryToState,
  reconcile,
  stateToQuery,
} from "./state.ts";

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`playground: element #${id} is missing`);
  return el as T;
};

const body = document.body;
const boundary = $<HTMLCanvasElement>("boundary");
const networkCanvas = $<HTMLCanvasElement>("network");
const noticesEl = $("notices");
const curves = new Curves($("chart-loss"), $("chart-acc"));
const csv = new CsvPanel(onCsv);
const replay = new Replay(
  $<HTMLInputElement>("replay"),
  $("replay-out"),
  $("replay-play"),
  (epoch) => send({ type: "frame", epoch }),
  () => queueDraw(),
);

let state: PlaygroundState = DEFAULT_STATE;
let csvRaw: RawData | null = null;
let info: SessionInfo | null = null;
let stats: EpochStats[] = [];
let maps: HeatMaps | null = null;
let weights: readonly Float64Array[] = [];
let running = false;
let drawQueued = false;
let lastNetworkDraw = Number.NEGATIVE_INFINITY;

// ---- notices ----

function notify(lines: readonly string[], kind: "notice" | "error" = "notice"): void {
  for (const line of lines) {
    const p = document.createElement("p");
    p.className = kind;
    p.textContent = line;
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss");
    close.addEventListener("click", () => p.remove());
    p.append(" ", close);
    noticesEl.append(p);
  }
}

// ---- the worker ----

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const send = (request: WorkerRequest): void => worker.postMessage(request);
worker.onerror = (e): void => notify([`worker: ${e.message}`], "error");
worker.onmessage = (e: MessageEvent<WorkerEvent>): void => {
  const event = e.data;
  switch (event.type) {
    case "ready":
      info = event.info;
      $("engine").textContent = info.engine;
      setHash(event.hash);
      return;
    case "progress":
      running = event.running;
      body.dataset.running = String(running);
      if (event.stats.length > 0) {
        stats.push(...event.stats);
        curves.add(event.stats);
      }
      $("epoch").textContent = String(event.epoch);
      body.dataset.epoch = String(event.epoch);
      setHash(event.hash);
      if (event.epochsPerSecond > 0) $("rate").textContent = event.epochsPerSecond.toFixed(0);
      showLast();
      replay.setEpochs(event.frameEpochs);
      if (event.maps !== undefined) {
        maps = event.maps;
        weights = event.weights ?? [];
        body.dataset.mapsEpoch = String(event.epoch);
        queueDraw();
      }
      return;
    case "frame":
      replay.received(event.epoch, event.output);
      return;
    case "model":
      download("plainnet-model.json", event.json, "application/json");
      return;
    case "error":
      running = false;
      body.dataset.running = "false";
      notify([event.message], "error");
      return;
  }
};

function setHash(hash: string): void {
  $("hash").textContent = hash;
  body.dataset.weightsHash = hash;
  boundary.dataset.weightsHash = hash;
}

const fmt = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v) ? "–" : v.toPrecision(4);

function showLast(): void {
  const s = stats[stats.length - 1];
  $("loss-train").textContent = fmt(s?.loss);
  $("loss-test").textContent = fmt(s?.valLoss);
  $("acc-test").textContent = fmt(s?.valAccuracy);
}

// ---- drawing ----

function view(): BoundaryView | null {
  if (info === null) return null;
  return {
    domain: info.domain,
    trainPoints: info.trainPoints,
    yTrain: info.yTrain,
    testPoints: info.testPoints,
    yTest: info.yTest,
    showTest: state.showTest,
    classes: info.classes,
  };
}

function queueDraw(): void {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => {
    drawQueued = false;
    draw();
  });
}

function draw(): void {
  const v = view();
  if (v === null || maps === null || info === null) return;
  const t0 = performance.now();
  const frame = replay.selected();
  if (frame === undefined) {
    drawBoundary(boundary, maps.output, maps.size, maps.channels, v);
    body.dataset.replayEpoch = "live";
  } else if (frame.output !== null) {
    drawBoundary(boundary, frame.output, maps.size, maps.channels, v);
    body.dataset.replayEpoch = String(frame.epoch);
  }
  // While training, the network picture (many units and lines) at most every 300 ms.
  if (running && t0 - lastNetworkDraw < 300) return;
  lastNetworkDraw = t0;
  const ink = getComputedStyle(body).color;
  drawNetwork(
    networkCanvas,
    info.sizes,
    maps,
    weights,
    state.dataset === "csv"
      ? csv.featureLabels(state.features)
      : state.features.map((f) => FEATURE_LABELS[f]),
    ink,
  );
  // The longest draw so far (read by the end-to-end test).
  const ms = performance.now() - t0;
  if (!(Number(body.dataset.drawMaxMs) >= ms)) body.dataset.drawMaxMs = ms.toFixed(1);
}

// ---- controls <-> state ----

function input(id: string): HTMLInputElement {
  return $<HTMLInputElement>(id);
}

function renderFeatures(): void {
  const host = $("features");
  host.replaceChildren();
  const labels =
    state.dataset === "csv"
      ? csv.featureLabels(FEATURE_NAMES)
      : FEATURE_NAMES.map((f) => FEATURE_LABELS[f]);
  FEATURE_NAMES.forEach((f, i) => {
    const id = `feature-${f}`;
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = id;
    box.dataset.testid = id;
    box.checked = state.features.includes(f);
    box.addEventListener("change", () => {
      const next = FEATURE_NAMES.filter((g) =>
        g === f ? box.checked : state.features.includes(g),
      );
      if (next.length === 0) {
        box.checked = true;
        notify(["features: keep at least one input feature"]);
        return;
      }
      update({ features: next });
    });
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = labels[i] ?? f;
    const wrap = document.createElement("span");
    wrap.className = "feature";
    wrap.append(box, label);
    host.append(wrap);
  });
}

function renderUnits(): void {
  const host = $("units");
  host.replaceChildren();
  $("layer-count").textContent =
    `${state.hidden.length} hidden layer${state.hidden.length === 1 ? "" : "s"}`;
  state.hidden.forEach((units, layer) => {
    const group = document.createElement("fieldset");
    group.className = "unit-group";
    group.setAttribute("aria-label", `Hidden layer ${layer + 1}`);
    const minus = document.createElement("button");
    minus.type = "button";
    minus.textContent = "−";
    minus.setAttribute("aria-label", `Remove a unit from hidden layer ${layer + 1}`);
    minus.dataset.testid = `units-minus-${layer}`;
    minus.disabled = units <= 1;
    minus.addEventListener("click", () => setUnits(layer, units - 1));
    const count = document.createElement("span");
    count.textContent = String(units);
    count.dataset.testid = `units-${layer}`;
    const plus = document.createElement("button");
    plus.type = "button";
    plus.textContent = "+";
    plus.setAttribute("aria-label", `Add a unit to hidden layer ${layer + 1}`);
    plus.dataset.testid = `units-plus-${layer}`;
    plus.disabled = units >= MAX_UNITS;
    plus.addEventListener("click", () => setUnits(layer, units + 1));
    group.append(minus, count, plus);
    host.append(group);
  });
  $<HTMLButtonElement>("add-layer").disabled = state.hidden.length >= MAX_HIDDEN_LAYERS;
  $<HTMLButtonElement>("remove-layer").disabled = state.hidden.length === 0;
}

function setUnits(layer: number, units: number): void {
  const hidden = state.hidden.slice();
  hidden[layer] = Math.max(1, Math.min(MAX_UNITS, units));
  update({ hidden });
}

function setControls(): void {
  $<HTMLSelectElement>("dataset").value = state.dataset;
  input("noise").value = String(state.noise);
  $("noise-out").textContent = String(state.noise);
  input("test").value = String(state.testFraction);
  $("test-out").textContent = `${Math.round(state.testFraction * 100)}%`;
  input("samples").value = String(state.samples);
  input("dseed").value = String(state.dataSeed);
  $<HTMLSelectElement>("activation").value = state.activation;
  $<HTMLSelectElement>("output").value = state.output;
  input("lr").value = String(state.learningRate);
  input("batch").value = String(state.batchSize);
  $<HTMLSelectElement>("optimizer").value = state.optimizer;
  $<HTMLSelectElement>("dtype").value = state.dtype;
  input("l2").value = String(state.l2);
  input("seed").value = String(state.seed);
  input("stop").value = String(state.stopAt);
  input("show-test").checked = state.showTest;
  $<HTMLSelectElement>("theme").value = state.theme;
  renderFeatures();
  renderUnits();
}

/** Which keys only change the view (no new run). */
const VIEW_KEYS: readonly (keyof PlaygroundState)[] = ["showTest", "theme"];

function update(patch: Partial<PlaygroundState>): void {
  const next = { ...state, ...patch } as PlaygroundState;
  const fixed = reconcile(next);
  // A notice when the user picked the output; changing the dataset just switches it.
  if (fixed.notice !== null && "output" in patch) notify([fixed.notice]);
  apply(fixed.state);
}

function apply(next: PlaygroundState, forceRun = false): void {
  const prev = state;
  state = next;
  history.replaceState(null, "", `?${stateToQuery(state)}`);
  document.documentElement.dataset.theme = state.theme;
  setControls();
  const changed = (Object.keys(state) as (keyof PlaygroundState)[]).some(
    (k) => !VIEW_KEYS.includes(k) && JSON.stringify(prev[k]) !== JSON.stringify(state[k]),
  );
  if (changed || forceRun) start();
  else queueDraw();
}

function start(): void {
  stats = [];
  maps = null;
  info = null;
  replay.clear();
  curves.clear();
  showLast();
  $("epoch").textContent = "0";
  $("rate").textContent = "–";
  if (state.dataset === "csv" && csvRaw === null) {
    notify(["ds: csv needs a file — drop one on the data panel; using the circle set until then"]);
    state = { ...state, dataset: DEFAULT_STATE.dataset };
    history.replaceState(null, "", `?${stateToQuery(state)}`);
    setControls();
  }
  send({
    type: "init",
    state,
    ...(state.dataset === "csv" && csvRaw !== null ? { raw: csvRaw } : {}),
  });
}

function onCsv(choice: CsvChoice): void {
  csvRaw = choice.raw;
  update({
    dataset: "csv",
    output:
      choice.raw.classes === 0 ? "linear" : state.output === "linear" ? "sigmoid" : state.output,
  });
  start();
}

const numberControl = (
  id: string,
  key: keyof PlaygroundState,
  integer: boolean,
  min: number,
  max: number,
): void => {
  input(id).addEventListener("change", () => {
    const v = Number(input(id).value);
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      notify([
        `${id}: ${input(id).value} is not ${integer ? "an integer" : "a number"} ${min}..${max}; kept ${String(state[key])}`,
      ]);
      input(id).value = String(state[key]);
      return;
    }
    update({ [key]: v } as Partial<PlaygroundState>);
  });
};

numberControl("noise", "noise", false, 0, 1);
numberControl("test", "testFraction", false, 0.05, 0.9);
numberControl("samples", "samples", true, 10, 5000);
numberControl("dseed", "dataSeed", true, 0, 2 ** 32 - 1);
numberControl("lr", "learningRate", false, 1e-6, 10);
numberControl("batch", "batchSize", true, 0, 5000);
numberControl("l2", "l2", false, 0, 1);
numberControl("seed", "seed", true, 0, 2 ** 32 - 1);
numberControl("stop", "stopAt", true, 0, 1_000_000);
for (const [id, key] of [
  ["dataset", "dataset"],
  ["activation", "activation"],
  ["output", "output"],
  ["optimizer", "optimizer"],
  ["dtype", "dtype"],
  ["theme", "theme"],
] as const) {
  $<HTMLSelectElement>(id).addEventListener("change", () => {
    const value = $<HTMLSelectElement>(id).value;
    if (key === "dataset" && value === "csv" && csvRaw === null) {
      notify(["Dataset: drop a CSV file on the data panel (or choose one) to use your own data"]);
      $<HTMLSelectElement>(id).value = state.dataset;
      csv.focus();
      return;
    }
    update({ [key]: value } as Partial<PlaygroundState>);
  });
}
input("noise").addEventListener("input", () => {
  $("noise-out").textContent = input("noise").value;
});
input("show-test").addEventListener("change", () =>
  update({ showTest: input("show-test").checked }),
);
$("add-layer").addEventListener("click", () => {
  if (state.hidden.length < MAX_HIDDEN_LAYERS) update({ hidden: [...state.hidden, 4] });
});
$("remove-layer").addEventListener("click", () => update({ hidden: state.hidden.slice(0, -1) }));
$("preset").addEventListener("click", () =>
  apply({ ...NOTEBOOK_PRESET, theme: state.theme, showTest: state.showTest }, true),
);

$("share").addEventListener("click", () => {
  navigator.clipboard
    ?.writeText(location.href)
    .then(() => notify(["Link copied: it reproduces this run's weights on any browser"]))
    .catch(() => notify([`Copy this link: ${location.href}`]));
});
$("play").addEventListener("click", () => {
  replay.show(null);
  send({ type: "play" });
});
$("pause").addEventListener("click", () => send({ type: "pause" }));
$("step").addEventListener("click", () => {
  replay.show(null);
  send({ type: "step" });
});
$("reset").addEventListener("click", () => start());
document.addEventListener("keydown", (e) => {
  const target = e.target as HTMLElement;
  if (target.closest("input, select, textarea, button") !== null) return;
  if (e.key === " ") {
    e.preventDefault();
    send({ type: running ? "pause" : "play" });
  }
});

// Exports.
$("export-json").addEventListener("click", () => send({ type: "export" }));
$("export-png").addEventListener("click", () =>
  boundary.toBlob((blob) => {
    if (blob !== null) download("plainnet-boundary.png", blob, "image/png");
  }),
);
$("export-svg").addEventListener("click", () => {
  const v = view();
  if (v !== null)
    download(
      "plainnet-boundary.svg",
      boundarySVG(boundary.toDataURL(), boundary.width, v),
      "image/svg+xml",
    );
});
$("export-csv").addEventListener("click", () =>
  download("plainnet-history.csv", historyCSV(stats), "text/csv"),
);

// Start from the URL.
const parsed = queryToState(location.search);
if (parsed.notices.length > 0) notify(parsed.notices);
apply(parsed.state, true);
body.dataset.ready = "true";
