import { describe } from "../matrix.ts";
import type { Dtype, Heap } from "./kernels.ts";

// The WebAssembly kernel sets' panelled product: a large product cut into cache-sized panels
// of B, each packed into the kernel set's scratch first (see kernelsOfModule in
// wasm-kernels.ts, which owns the module and the heap).

/** Bytes of one panel of B kept in cache by the panelled product (256 KiB). */
const PANEL_BYTES = 256 * 1024;
/** Columns of one panel of B. */
const PANEL_COLS = 256;
/** Fewest panel columns (one 8-column register block of the f64 kernel). */
const L_COLS = 8;
/** Fewest rows of A for which the panelled product packs its panels of B. */
const PACK_ROWS = 8;
/** Values added to a packed panel's row stride (see {@link panelledGemm}). */
const PACK_PAD = 8;

/**
 * How a WebAssembly kernel set cuts its large products (for measuring variants; the defaults
 * are {@link DEFAULT_PANEL}): panels of at most `bytes` of B and `cols` columns; `pack: false`
 * reads B's panels in place instead of packing them; `packRows`, the fewest rows of A whose
 * products pack (default 8); `gradCols`, the float32 `dWdb`'s rows of A per call (0: one call).
 *
 * @example
 * ```ts
 * const panel: PanelOptions = { bytes: 131072, cols: 256, pack: false };
 * ```
 */
export interface PanelOptions {
  readonly bytes: number;
  readonly cols: number;
  readonly pack?: boolean;
  readonly gradCols?: number;
  readonly packRows?: number;
}

/**
 * The shipped panels: 256 KiB and 256 columns, packed.
 *
 * @example
 * ```ts
 * DEFAULT_PANEL.bytes; // 262144
 * ```
 */
export const DEFAULT_PANEL: PanelOptions = { bytes: PANEL_BYTES, cols: PANEL_COLS };

/**
 * Throws a RangeError naming `kernelsOfModule` and the option when `panel` is not usable:
 * `bytes` and `cols` positive integers, `packRows` and `gradCols` non-negative integers,
 * `pack` a boolean (each optional one may be absent).
 *
 * @example
 * ```ts
 * checkPanel({ bytes: 0, cols: 256 }); // RangeError: kernelsOfModule: panel.bytes must be ...
 * ```
 */
export function checkPanel(panel: PanelOptions): void {
  const isInt = (v: unknown, least: number): boolean =>
    typeof v === "number" && Number.isInteger(v) && v >= least && v <= 2 ** 31;
  if (typeof panel !== "object" || panel === null) {
    throw new TypeError(`kernelsOfModule: panel must be an object, got ${describe(panel)}`);
  }
  for (const [key, least, optional] of [
    ["bytes", 1, false],
    ["cols", 1, false],
    ["packRows", 0, true],
    ["gradCols", 0, true],
  ] as const) {
    const v = panel[key];
    if ((optional && v === undefined) || isInt(v, least)) continue;
    throw new RangeError(
      `kernelsOfModule: panel.${key} must be an integer from ${least} to 2^31, got ${describe(v)}`,
    );
  }
  if (panel.pack !== undefined && typeof panel.pack !== "boolean") {
    throw new TypeError(
      `kernelsOfModule: panel.pack must be a boolean, got ${describe(panel.pack)}`,
    );
  }
}

/**
 * Values of the pack buffer that `panel`'s products need in `dtype`: a panel of at most
 * `panel.bytes` with PACK_PAD more values a row (at least L_COLS columns a panel, so at most
 * twice the panel).
 *
 * @example
 * ```ts
 * packLength(DEFAULT_PANEL, "float64"); // 65536
 * ```
 */
export function packLength(panel: PanelOptions, dtype: Dtype): number {
  const perPanel = Math.floor(panel.bytes / (dtype === "float64" ? 8 : 4));
  return perPanel + PACK_PAD * Math.max(1, Math.floor(perPanel / L_COLS));
}

/**
 * The engine module's `gemm` export (byte pointers and strides).
 *
 * @example
 * ```ts
 * const gemm: GemmExport = instance.exports.gemm as GemmExport;
 * ```
 */
