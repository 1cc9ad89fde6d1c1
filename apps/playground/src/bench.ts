// The TensorFlow.js comparison page (not part of the playground's initial load): the notebook
// preset trained with plainnet (the playground's Session: fused WebAssembly engine, test loss
// every epoch) and the same network with TensorFlow.js 4.22 on its wasm backend (model.fit,
// full batch, plain SGD, binary cross-entropy, no validation), both on this page's thread.
import { Session } from "./session.ts";
import { NOTEBOOK_PRESET } from "./state.ts";

const out = document.getElementById("bench-out") as HTMLPreElement;
const button = document.getElementById("bench-run") as HTMLButtonElement;
const epochsInput = document.getElementById("bench-epochs") as HTMLInputElement;

function log(line: string): void {
  out.textContent += `${line}\n`;
}

/** Epochs per second of `run(epochs)` over at least `minMs` (after one warm-up call). */
async function rate(
  run: (epochs: number) => Promise<void> | void,
  epochs: number,
): Promise<number> {
  await run(2);
  const t0 = performance.now();
  await run(epochs);
  return (epochs * 1000) / (performance.now() - t0);
}

/** A plainnet run of the notebook preset: `run(epochs)` trains that many more epochs. */
function plainnet(dtype: "float64" | "float32"): { run: (epochs: number) => void; engine: string } {
  const session = new Session({ ...NOTEBOOK_PRESET, dtype });
  return { run: (n) => void session.train(n), engine: session.net.engine };
}

async function tfjs(): Promise<{ run: (epochs: number) => Promise<void>; version: string }> {
  const tf = await import("@tensorflow/tfjs-core");
  const tfl = await import("@tensorflow/tfjs-layers");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const plain = (await import("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url"))
    .default;
  const simd = (await import("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url"))
    .default;
  const threaded = (
    await import("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url")
  ).default;
  wasm.setWasmPaths({
    "tfjs-backend-wasm.wasm": plain,
    "tfjs-backend-wasm-simd.wasm": simd,
    "tfjs-backend-wasm-threaded-simd.wasm": threaded,
  });
  if (!(await tf.setBackend("wasm"))) throw new Error('tf.setBackend("wasm") failed');
  await tf.ready();
  const hasSimd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  // The same data and initial weights as plainnet's run.
  const session = new Session(NOTEBOOK_PRESET);
  const { XTrain, yTrain } = session.data;
  const model = tfl.sequential();
  session.net.architecture.forEach((layer, i) => {
    model.add(
      tfl.layers.dense({
        units: layer.outputDim,
        activation: layer.activation.name as "relu" | "sigmoid",
        ...(i === 0 ? { inputShape: [layer.inputDim] } : {}),
      }),
    );
  });
  model.layers.forEach((layer, i) => {
    const { W, b } = session.net.params[i]!;
    const kernel = new Float32Array(W.rows * W.cols);
    for (let r = 0; r < W.rows; r++) {
      for (let c = 0; c < W.cols; c++) kernel[c * W.rows + r] = W.data[r * W.cols + c]!;
    }
    layer.setWeights([
      tf.tensor2d(kernel, [W.cols, W.rows]),
      tf.tensor1d(Float32Array.from(b.data)),
    ]);
  });
  model.compile({
    optimizer: tf.train.sgd(NOTEBOOK_PRESET.learningRate),
    loss: "binaryCrossentropy",
    metrics: ["accuracy"],
  });
  const x = tf.tensor2d(Float32Array.from(XTrain.data), [XTrain.rows, XTrain.cols]);
  const y = tf.tensor2d(Float32Array.from(yTrain), [yTrain.length, 1]);
  const run = async (n: number): Promise<void> => {
    await model.fit(x, y, { epochs: n, batchSize: XTrain.rows, shuffle: false, verbose: 0 });
  };
  return { run, version: `TensorFlow.js ${tf.version_core} (wasm${hasSimd ? ", SIMD" : ""})` };
}

/** Rounds of each run, alternating (the best round counts: other load only slows a round). */
const ROUNDS = 3;

button.addEventListener("click", async () => {
  button.disabled = true;
  out.textContent = "";
  const epochs = Math.max(10, Math.min(5000, Math.floor(Number(epochsInput.value)) || 200));
  try {
    log(`notebook preset (2-25-50-50-25-1 on 900 moons, full batch), ${epochs} epochs each`);
    const p64 = plainnet("float64");
    const p32 = plainnet("float32");
    const t = await tfjs();
    const best = { p64: 0, p32: 0, tf: 0 };
    const tfEpochs = Math.max(10, Math.round(epochs / 5));
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await rate(p64.run, epochs);
      const b = await rate(p32.run, epochs);
      const c = await rate(t.run, tfEpochs);
      log(
        `round ${round}: plainnet float64 ${a.toFixed(1)}, float32 ${b.toFixed(1)}, TensorFlow.js ${c.toFixed(1)} epochs/s`,
      );
      best.p64 = Math.max(best.p64, a);
      best.p32 = Math.max(best.p32, b);
      best.tf = Math.max(best.tf, c);
    }
    log(
      `best of ${ROUNDS}: plainnet (${p64.engine}) ${best.p64.toFixed(1)}, plainnet (${p32.engine}) ${best.p32.toFixed(1)}, ${t.version} ${best.tf.toFixed(1)} epochs/s`,
    );
    log(
      `plainnet / TensorFlow.js: ${(best.p64 / best.tf).toFixed(1)}x (float64), ${(best.p32 / best.tf).toFixed(1)}x (float32)`,
    );
    const p = { rate: best.p64, engine: p64.engine };
    const q = { rate: best.p32, engine: p32.engine };
    document.body.dataset.bench = JSON.stringify({
      plainnet: p.rate,
      plainnet32: q.rate,
      tfjs: best.tf,
      plainnetEngine: p.engine,
      plainnet32Engine: q.engine,
      tfjsVersion: t.version,
      userAgent: navigator.userAgent,
    });
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    document.body.dataset.bench = JSON.stringify({ error: String(error) });
  } finally {
    document.body.dataset.benchDone = "true";
    button.disabled = false;
  }
});
