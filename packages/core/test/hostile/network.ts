import {
  ConcurrentTrainingError,
  InvalidModelError,
  Matrix,
  Network,
  NotFittedError,
  typedArrayBackend,
} from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

// Hostile input to the Network class's preprocessing, labels, starting weights, retraining
// and the saved fields that carry them (issues 22.2, 21.4, 21.5).

const X = [
  [0, 0],
  [1, 1],
  [0, 1],
  [1, 0],
];
const y = [0, 0, 1, 1];
const quiet = { epochs: 1, warn: false } as const;

const good = (): Network["params"] => new Network([2, 3, 1]).params;

/** A saved, trained binary network with a standard scaler and string classes. */
function saved(): Record<string, unknown> {
  const net = new Network<string>([2, 3, 1], { seed: 1, scale: "standard" });
  net.fit(X, ["no", "no", "yes", "yes"], quiet);
  return JSON.parse(JSON.stringify(net)) as Record<string, unknown>;
}

/** A saved float32 network. */
function saved32(): Record<string, unknown> {
  const net = new Network([2, 3, 1], { seed: 1, dtype: "float32" });
  net.fit(X, y, quiet);
  return JSON.parse(JSON.stringify(net)) as Record<string, unknown>;
}

const withField = (key: string, value: unknown) => (): Network =>
  Network.fromJSON({ ...saved(), [key]: value });

