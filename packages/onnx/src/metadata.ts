import { create } from "@bufbuild/protobuf";
import type { StringStringEntryProto } from "./gen/onnx_pb.ts";
import { StringStringEntryProtoSchema } from "./gen/onnx_pb.ts";
import type { ExportableNetwork, NetworkExtras } from "./network-extras.ts";

/**
 * Keys of the metadata `toONNX` writes (`metadata_props`); values are JSON text.
 * `architecture`: the layers `{ inputDim, outputDim, activation }`; `loss`: the loss name;
 * `training`: the network's training record (seed, initializer, last fit's settings, data
 * set); `dtype`: the graph's element type; `task`; `classes`: the class labels; `scale` and
 * `scaler`: the scaler option and the fitted scaler's own JSON; `settings`: the network's
 * `engine` and `dtype` options.
 *
 * @example
 * ```ts
 * JSON.parse(readONNX(bytes).metadata[METADATA_KEYS.training]!).seed; // 2
 * ```
 */
export const METADATA_KEYS: {
  readonly architecture: "plainnet.architecture";
  readonly loss: "plainnet.loss";
  readonly training: "plainnet.training";
  readonly dtype: "plainnet.dtype";
  readonly task: "plainnet.task";
  readonly classes: "plainnet.classes";
  readonly scale: "plainnet.scale";
  readonly scaler: "plainnet.scaler";
  readonly settings: "plainnet.settings";
} = Object.freeze({
  architecture: "plainnet.architecture",
  loss: "plainnet.loss",
  training: "plainnet.training",
  dtype: "plainnet.dtype",
  task: "plainnet.task",
  classes: "plainnet.classes",
  scale: "plainnet.scale",
  scaler: "plainnet.scaler",
  settings: "plainnet.settings",
});

const entry = (key: string, value: unknown): StringStringEntryProto =>
  create(StringStringEntryProtoSchema, { key, value: JSON.stringify(value) });

/**
 * The metadata entries of a network's ONNX model.
 *
 * @example
 * ```ts
 * metadataOf(net, "float64", networkExtras(net)).map((e) => e.key); // ["plainnet.architecture", ...]
 * ```
 */
export function metadataOf(
  net: ExportableNetwork,
  dtype: string,
  extras: NetworkExtras,
): StringStringEntryProto[] {
  const out = [
    entry(
      METADATA_KEYS.architecture,
      net.architecture.map((l) => ({
        inputDim: l.inputDim,
        outputDim: l.outputDim,
        activation: l.activation.name,
      })),
    ),
    entry(METADATA_KEYS.loss, net.loss.name),
    entry(METADATA_KEYS.training, net.trainingRecord),
    entry(METADATA_KEYS.dtype, dtype),
    entry(METADATA_KEYS.task, net.task),
  ];
  if (extras.engine !== null || extras.dtype !== null) {
    out.push(entry(METADATA_KEYS.settings, { engine: extras.engine, dtype: extras.dtype }));
  }
  if (extras.classes !== null) out.push(entry(METADATA_KEYS.classes, extras.classes));
  if (extras.scale !== null) out.push(entry(METADATA_KEYS.scale, extras.scale));
  if (extras.scaler !== null) out.push(entry(METADATA_KEYS.scaler, extras.scaler.json));
  return out;
}
