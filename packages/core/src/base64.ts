const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP: Int16Array = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/**
 * The bytes of float64 values in little-endian order, as standard base64 (RFC 4648, with
 * padding): an exact, engine- and platform-independent text form of every bit, -0 included.
 *
 * @example
 * ```ts
 * float64ToBase64(new Float64Array([1])); // "AAAAAAAA8D8="
 * ```
 */
export function float64ToBase64(values: Float64Array): string {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i] as number, true);
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out +=
      ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}${ALPHABET[(n >> 6) & 63]!}=`;
  }
  return out;
}

/**
 * Decodes {@link float64ToBase64}'s text into `count` float64 values. Returns a string that
 * describes the problem instead of throwing (bad characters, bad padding, wrong length).
 *
 * @example
 * ```ts
 * (base64ToFloat64("AAAAAAAA8D8=", 1) as Float64Array)[0]; // 1
 * ```
 */
export function base64ToFloat64(text: string, count: number): Float64Array | string {
  const bytesNeeded = count * 8;
  const expectedLength = Math.ceil(bytesNeeded / 3) * 4;
  if (text.length !== expectedLength) {
    return `base64 text of ${count} float64 values must have ${expectedLength} characters, got ${text.length}`;
  }
  const pad = bytesNeeded % 3 === 0 ? 0 : 3 - (bytesNeeded % 3);
  const bytes = new Uint8Array(bytesNeeded);
  let b = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const code = text.charCodeAt(i + k);
      const last = i + 4 === text.length;
      if (last && k >= 4 - pad) {
        if (code !== 61) return `base64 text must end with ${pad} "=" padding`;
        n <<= 6;
        continue;
      }
      const v = code < 128 ? (LOOKUP[code] as number) : -1;
      if (v < 0)
        return `invalid base64 character ${JSON.stringify(text[i + k])} at position ${i + k}`;
      n = (n << 6) | v;
    }
    if (b < bytesNeeded) bytes[b++] = (n >> 16) & 255;
    if (b < bytesNeeded) bytes[b++] = (n >> 8) & 255;
    if (b < bytesNeeded) bytes[b++] = n & 255;
  }
  const view = new DataView(bytes.buffer);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}