export const cases: HostileCase[] = [
  // --- the scale option ---------------------------------------------------------------------
  {
    name: 'scale: "z-score"',
    run: () => new Network([2, 1], { scale: "z-score" as never }),
    error: RangeError,
    message: 'new Network: scale must be "standard" (zero mean, unit variance) or "minmax"',
  },
  {
    name: 'scale: "Standard" (capitalised)',
    run: () => new Network([2, 1], { scale: "Standard" as never }),
    error: RangeError,
    message: 'got string "Standard"; did you mean "standard"?',
  },
  {
    name: "scale: 1",
    run: () => new Network([2, 1], { scale: 1 as never }),
    error: RangeError,
    message: "new Network: scale must be",
  },
  {
    name: 'scaler: "standard" (unknown option)',
    run: () => new Network([2, 1], { scaler: "standard" } as never),
    error: RangeError,
    message: 'new Network: unknown option "scaler"',
  },
  {
    name: "predict before fit with a scaler",
    run: () => new Network([2, 1], { scale: "standard" }).predict(X),
    error: NotFittedError,
    message: 'predict: this network scales its inputs (scale: "standard")',
  },
  {
    name: "toFunctionSource before fit with a scaler",
    run: () => new Network([2, 1], { scale: "minmax" }).toFunctionSource(),
    error: NotFittedError,
    message: "toFunctionSource: this network scales its inputs",
  },
  {
    name: "weights: [...] (another library's name for params)",
    run: () => new Network([2, 1], { weights: [] } as never),
    error: RangeError,
    message: 'new Network: unknown option "weights"; did you mean params?',
  },
  {
    name: "options: null",
    run: () => new Network([2, 1], null as never),
    error: TypeError,
    message: "new Network: options must be an object, got null",
  },
  // --- starting weights ---------------------------------------------------------------------
  {
    name: "params: a string",
    run: () => new Network([2, 3, 1], { params: "weights" as never }),
    error: TypeError,
    message: "new Network: params must be an array of { W, b } (one per layer), got string",
  },
  {
    name: "params: one layer for two",
    run: () => new Network([2, 3, 1], { params: good().slice(0, 1) }),
    error: RangeError,
    message: "new Network: params has 1 layers but the network has 2",
  },
  {
    name: "params[0].W transposed (2x3 for 3x2)",
    run: () =>
      new Network([2, 3, 1], { params: [{ W: Matrix.zeros(2, 3), b: good()[0]!.b }, good()[1]!] }),
    error: RangeError,
    message: "params[0].W is 2x3 but layer 0 needs 3x2 (outputDim x inputDim)",
  },
  {
    name: "params[1].b of 2 rows for 1 unit",
    run: () => new Network([2, 3, 1], { params: [good()[0]!, { W: good()[1]!.W, b: [1, 2] }] }),
    error: RangeError,
    message: "params[1].b is 2x1 but layer 1 needs 1x1",
  },
  {
    name: "params with NaN",
    run: () =>
      new Network([2, 3, 1], {
        params: [
          {
            W: [
              [0, 0],
              [Number.NaN, 0],
              [0, 0],
            ],
            b: good()[0]!.b,
          },
          good()[1]!,
        ],
      }),
    error: RangeError,
    message: "params[0].W: expected a finite number at [1][0], got NaN",
  },
  {
    name: "params with Infinity in a bias",
    run: () => new Network([2, 3, 1], { params: [good()[0]!, { W: good()[1]!.W, b: [Infinity] }] }),
    error: RangeError,
    message: "params[1].b: expected a finite number at [0][0], got Infinity",
  },
  {
    name: "params[0] null",
    run: () => new Network([2, 3, 1], { params: [null, good()[1]] as never }),
    error: TypeError,
    message: "new Network: params[0] must be { W, b }, got null",
  },
  {
    name: "params[0] with an own __proto__ key",
    run: () =>
      new Network([2, 3, 1], {
        params: [
          JSON.parse('{"W": [[0,0],[0,0],[0,0]], "b": [0,0,0], "__proto__": {}}'),
          good()[1],
        ],
      }),
    error: RangeError,
    message: 'params[0] has an unknown key "__proto__"',
  },
  {
    name: "params[0].W a flat array",
    run: () =>
      new Network([2, 3, 1], {
        params: [{ W: [1, 2, 3, 4, 5, 6], b: [0, 0, 0] }, good()[1]] as never,
      }),
    error: TypeError,
    message: "params[0].W: expected a Matrix or nested arrays (number[][]), got array(6)",
  },
  {
    name: "setParams with the wrong shapes",
    run: () => new Network([2, 3, 1]).setParams(new Network([2, 4, 1]).params),
    error: RangeError,
    message: "setParams: params[0].W is 4x2 but layer 0 needs 3x2",
  },
  // --- class labels -------------------------------------------------------------------------
  {
    name: "labels mixing strings and numbers",
    run: () => new Network([2, 3, 1]).fit(X, ["a", 1, "a", 1] as never, quiet),
    error: TypeError,
    message: "fit: y: class labels must all be strings or all numbers",
  },
  {
    name: "a null among string labels",
    run: () => new Network([2, 3, 1]).fit(X, ["a", null, "b", "a"] as never, quiet),
    error: TypeError,
    message: "class labels must all be strings or all numbers, got null at index 1",
  },
  {
    name: "four distinct labels for a 3-unit softmax",
    run: () => new Network<string>([2, 3, 3]).fit(X, ["a", "b", "c", "d"], quiet),
    error: RangeError,
    message:
      'y has 4 distinct labels ("a", "b", "c", "d") but the network has a softmax output of 3 units',
  },
  {
    name: "one distinct label for a binary network",
    run: () => new Network<string>([2, 3, 1]).fit(X, ["a", "a", "a", "a"], quiet),
    error: RangeError,
    message: 'y has 1 distinct labels ("a") but the network has a sigmoid output (2 classes)',
  },
  {
    name: "evaluate with a label the network does not know",
    run: () => {
      const net = new Network<string>([2, 3, 1]);
      net.fit(X, ["a", "b", "a", "b"], quiet);
      return net.evaluate(X, ["a", "b", "c", "a"]);
    },
    error: RangeError,
    message: 'evaluate: y: label "c" at index 2 is not one of the network\'s classes ("a", "b")',
  },
  {
    name: "validation labels outside the training classes",
    run: () =>
      new Network<string>([2, 3, 1]).fit(X, ["a", "b", "a", "b"], {
        ...quiet,
        validationData: [X, ["a", "b", "z", "a"]],
      }),
    error: RangeError,
    message: 'fit: validationData: y: label "z" at index 2 is not one of the network\'s classes',
  },
  {
    name: "string labels for a regression network",
    run: () =>
      new Network([2, 3, 1], { outputActivation: "linear" }).fit(
        X,
        ["a", "b", "a", "b"] as never,
        quiet,
      ),
    error: RangeError,
    message: 'fit: y: expected a finite number at index 0, got string "a"',
  },
  // --- retraining ---------------------------------------------------------------------------
  {
    name: "two overlapping fitAsync calls",
    run: async () => {
      const net = new Network([2, 3, 1]);
      const first = net.fitAsync(X, y, {
        epochs: 3,
        warn: false,
        callbacks: { onEpochEnd: () => new Promise((r) => setTimeout(r, 0)) },
      });
      try {
        await net.fitAsync(X, y, quiet);
      } finally {
        await first;
      }
    },
    error: ConcurrentTrainingError,
    message: "fitAsync: this network is already training",
    defect: "21.4",
  },
  {
    name: "fit from inside its own onEpochEnd",
    run: () => {
      const net = new Network([2, 3, 1]);
      net.fit(X, y, { ...quiet, callbacks: { onEpochEnd: () => void net.fit(X, y, quiet) } });
    },
    error: ConcurrentTrainingError,
    message: "fit: this network is already training",
    defect: "21.4",
  },
  {
    name: "setParams from inside onEpochEnd",
    run: () => {
      const net = new Network([2, 3, 1]);
      net.fit(X, y, { ...quiet, callbacks: { onEpochEnd: () => net.setParams(net.params) } });
    },
    error: ConcurrentTrainingError,
    message: "setParams: this network is already training",
    defect: "21.4",
  },
  {
    name: "verbose: 1",
    run: () => new Network([2, 3, 1]).fit(X, y, { epochs: 1, verbose: 1 as never }),
    error: TypeError,
    message: "fit: verbose must be true, false or { write, isTTY }, got 1",
  },
  // --- saved fields -------------------------------------------------------------------------
  {
    name: 'model file: scale "robust"',
    run: withField("scale", "robust"),
    error: InvalidModelError,
    message: 'Network.fromJSON: scale: expected must be "standard"',
  },
  {
    name: "model file: a scaler without scale",
    run: withField("scale", null),
    error: InvalidModelError,
    message: 'scaler: a fitted scaler needs "scale"',
  },
  {
    name: 'model file: a MinMaxScaler under scale "standard"',
    run: () => {
      const doc = saved();
      return Network.fromJSON({
        ...doc,
        scaler: {
          type: "MinMaxScaler",
          featureRange: [0, 1],
          clip: false,
          nFeaturesIn: 2,
          nSamplesSeen: 4,
          dataMin: [0, 0],
          dataMax: [1, 1],
        },
      });
    },
    error: InvalidModelError,
    message: 'scaler: StandardScaler.fromJSON: expected "type": "StandardScaler"',
  },
  {
    name: "model file: a scaler fitted on 3 features for 2 inputs",
    run: () => {
      const doc = saved();
      const s = doc.scaler as Record<string, unknown>;
      return Network.fromJSON({
        ...doc,
        scaler: { ...s, nFeaturesIn: 3, mean: [0, 0, 0], var: [1, 1, 1], scale: [1, 1, 1] },
      });
    },
    error: InvalidModelError,
    message: "scaler: the scaler was fitted on 3 features but the input layer has 2",
  },
  {
    name: "model file: a scaler dividing by zero",
    run: () => {
      const doc = saved();
      return Network.fromJSON({ ...doc, scaler: { ...(doc.scaler as object), scale: [0, 1] } });
    },
    error: InvalidModelError,
    message: 'scaler: StandardScaler.fromJSON: "scale"[0] must be positive',
  },
  {
    name: "model file: classes out of order",
    run: withField("classes", ["yes", "no"]),
    error: InvalidModelError,
    message: "classes: entries must be distinct and sorted",
  },
  {
    name: "model file: three classes for one sigmoid unit",
    run: withField("classes", ["a", "b", "c"]),
    error: InvalidModelError,
    message: "classes: expected 2 labels (one per class), got 3",
  },
  {
    name: "model file: classes mixing types",
    run: withField("classes", [0, "b"]),
    error: InvalidModelError,
    message: 'classes: entry 1 is "b"; expected all strings or all numbers',
  },
  {
    name: "model file: classes on a regression network",
    run: () => {
      const net = new Network([2, 3, 1], { outputActivation: "linear" });
      return Network.fromJSON({ ...net.toJSON(), classes: [0, 1] });
    },
    error: InvalidModelError,
    message: "classes: only a binary or multi-class network has classes",
  },
  {
    name: 'model file: dtype "float16"',
    run: withField("dtype", "float16"),
    error: InvalidModelError,
    message: "Network.fromJSON: dtype: ",
    defect: "21.5",
  },
  {
    name: 'model file: engine "gpu"',
    run: withField("engine", "gpu"),
    error: InvalidModelError,
    message: "Network.fromJSON: engine: ",
    defect: "21.5",
  },
  {
    name: 'model file: float32 on engine "reference"',
    run: () => Network.fromJSON({ ...saved32(), engine: "reference" }),
    error: InvalidModelError,
    message: 'dtype: "float32" needs a fused engine, but engine is "reference"',
    defect: "21.5",
  },
  {
    name: 'fromJSON({ dtype: "float16" })',
    run: () => Network.fromJSON(saved32(), { dtype: "float16" as never }),
    error: RangeError,
    message: "Network.fromJSON: dtype must be",
    defect: "21.5",
  },
  {
    name: "fromJSON with an unknown option",
    run: () => Network.fromJSON(saved32(), { dType: "float32" } as never),
    error: RangeError,
    message: 'Network.fromJSON: unknown option "dType"',
    defect: "21.5",
  },
  {
    name: "a float32 model loaded on a backend (float64 only), dtype not given",
    run: () => Network.fromJSON(saved32(), { backend: typedArrayBackend }),
    error: RangeError,
    message: 'the network was saved with dtype "float32", which needs a fused engine',
    defect: "21.5",
  },
];
