// `pnpm run test:playground`: the playground's end-to-end tests in real (headless) Chromium.
// Builds the app with Vite, serves dist/ on 127.0.0.1 and drives the page through its
// controls: trains a spiral to a fixed epoch (test loss bound, canvas not blank), checks that
// the same URL gives the same weights hash in a second browser context and under Node
// (the very Session code the worker runs), drops a CSV, pauses/steps/resets, measures click
// latency during a long run, feeds a hostile URL, compares epochs/s with TensorFlow.js, and
// takes the README's screenshots. Fails on any console error.
//
//   node_modules/.bin/tsx apps/playground/e2e/run.ts [--no-bench] [--no-screenshots] [--docs]
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { Network } from "@plainnet/core";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";
import { hashParams } from "../src/model.ts";
import { Session } from "../src/session.ts";
import { queryToState, stateToQuery } from "../src/state.ts";
import { canvasStats, open, text, waitForEpoch } from "./page.ts";
import { serveStatic } from "./serve.ts";

const app = join(dirname(fileURLToPath(import.meta.url)), "..");
// The workspace's Chromium finder (installs Debian's chromium as root when missing).
const chromiumModule: string = join(app, "../../scripts/smoke/chromium.mjs");
const { CHROMIUM_ARGS, ensureChromium } = (await import(chromiumModule)) as {
  CHROMIUM_ARGS: string[];
  ensureChromium: () => string;
};
// Screenshots and the comparison's numbers: out/e2e/ (ignored by git), or docs/ with --docs
// (what the README shows).
const argvEarly = process.argv.slice(2);
const docs = argvEarly.includes("--docs") ? join(app, "docs") : join(app, "out", "e2e");
const started = Date.now();
const argv = new Set(process.argv.slice(2));
const results: { name: string; ok: boolean; ms: number; detail: string }[] = [];
const consoleErrors: string[] = [];
/** The worker's epochs/s readout on the notebook preset during the responsiveness test. */
let workerRate = Number.NaN;
let initialLoad = "";

/** The spiral run of the tests: Playground's spiral, sin features, 8-8 tanh, Adam at 0.01. */
const SPIRAL =
  "ds=spiral&noise=0&n=500&test=0.5&dseed=1&f=x1,x2,sinx1,sinx2&h=8,8&act=tanh&out=sigmoid&lr=0.01&batch=10&opt=adam&l2=0&seed=1&dtype=float64&stop=150&showTest=1&theme=light";
const SPIRAL_EPOCHS = 150;
/** Test loss the spiral run must get below. */
const SPIRAL_TEST_LOSS_BOUND = 0.1;

async function test(name: string, fn: () => Promise<string | undefined>): Promise<void> {
  const t0 = Date.now();
  try {
    const detail = (await fn()) ?? "";
    results.push({ name, ok: true, ms: Date.now() - t0, detail });
    console.log(`  ok   ${name} (${Date.now() - t0} ms) ${detail}`);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, ms: Date.now() - t0, detail });
    console.log(`  FAIL ${name} (${Date.now() - t0} ms): ${detail}`);
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The Node reference: the worker's Session for the same URL, trained the same epochs. */
function nodeHash(query: string, epochs: number): string {
  const { state, notices } = queryToState(query);
  assert(notices.length === 0, `node: the URL has notices: ${notices.join("; ")}`);
  const session = new Session(state);
  session.train(epochs);
  return session.hash();
}

