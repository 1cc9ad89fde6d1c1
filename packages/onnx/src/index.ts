// @plainnet/onnx: ONNX export (toONNX) and import (fromONNX) of plainnet networks.
export type { OnnxDtype } from "./dtype.ts";
export { InvalidOnnxError, UnsupportedOnnxError } from "./errors.ts";
export { type FromOnnxOptions, fromONNX, networkFromImport } from "./from-onnx.ts";
export { ONNX_MAX_ELEMENTS } from "./limits.ts";
export { METADATA_KEYS } from "./metadata.ts";
export type { ExportableNetwork } from "./network-extras.ts";
export {
  type ImportedLayer,
  type ImportedModel,
  type ImportedScaler,
  type ReadOnnxOptions,
  readONNX,
} from "./read-onnx.ts";
export { OUTPUT_NAMES, type ToOnnxOptions, toONNX } from "./to-onnx.ts";
export { IR_VERSION, OPSET_VERSION, PRODUCER_NAME, VERSION } from "./version.ts";
