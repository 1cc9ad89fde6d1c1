import { kernelsBase64 } from "./kernels.generated.ts";

/** The instantiated kernels.wat (see that file for the exact contract). */
export interface WasmKernels {
  readonly memory: WebAssembly.Memory;
  /** C = A·B, all row-major; pointers are byte offsets, A is m x k, B is k x n, C is m x n. */
  readonly matmul: (a: number, b: number, c: number, m: number, k: number, n: number) => void;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Decodes standard base64 (with padding) into bytes, without `atob` or `Buffer`.
 *
 * @example
 * ```ts
 * decodeBase64("AGFzbQ=="); // Uint8Array [0, 97, 115, 109]
 * ```
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = ALPHABET.indexOf(clean.charAt(i));
    if (v < 0) throw new RangeError(`decodeBase64: invalid character at index ${i}`);
    bits = (bits << 6) | v;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[o++] = (bits >> count) & 255;
    }
  }
  return out;
}

/**
 * The bytes of the committed kernels module (kernels.generated.ts).
 *
 * @example
 * ```ts
 * kernelBytes()[0]; // 0 (the "\0asm" magic)
 * ```
 */
export function kernelBytes(): Uint8Array<ArrayBuffer> {
  return decodeBase64(kernelsBase64);
}

let cached: WasmKernels | null | undefined;

/**
 * The kernels, compiled and instantiated synchronously on first use (the module is under 1 KiB,
 * which every runtime allows synchronously); `null` where WebAssembly or its fixed-width SIMD
 * is not available.
 *
 * @example
 * ```ts
 * const k = wasmKernels();
 * if (k !== null) k.memory.buffer.byteLength; // 65536
 * ```
 */
export function wasmKernels(): WasmKernels | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (typeof WebAssembly !== "object") return cached;
  try {
    const bytes = kernelBytes();
    if (!WebAssembly.validate(bytes)) return cached;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    cached = instance.exports as unknown as WasmKernels;
  } catch {
    cached = null;
  }
  return cached;
}