export type GemmExport = (
  a: number,
  sai: number,
  sap: number,
  b: number,
  c: number,
  m: number,
  k: number,
  n: number,
  bias: number,
  mask: number,
  relu: number,
  ldb: number,
  ldc: number,
  accum: number,
) => void;

/** A product in element offsets, as {@link panelledGemm} returns it. */
type PanelledGemm = (
  a: number,
  aRowStride: number,
  aColStride: number,
  b: number,
  c: number,
  m: number,
  k: number,
  n: number,
  biasPtr: number,
  mask: number,
  relu: number,
) => void;

/**
 * One product in the module's terms (element offsets; `biasPtr` a byte pointer or 0, `mask`
 * an element offset or −1, `relu` a flag), run in one call when B fits a panel, else in panels
 * of B, each copied into the pack buffer at `packAtOf()` (−1: none) first. `heap()` is the
 * kernel set's current view.
 *
 * @example
 * ```ts
 * const gemm = panelledGemm(ex.gemm, () => view, () => packAt, DEFAULT_PANEL, "float64");
 * gemm(a, k, 1, b, c, m, k, n, 0, -1, 0);
 * ```
 */
export function panelledGemm(
  gemmExport: GemmExport,
  heap: () => Heap,
  packAtOf: () => number,
  panel: PanelOptions,
  dtype: Dtype,
): PanelledGemm {
  const bytesPer = dtype === "float64" ? 8 : 4;
  const shift = dtype === "float64" ? 3 : 2;
  // The parameters are typed by PanelledGemm (the declared return type).
  return (a, aRowStride, aColStride, b, c, m, k, n, biasPtr, mask, relu) => {
    // Small products (every one of the headline network) run in one call. Larger ones are
    // cut into panels of B (KB x NB, a few hundred KiB) so each stays in cache while every
    // row of A passes over it; C carries the running sums between slices of the inner index
    // (the kernel's accumulate mode), so every element is still one sum in ascending order.
    if (k * n * bytesPer <= panel.bytes) {
      gemmExport(
        a << shift,
        aRowStride << shift,
        aColStride << shift,
        b << shift,
        c << shift,
        m,
        k,
        n,
        biasPtr,
        mask < 0 ? 0 : mask << shift,
        relu,
        n,
        n,
        0,
      );
      return;
    }
    const nb = Math.max(L_COLS, Math.min(n, panel.cols));
    const kb = Math.max(1, Math.floor(panel.bytes / (nb * bytesPer)));
    // Each panel of B is first copied into the pack buffer with a row stride of nb + PACK_PAD
    // values: B's own rows (a batch of 4096 samples: 32 KiB apart in float64) would fall into
    // the same few cache sets and evict each other while the kernel walks down a column strip.
    // A product of few rows of A uses each value of B only that often: not worth the copy.
    const packAt = packAtOf();
    const pack = packAt < 0 || m < (panel.packRows ?? PACK_ROWS) ? -1 : packAt;
    const ldp = nb + PACK_PAD;
    for (let j0 = 0; j0 < n; j0 += nb) {
      const cols = Math.min(nb, n - j0);
      for (let p0 = 0; p0 < k; p0 += kb) {
        const depth = Math.min(kb, k - p0);
        const last = p0 + depth >= k;
        let bAt = b + p0 * n + j0;
        let ldb = n;
        if (pack >= 0) {
          const h = heap();
          for (let r = 0; r < depth; r++) {
            const src = bAt + r * n;
            h.copyWithin(pack + r * ldp, src, src + cols);
          }
          bAt = pack;
          ldb = ldp;
        }
        gemmExport(
          (a + p0 * aColStride) << shift,
          aRowStride << shift,
          aColStride << shift,
          bAt << shift,
          (c + j0) << shift,
          m,
          depth,
          cols,
          last ? biasPtr : 0,
          last && mask >= 0 ? (mask + j0) << shift : 0,
          last ? relu : 0,
          ldb,
          n,
          p0 === 0 ? 0 : 1,
        );
      }
    }
  };
}