async function main(): Promise<number> {
  console.log("playground e2e: building with Vite");
  await build({ root: app, logLevel: "warn", configFile: join(app, "vite.config.ts") });
  // Served from a subfolder: the build's asset paths must be relative.
  const { url, server } = await serveStatic(join(app, "dist"), "/static/host/folder/");
  const executablePath = ensureChromium();
  const browser: Browser = await chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const shots = !argv.has("--no-screenshots");
  mkdirSync(docs, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  let spiralHash = "";
  let spiralPixels = "";
  try {
    await test("spiral trains to the stop epoch by its controls; test loss falls below the bound", async () => {
      const page = await open(context, `${url}?${SPIRAL}`, consoleErrors);
      assert(
        (await text(page, "notices")) === "",
        `unexpected notices: ${await text(page, "notices")}`,
      );
      const before = await page.getAttribute("body", "data-weights-hash");
      await page.getByTestId("play").click();
      await waitForEpoch(page, SPIRAL_EPOCHS);
      const loss = Number(await text(page, "loss-test"));
      assert(loss < SPIRAL_TEST_LOSS_BOUND, `test loss ${loss} >= ${SPIRAL_TEST_LOSS_BOUND}`);
      spiralHash = (await page.getAttribute("[data-testid=boundary]", "data-weights-hash")) ?? "";
      assert(
        /^[0-9a-f]{8}$/.test(spiralHash) && spiralHash !== before,
        `weights hash ${spiralHash} (before ${before})`,
      );
      const stats = await canvasStats(page);
      assert(
        stats.distinct > 200 && stats.std > 20,
        `boundary looks blank: ${JSON.stringify(stats)}`,
      );
      spiralPixels = stats.hash;
      if (shots) {
        await page.screenshot({ path: join(docs, "spiral-solved.png") });
        await page.getByTestId("neurons").screenshot({ path: join(docs, "neuron-maps.png") });
      }
      await page.close();
      return `test loss ${loss}, hash ${spiralHash}, ${stats.distinct} colours, luma sd ${stats.std.toFixed(1)}`;
    });

    await test("the initial load (page, scripts, styles, worker) is under 250 KB gzipped", async () => {
      const page = await context.newPage();
      const sizes = new Map<string, number>();
      page.on("response", async (r) => {
        const body = await r.body().catch(() => null);
        if (body !== null)
          sizes.set(new URL(r.url()).pathname, gzipSync(body, { level: 9 }).length);
      });
      await page.goto(url);
      await page.waitForFunction(() => document.body.dataset.mapsEpoch !== undefined);
      await page.waitForTimeout(200);
      await page.close();
      const total = [...sizes.values()].reduce((a, b) => a + b, 0);
      const list = [...sizes].map(
        ([p, n]) => `${p.split("/").pop() || "index.html"} ${(n / 1024).toFixed(1)}`,
      );
      initialLoad = `${(total / 1024).toFixed(1)} KB gzipped: ${list.join(", ")}`;
      assert(total < 250 * 1024, `initial load ${initialLoad}`);
      assert(!list.some((f) => f.includes("tfjs")), "TensorFlow.js is in the initial load");
      return initialLoad;
    });

    await test("the same URL in a second browser context: same weights hash, same picture", async () => {
      const other = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      try {
        const page = await open(other, `${url}?${SPIRAL}`, consoleErrors);
        await page.getByTestId("play").click();
        await waitForEpoch(page, SPIRAL_EPOCHS);
        const hash = await page.getAttribute("body", "data-weights-hash");
        assert(hash === spiralHash, `hash ${hash} differs from the first context's ${spiralHash}`);
        const stats = await canvasStats(page);
        assert(
          stats.hash === spiralPixels,
          `boundary pixels differ (${stats.hash} vs ${spiralPixels})`,
        );
        return `hash ${hash}, pixels ${stats.hash}`;
      } finally {
        await other.close();
      }
    });

    await test("the page's weights hash equals Node's for the same URL state", async () => {
      const hash = nodeHash(SPIRAL, SPIRAL_EPOCHS);
      assert(hash === spiralHash, `Node's hash ${hash} differs from Chromium's ${spiralHash}`);
      // The URL the page wrote back is the same state.
      return `node ${hash} = chromium ${spiralHash}`;
    });

    await test("exports (model JSON loads in Node with the same hash; CSV, PNG, SVG) and replay", async () => {
      const query = stateToQuery({ ...queryToState(SPIRAL).state, stopAt: 40 });
      const page = await open(context, `${url}?${query}`, consoleErrors);
      await page.getByTestId("play").click();
      await waitForEpoch(page, 40);
      const hash = await page.getAttribute("body", "data-weights-hash");
      const save = async (testid: string): Promise<Buffer> => {
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByTestId(testid).click(),
        ]);
        const stream = await download.createReadStream();
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        return Buffer.concat(chunks);
      };
      const json = (await save("export-json")).toString("utf8");
      const loaded = Network.fromJSON(json);
      assert(
        hashParams(loaded.params) === hash,
        `the exported model's hash ${hashParams(loaded.params)} != page ${hash}`,
      );
      assert(loaded.epoch === 40, `the exported model is at epoch ${loaded.epoch}`);
      const csv = (await save("export-csv")).toString("utf8").trim().split("\n");
      assert(
        csv.length === 41 && csv[0] === "epoch,loss,test_loss,accuracy,test_accuracy",
        `history CSV: ${csv.length} lines, header ${csv[0]}`,
      );
      assert(csv[40]!.startsWith("40,"), `last CSV line ${csv[40]}`);
      const png = await save("export-png");
      assert(
        png.subarray(1, 4).toString() === "PNG" && png.length > 1000,
        `PNG of ${png.length} bytes`,
      );
      const svg = (await save("export-svg")).toString("utf8");
      assert(
        svg.startsWith("<svg") && (svg.match(/<circle/g) ?? []).length === 500,
        "SVG: expected 500 points",
      );
      // Replay: the first frame is another picture; back to live is the final one again.
      const live = (await canvasStats(page)).hash;
      await page.getByTestId("replay").fill("0");
      await page.waitForFunction(() => document.body.dataset.replayEpoch === "0");
      const first = (await canvasStats(page)).hash;
      const label = await text(page, "replay-out");
      const max = await page.getByTestId("replay").getAttribute("max");
      await page.getByTestId("replay").fill(max ?? "0");
      await page.waitForFunction(() => document.body.dataset.replayEpoch === "live");
      const again = (await canvasStats(page)).hash;
      assert(
        first !== live && again === live,
        `replay pixels: live ${live}, frame 0 ${first}, back ${again}`,
      );
      assert(label === "epoch 0", `replay label ${label}`);
      await page.close();
      return `model hash ${hash}, ${csv.length - 1} CSV rows, PNG ${png.length} B, replay over ${Number(max) + 1} frames`;
    });

    await test("pause, step and reset", async () => {
      const query = stateToQuery({ ...queryToState(SPIRAL).state, stopAt: 0 });
      const page = await open(context, `${url}?${query}`, consoleErrors);
      const initial = await page.getAttribute("body", "data-weights-hash");
      await page.getByTestId("play").click();
      await page.waitForFunction(() => Number(document.body.dataset.epoch) >= 5);
      await page.getByTestId("pause").click();
      await page.waitForFunction(() => document.body.dataset.running === "false");
      const paused = Number(await text(page, "epoch"));
      await page.waitForTimeout(400);
      const still = Number(await text(page, "epoch"));
      assert(still === paused, `epoch moved while paused: ${paused} -> ${still}`);
      await page.getByTestId("step").click();
      await page.waitForFunction((e) => document.body.dataset.epoch === String(e), paused + 1);
      await page.getByTestId("reset").click();
      await page.waitForFunction(() => document.body.dataset.epoch === "0");
      await page.waitForFunction((h) => document.body.dataset.weightsHash === h, initial);
      await page.close();
      return `paused at ${paused}, step -> ${paused + 1}, reset -> 0 with the initial hash ${initial}`;
    });

    await test("a CSV dropped on the data panel trains", async () => {
      const page = await open(
        context,
        `${url}?ds=circle&h=8&act=tanh&lr=0.03&opt=adam&batch=10&stop=60`,
        consoleErrors,
      );
      // Two labelled clouds, string labels, extra column, columns in an unusual order.
      const rows = ["id,kind,width,height"];
      for (let i = 0; i < 200; i++) {
        const c = i % 2;
        const a = ((i * 7919) % 100) / 100;
        const b = ((i * 104729) % 100) / 100;
        rows.push(`${i},${c ? "wide" : "tall"},${(c ? 2 : -2) + a},${(c ? 1 : -1) + b}`);
      }
      await page.evaluate((csv) => {
        const dt = new DataTransfer();
        dt.items.add(new File([csv], "clouds.csv", { type: "text/csv" }));
        const drop = document.querySelector("[data-testid=csv-drop]")!;
        drop.dispatchEvent(
          new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }),
        );
      }, rows.join("\n"));
      await page.waitForFunction(
        () => document.querySelector<HTMLSelectElement>("[data-testid=dataset]")!.value === "csv",
      );
      // The reader picked "kind" as the label? Choose it and the two measurements explicitly.
      await page.getByTestId("csv-label").selectOption("kind");
      await page.getByTestId("csv-x1").selectOption("width");
      await page.getByTestId("csv-x2").selectOption("height");
      await page.waitForFunction(
        () => document.body.dataset.epoch === "0" && document.body.dataset.mapsEpoch === "0",
      );
      const status = await text(page, "csv-status");
      assert(/200 rows, 2 classes/.test(status), `CSV status: ${status}`);
      await page.getByTestId("play").click();
      await waitForEpoch(page, 60);
      const acc = Number(await text(page, "acc-test"));
      assert(acc >= 0.95, `CSV test accuracy ${acc} < 0.95`);
      await page.close();
      return `${status}; test accuracy ${acc}`;
    });

    await test("every control has a label and the keyboard runs the page", async () => {
      const page = await open(
        context,
        `${url}?${SPIRAL.replace("stop=150", "stop=0")}`,
        consoleErrors,
      );
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>("input, select, button, textarea")]
          .filter((el) => {
            const labels = (el as HTMLInputElement).labels;
            const named =
              (labels !== null && labels.length > 0) ||
              (el.getAttribute("aria-label") ?? "") !== "" ||
              (el.tagName === "BUTTON" && (el.textContent ?? "").trim() !== "");
            return !named;
          })
          .map((el) => el.id || el.outerHTML.slice(0, 60)),
      );
      assert(unlabelled.length === 0, `controls without a label: ${unlabelled.join(", ")}`);
      // Tab reaches the Play button; Enter presses it; Space (outside a control) pauses.
      await page.getByTestId("play").focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.body.dataset.running === "true");
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press(" ");
      await page.waitForFunction(() => document.body.dataset.running === "false");
      await page.getByTestId("dataset").focus();
      await page.keyboard.press("ArrowDown");
      await page.waitForFunction(() => new URLSearchParams(location.search).get("ds") !== "spiral");
      const ds = new URLSearchParams(new URL(page.url()).search).get("ds");
      await page.close();
      return `all controls labelled; Enter plays, Space pauses, arrow keys change the dataset (to ${ds})`;
    });

    await test("a bad URL falls back to defaults with notices and still trains", async () => {
      const page = await open(
        context,
        `${url}?ds=nope&lr=-1&h=1000000000&n=abc&noise=NaN&seed=-3&f=x9&junk=%00%FF&opt=<script>`,
        consoleErrors,
      );
      const notices = await page.getByTestId("notices").locator("p").count();
      assert(
        notices >= 8,
        `expected a notice per bad value, got ${notices}: ${await text(page, "notices")}`,
      );
      assert(
        (await page.getByTestId("dataset").inputValue()) === "circle",
        "dataset did not fall back to circle",
      );
      await page.getByTestId("step").click();
      await page.waitForFunction(() => document.body.dataset.epoch === "1");
      await page.close();
      return `${notices} notices`;
    });

    await test("responsive while training: a click is handled within 100 ms on a long run", async () => {
      const page = await open(
        context,
        `${url}?ds=moons&noise=0.2&n=1000&test=0.1&dseed=100&f=x1,x2&h=25,50,50,25&act=relu&out=sigmoid&lr=0.01&batch=0&opt=sgd&seed=2&stop=0`,
        consoleErrors,
      );
      await page.getByTestId("play").click();
      await page.waitForFunction(() => Number(document.body.dataset.epoch) >= 20);
      const delays: number[] = [];
      const trips: number[] = [];
      for (let i = 0; i < 9; i++) {
        await page.evaluate(() => {
          const box = document.querySelector<HTMLInputElement>("[data-testid=show-test]")!;
          box.addEventListener(
            "click",
            (e) => {
              (window as unknown as { __delay: number }).__delay = performance.now() - e.timeStamp;
            },
            { once: true },
          );
        });
        const t0 = Date.now();
        await page.getByTestId("show-test").click();
        const roundTrip = Date.now() - t0;
        const delay = await page.evaluate(() => (window as unknown as { __delay: number }).__delay);
        delays.push(Math.max(delay, 0));
        // Playwright's own round trip (its IPC, actionability checks) is only reported: on a
        // starved machine it says more about the harness than about the page.
        trips.push(roundTrip);
        await page.waitForTimeout(150);
      }
      workerRate = Number(await text(page, "rate"));
      const drawMax = await page.getAttribute("body", "data-draw-max-ms");
      const running = await page.getAttribute("body", "data-running");
      const worst = Math.max(...delays);
      const median = delays.slice().sort((a, b) => a - b)[Math.floor(delays.length / 2)]!;
      assert(running === "true", "training stopped during the clicks");
      // The typical (median) click within 100 ms. Single clicks may wait longer when the
      // machine's two cores are shared with other jobs (the OS stalls every thread then), so
      // the worst click is reported, with a generous 1 s bound.
      assert(median < 100, `the median click waited ${median.toFixed(1)} ms for the main thread`);
      assert(worst < 1000, `a click waited ${worst.toFixed(1)} ms for the main thread`);
      await page.getByTestId("pause").click();
      await page.close();
      return `click-to-handler delays ${delays.map((d) => d.toFixed(1)).join(", ")} ms; longest draw ${drawMax} ms; Playwright click round trips up to ${Math.max(...trips)} ms; worker ${workerRate} epochs/s`;
    });

    if (shots) {
      await test("screenshots: dark mode and a phone viewport", async () => {
        const page = await open(
          context,
          `${url}?${SPIRAL.replace("theme=light", "theme=dark")}`,
          consoleErrors,
        );
        await page.getByTestId("play").click();
        await waitForEpoch(page, SPIRAL_EPOCHS);
        await page.screenshot({ path: join(docs, "dark-mode.png") });
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert(bg === "rgb(21, 23, 26)", `dark background is ${bg}`);
        await page.close();
        const phone = await browser.newContext({
          viewport: { width: 390, height: 844 },
          isMobile: true,
          hasTouch: true,
        });
        try {
          const p = await open(phone, `${url}?${SPIRAL}`, consoleErrors);
          await p.getByTestId("play").tap();
          await waitForEpoch(p, SPIRAL_EPOCHS);
          const overflow = await p.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          assert(overflow <= 1, `the phone layout scrolls sideways by ${overflow} px`);
          await p.screenshot({ path: join(docs, "phone.png"), fullPage: false });
        } finally {
          await phone.close();
        }
        return "dark-mode.png, phone.png";
      });
    }

    if (!argv.has("--no-bench")) {
      await test("epochs/s on the notebook preset: plainnet vs TensorFlow.js (wasm)", async () => {
        const page = await context.newPage();
        page.on("pageerror", (e) => consoleErrors.push(`bench: ${e.message}`));
        await page.goto(`${url}bench.html`);
        await page.getByTestId("bench-epochs").fill("100");
        await page.getByTestId("bench-run").click();
        await page.waitForFunction(() => document.body.dataset.benchDone === "true", null, {
          timeout: 90_000,
        });
        const out = JSON.parse((await page.getAttribute("body", "data-bench")) ?? "{}") as Record<
          string,
          number
        >;
        writeFileSync(
          join(docs, "bench-result.json"),
          `${JSON.stringify({ ...out, playgroundWorker: workerRate, initialLoad, date: new Date().toISOString().slice(0, 10), machine: `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores shared with other jobs (load average ${loadavg()[0]!.toFixed(1)}), headless Chromium` }, null, 2)}\n`,
        );
        await page.close();
        assert(out.plainnet! > 0 && out.tfjs! > 0, `bench numbers: ${JSON.stringify(out)}`);
        return `plainnet ${out.plainnet!.toFixed(1)} epochs/s (float32 ${out.plainnet32!.toFixed(1)}), tfjs ${out.tfjs!.toFixed(1)} epochs/s (x${(out.plainnet! / out.tfjs!).toFixed(1)}, float32 x${(out.plainnet32! / out.tfjs!).toFixed(1)})`;
      });
    }

    await test("no console errors", async () => {
      assert(consoleErrors.length === 0, consoleErrors.join("\n"));
      return undefined;
    });
  } finally {
    await context.close();
    await browser.close();
    server.close();
  }
  const failed = results.filter((r) => !r.ok);
  console.log(`playground e2e: screenshots and numbers in ${docs}`);
  console.log(
    `playground e2e: ${results.length - failed.length} passed, ${failed.length} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed.length === 0 ? 0 : 1;
}

const code = await main().catch((error) => {
  console.error(error);
  return 1;
});
process.exit(code);
