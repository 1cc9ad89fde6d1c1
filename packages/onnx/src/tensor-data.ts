import { InvalidOnnxError } from "./errors.ts";
import { type TensorProto, TensorProto_DataLocation, TensorProto_DataType } from "./gen/onnx_pb.ts";
import { checkOnnxElements } from "./limits.ts";

/** A decoded numeric tensor: its dims and its values as float64. */
export interface DecodedTensor {
  readonly dims: readonly number[];
  readonly data: Float64Array;
}

const TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(TensorProto_DataType).map(([k, v]) => [v, k]),
);

/**
 * The name of an ONNX element type code (`1` -> `"FLOAT"`), or `"type <n>"`.
 *
 * @example
 * ```ts
 * dataTypeName(11); // "DOUBLE"
 * ```
 */
export function dataTypeName(code: number): string {
  return TYPE_NAMES[code] ?? `type ${code}`;
}

/**
 * Checks a tensor's dims (non-negative, product within plainnet's limit) and that its data is
 * stored inside the model; returns the dims as numbers and the element count.
 *
 * @example
 * ```ts
 * tensorShape(t, "initializer W0"); // { dims: [3, 2], count: 6 }
 * ```
 */
export function tensorShape(
  t: TensorProto,
  what: string,
): { readonly dims: readonly number[]; readonly count: number } {
  if (t.dataLocation === TensorProto_DataLocation.EXTERNAL || t.externalData.length > 0) {
    const loc = t.externalData.find((e) => e.key === "location")?.value;
    throw new InvalidOnnxError(
      `fromONNX: ${what} keeps its data in an external file${loc === undefined ? "" : ` (${JSON.stringify(loc)})`}; only models with every tensor inside the file can be imported`,
    );
  }
  if (t.segment !== undefined) {
    throw new InvalidOnnxError(`fromONNX: ${what} is a segment of a tensor; not supported`);
  }
  let count = 1;
  const dims: number[] = [];
  for (const d of t.dims) {
    if (d < 0n || d > 2n ** 53n) {
      throw new InvalidOnnxError(`fromONNX: ${what} has an invalid dimension ${d}`);
    }
    dims.push(Number(d));
    count *= Number(d);
  }
  checkOnnxElements(`${what} [${dims.join(", ")}]`, count);
  return { dims, count };
}

/**
 * Decodes a FLOAT or DOUBLE tensor (raw_data or float_data/double_data) to float64 after
 * checking its size, that the data holds exactly its shape's count, and (unless `finite` is
 * false) that every value is finite.
 *
 * @example
 * ```ts
 * floatValues(initializer, "initializer W0").data; // Float64Array
 * ```
 */
export function floatValues(t: TensorProto, what: string, finite = true): DecodedTensor {
  const { dims, count } = tensorShape(t, what);
  const type = t.dataType;
  if (type !== TensorProto_DataType.FLOAT && type !== TensorProto_DataType.DOUBLE) {
    throw new InvalidOnnxError(
      `fromONNX: ${what} has element type ${dataTypeName(type)}; expected FLOAT or DOUBLE weights`,
    );
  }
  const size = type === TensorProto_DataType.DOUBLE ? 8 : 4;
  const typed = type === TensorProto_DataType.DOUBLE ? t.doubleData : t.floatData;
  const raw = t.rawData;
  const stored = raw.length > 0 ? raw.length / size : typed.length;
  if (stored !== count) {
    throw new InvalidOnnxError(
      `fromONNX: ${what} declares shape [${dims.join(", ")}] (${count} values) but holds ${raw.length > 0 ? `${raw.length} bytes of data` : `${typed.length} values`}`,
    );
  }
  const data = new Float64Array(count);
  if (raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) {
      data[i] = size === 8 ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true);
    }
  } else {
    for (let i = 0; i < count; i++) data[i] = typed[i]!;
  }
  if (finite) {
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(data[i]!)) {
        throw new InvalidOnnxError(
          `fromONNX: ${what} holds a non-finite value (${data[i]}) at index ${i}; every weight must be finite`,
        );
      }
    }
  }
  return { dims, data };
}

/**
 * Decodes a tensor of labels or indices: strings (UTF-8) or integers (INT32/INT64, also as
 * raw data), or FLOAT/DOUBLE numbers.
 *
 * @example
 * ```ts
 * labelValues(classes, "initializer classes"); // ["cat", "dog"] or [0, 1, 2]
 * ```
 */
export function labelValues(t: TensorProto, what: string): string[] | number[] {
  const { dims, count } = tensorShape(t, what);
  const type = t.dataType;
  const mismatch = (held: string): InvalidOnnxError =>
    new InvalidOnnxError(
      `fromONNX: ${what} declares shape [${dims.join(", ")}] (${count} values) but holds ${held}`,
    );
  if (type === TensorProto_DataType.STRING) {
    if (t.stringData.length !== count) throw mismatch(`${t.stringData.length} strings`);
    const dec = new TextDecoder("utf-8", { fatal: false });
    return t.stringData.map((s) => dec.decode(s));
  }
  if (type === TensorProto_DataType.INT64 || type === TensorProto_DataType.INT32) {
    const size = type === TensorProto_DataType.INT64 ? 8 : 4;
    const raw = t.rawData;
    if (raw.length > 0) {
      if (raw.length !== count * size) throw mismatch(`${raw.length} bytes of data`);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      return Array.from({ length: count }, (_, i) =>
        size === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true),
      );
    }
    const typed: readonly (number | bigint)[] =
      type === TensorProto_DataType.INT64 ? t.int64Data : t.int32Data;
    if (typed.length !== count) throw mismatch(`${typed.length} values`);
    return typed.map((v) => Number(v));
  }
  return Array.from(floatValues(t, what).data);
}
