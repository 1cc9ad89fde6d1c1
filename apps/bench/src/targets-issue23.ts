// Issue 23's targets: the default engine's own rows beside every "best plainnet" figure (no
// FMA, one thread, float64: what `Network` and `train` run unless asked otherwise), the wide
// workload's new goals, and the mini-batch workloads against scikit-learn and TensorFlow.js.
// Every target of the report, in report order, is ALL_TARGETS.
import { ISSUE9_TARGETS, type TargetSide, type TargetSpec } from "./targets.ts";

const NUMPY: TargetSide = { kind: "candidate", id: "numpy", text: "NumPy" };
const TFJS_WASM: TargetSide = { kind: "candidate", id: "tfjs-wasm", text: "TensorFlow.js wasm" };
const SKLEARN: TargetSide = { kind: "candidate", id: "sklearn", text: "scikit-learn MLP" };
/** What `engine: "auto"` runs for the full-batch workloads where WebAssembly SIMD exists. */
const DEFAULT_ENGINE: TargetSide = {
  kind: "candidate",
  id: "plainnet-wasm-f64",
  text: "default engine (fused wasm-simd f64, one thread, no FMA)",
};
const NETWORK_DEFAULT: TargetSide = {
  kind: "candidate",
  id: "plainnet-network",
  text: "Network.fit default (auto, float64, one thread)",
};
const NETWORK_F32: TargetSide = {
  kind: "candidate",
  id: "plainnet-network-f32",
  text: "Network.fit float32",
};

/**
 * Issue 23's targets. The `-default` rows repeat a "best plainnet" target with the default
 * engine in its place, so the report shows both ratios side by side.
 *
 * @example
 * ```ts
 * ISSUE23_TARGETS.find((t) => t.id === "digits-default")?.goal; // 0.5
 * ```
 */
export const ISSUE23_TARGETS: readonly TargetSpec[] = [
  {
    id: "headline-default",
    workload: "headline",
    title: "headline float64, default engine (issue 23)",
    numerator: DEFAULT_ENGINE,
    denominator: NUMPY,
    op: "<=",
    goal: 0.8,
  },
  {
    id: "seed-net-default",
    workload: "seed-net",
    title: "seed-net, default engine",
    numerator: NUMPY,
    denominator: DEFAULT_ENGINE,
    op: ">=",
    goal: 10,
  },
  {
    id: "headline-tfjs-default",
    workload: "headline",
    title: "headline vs TensorFlow.js, default engine",
    numerator: TFJS_WASM,
    denominator: DEFAULT_ENGINE,
    op: ">=",
    goal: 5,
  },
  {
    id: "wide-f64-23",
    workload: "wide",
    title: "wide float64 (issue 23's goal)",
    numerator: { kind: "best-plainnet", precision: "float64", text: "best plainnet float64" },
    denominator: NUMPY,
    op: "<=",
    goal: 1.5,
  },
  {
    id: "wide-default",
    workload: "wide",
    title: "wide float64, default engine",
    numerator: DEFAULT_ENGINE,
    denominator: NUMPY,
    op: "<=",
    goal: 2,
  },
  {
    id: "wide-f32-x2",
    workload: "wide",
    title: "wide float32, two threads (issue 23)",
    numerator: {
      kind: "candidate",
      id: "plainnet-wasm-f32-x2",
      text: "plainnet wasm-simd f32, 2 threads",
    },
    denominator: NUMPY,
    op: "<=",
    goal: 0.6,
  },
  {
    id: "digits-default",
    workload: "digits",
    title: "digits, default (issue 23)",
    numerator: NETWORK_DEFAULT,
    denominator: SKLEARN,
    op: "<=",
    goal: 0.5,
  },
  {
    id: "digits-default-stretch",
    workload: "digits",
    title: "digits, default, stretch goal (issue 23)",
    numerator: NETWORK_DEFAULT,
    denominator: SKLEARN,
    op: "<=",
    goal: 0.25,
  },
  {
    id: "digits-f32",
    workload: "digits",
    title: "digits float32 (issue 23)",
    numerator: NETWORK_F32,
    denominator: SKLEARN,
    op: "<=",
    goal: 0.25,
  },
  {
    id: "digits-tfjs",
    workload: "digits",
    title: "digits vs TensorFlow.js (issue 23)",
    numerator: NETWORK_DEFAULT,
    denominator: TFJS_WASM,
    op: "<=",
    goal: 0.1,
  },
  {
    id: "regression-default",
    workload: "regression",
    title: "regression, default (digits' goal; issue 23 sets none)",
    numerator: NETWORK_DEFAULT,
    denominator: SKLEARN,
    op: "<=",
    goal: 0.5,
  },
  {
    id: "regression-f32",
    workload: "regression",
    title: "regression float32 (digits' goal; issue 23 sets none)",
    numerator: NETWORK_F32,
    denominator: SKLEARN,
    op: "<=",
    goal: 0.25,
  },
];

/** Where each issue 23 target goes: after the issue 9 target it stands beside. */
const AFTER: Readonly<Record<string, string>> = {
  "headline-default": "headline-f64-1t",
  "seed-net-default": "seed-net",
  "headline-tfjs-default": "headline-tfjs",
  "wide-f64-23": "wide-f64",
  "wide-default": "wide-f64",
  "wide-f32-x2": "wide-f64",
};

/**
 * Every target of the report, in report order: issue 9's, each followed by the issue 23 rows
 * that stand beside it (the default engine's ratio next to a "best plainnet" one), then the
 * mini-batch workloads' targets.
 *
 * @example
 * ```ts
 * ALL_TARGETS.map((t) => t.id).slice(0, 3); // ["headline-f64", "headline-f64-1t", "headline-default"]
 * ```
 */
export const ALL_TARGETS: readonly TargetSpec[] = [
  ...ISSUE9_TARGETS.flatMap((t) => [t, ...ISSUE23_TARGETS.filter((x) => AFTER[x.id] === t.id)]),
  ...ISSUE23_TARGETS.filter((x) => AFTER[x.id] === undefined),
];
