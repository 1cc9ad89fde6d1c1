// onnxruntime-web (its WebAssembly CPU backend) in headless Chromium runs a model toONNX wrote
// and gives net.predictProba's values: the exported model serves in a browser too.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "../../../scripts/smoke/chromium.mjs";
import { toONNX } from "../src/index.ts";
import { maxRelativeError, Network, randomSamples } from "./helpers.ts";

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve("onnxruntime-web/wasm"));
const ORIGIN = "http://plainnet-onnx.localhost";

const files: Record<string, { type: string; body: () => Buffer }> = {
  "/ort.wasm.min.mjs": {
    type: "text/javascript",
    body: () => readFileSync(join(dist, "ort.wasm.min.mjs")),
  },
  "/ort-wasm-simd-threaded.mjs": {
    type: "text/javascript",
    body: () => readFileSync(join(dist, "ort-wasm-simd-threaded.mjs")),
  },
  "/ort-wasm-simd-threaded.wasm": {
    type: "application/wasm",
    body: () => readFileSync(join(dist, "ort-wasm-simd-threaded.wasm")),
  },
};

describe("onnxruntime-web in Chromium", () => {
  it("runs toONNX's float64 model with net.predictProba's results (1e-12)", {
    timeout: 120_000,
  }, async () => {
    const net = new Network([3, 16, 8, 4], {
      activation: "leakyRelu",
      outputActivation: "softmax",
      seed: 8,
      initializer: "heNormal",
    });
    const model = Buffer.from(toONNX(net));
    const X = randomSamples(32, 3, 4);
    const browser = await chromium.launch({
      executablePath: ensureChromium(),
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      // Everything is served from memory: nothing goes to the network.
      await page.route(`${ORIGIN}/**`, (route) => {
        const path = new URL(route.request().url()).pathname;
        if (path === "/") {
          return route.fulfill({
            contentType: "text/html",
            body: "<!doctype html><title>onnx</title>",
          });
        }
        if (path === "/model.onnx") {
          return route.fulfill({ contentType: "application/octet-stream", body: model });
        }
        const f = files[path];
        return f === undefined
          ? route.fulfill({ status: 404, body: "" })
          : route.fulfill({ contentType: f.type, body: f.body() });
      });
      await page.goto(`${ORIGIN}/`);
      // A string, so that vitest does not rewrite the page's dynamic import.
      const script = `(async () => {
        const ort = await import("${ORIGIN}/ort.wasm.min.mjs");
        ort.env.wasm.numThreads = 1;
        ort.env.wasm.wasmPaths = "${ORIGIN}/";
        const session = await ort.InferenceSession.create("${ORIGIN}/model.onnx");
        const rows = ${JSON.stringify(X)};
        const input = new ort.Tensor("float64", Float64Array.from(rows.flat()), [rows.length, 3]);
        const res = await session.run({ X: input });
        return {
          probabilities: Array.from(res.probabilities.data),
          label: Array.from(res.label.data, Number),
        };
      })()`;
      const out = (await page.evaluate(script)) as { probabilities: number[]; label: number[] };
      expect(out.probabilities).toHaveLength(32 * 4);
      expect(maxRelativeError(out.probabilities, net.predictProba(X).data)).toBeLessThanOrEqual(
        1e-12,
      );
      expect(out.label).toEqual(net.predict(X));
    } finally {
      await browser.close();
    }
  });
});
