// @plainnet/tfjs: TensorFlow.js export of plainnet networks (see ./fs for the folder writer).
export {
  type ExportableNetwork,
  type KerasLayerJSON,
  type KerasSequentialJSON,
  type TfjsArtifacts,
  type TfjsModelFiles,
  type TfjsOptions,
  type TfjsWeightSpec,
  toTfjsArtifacts,
  toTfjsModelFiles,
} from "./artifacts.ts";
export { VERSION } from "./version.ts";
