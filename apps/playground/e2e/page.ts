// Page helpers of the end-to-end tests: open a page, read a readout, wait for an epoch, and
// the boundary canvas's pixel statistics.
import type { BrowserContext, Page } from "playwright-core";

/** Opens `url` in a new page of `context`, collecting console errors into `errors`; waits until the first maps are drawn. */
export async function open(context: BrowserContext, url: string, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForFunction(() => document.body.dataset.mapsEpoch !== undefined);
  return page;
}

/** The text of the element with `data-testid`. */
export async function text(page: Page, testid: string): Promise<string> {
  return (await page.getByTestId(testid).textContent()) ?? "";
}

/** Waits until training has stopped at `epoch` and that epoch's maps are drawn. */
export async function waitForEpoch(page: Page, epoch: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (e) =>
      document.body.dataset.running === "false" &&
      document.body.dataset.epoch === String(e) &&
      document.body.dataset.mapsEpoch === String(e),
    epoch,
    { timeout },
  );
  // One more frame so the queued draw has run.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}

/** Pixel statistics of the boundary canvas and a hash of its pixels. */
export async function canvasStats(
  page: Page,
): Promise<{ distinct: number; std: number; hash: string; width: number }> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>("[data-testid=boundary]")!;
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    const colors = new Set<number>();
    let sum = 0;
    let sq = 0;
    let h = 0x811c9dc5;
    for (let i = 0; i < d.length; i += 4) {
      const v = d[i]! * 0.299 + d[i + 1]! * 0.587 + d[i + 2]! * 0.114;
      sum += v;
      sq += v * v;
      colors.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      for (let k = 0; k < 4; k++) h = Math.imul(h ^ d[i + k]!, 0x01000193) >>> 0;
    }
    const n = d.length / 4;
    return {
      distinct: colors.size,
      std: Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2)),
      hash: h.toString(16),
      width: c.width,
    };
  });
}
