/**
 * Thrown by `fromONNX` for bytes that are not a valid ONNX model of the kind it imports:
 * truncated or corrupt protobuf, tensors whose data does not match their shape, weights that
 * are not finite, shapes that do not chain, sizes over the limit. The message names what is
 * wrong and where.
 *
 * @example
 * ```ts
 * try { fromONNX(bytes); } catch (e) { if (e instanceof InvalidOnnxError) console.log(e.message); }
 * ```
 */
export class InvalidOnnxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidOnnxError";
  }
}

/**
 * Thrown by `fromONNX` for a well-formed model that uses an operator (or an operator setting)
 * outside the multilayer perceptrons it imports; names the node and its op type.
 *
 * @example
 * ```ts
 * try { fromONNX(bytes); } catch (e) { if (e instanceof UnsupportedOnnxError) console.log(e.opType); }
 * ```
 */
export class UnsupportedOnnxError extends InvalidOnnxError {
  /** The node's name (or `#index` when it has none). */
  readonly node: string;
  /** The node's op type (with its domain when not the default one). */
  readonly opType: string;

  constructor(node: string, opType: string, detail: string) {
    super(`fromONNX: unsupported node ${JSON.stringify(node)} (op type ${opType}): ${detail}`);
    this.name = "UnsupportedOnnxError";
    this.node = node;
    this.opType = opType;
  }
}
