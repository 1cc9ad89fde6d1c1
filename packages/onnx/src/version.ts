/**
 * The version of @plainnet/onnx (kept equal to package.json's by a test), written into every
 * exported model as its `producer_version`.
 *
 * @example
 * ```ts
 * VERSION; // "0.0.0"
 * ```
 */
export const VERSION: string = "0.0.0";

/**
 * The ONNX IR version of exported models (8: ONNX 1.10 and later, ONNX Runtime 1.10 and later).
 *
 * @example
 * ```ts
 * IR_VERSION; // 8
 * ```
 */
export const IR_VERSION = 8;

/**
 * The `ai.onnx` opset of exported models (17: every op used has had its current form since
 * opset 13, Softmax on one axis included).
 *
 * @example
 * ```ts
 * OPSET_VERSION; // 17
 * ```
 */
export const OPSET_VERSION = 17;

/**
 * The `producer_name` of exported models.
 *
 * @example
 * ```ts
 * PRODUCER_NAME; // "@plainnet/onnx"
 * ```
 */
export const PRODUCER_NAME = "@plainnet/onnx";
