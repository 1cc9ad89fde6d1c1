import { decodeNetwork } from "../../src/engine.ts";
import { InvalidModelError, Network } from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

type Doc = Record<string, unknown> & {
  architecture: Record<string, unknown>[];
  params: Record<string, Record<string, unknown>>[];
  rng: Record<string, unknown>;
};

/** A valid saved [2, 3, k] network (k = 1: sigmoid + BCE; k > 1: softmax + CCE), edited by `edit`. */
function saved(edit: (doc: Doc) => void, outputs = 1): Doc {
  const doc = new Network([2, 3, outputs]).toJSON() as unknown as Doc;
  edit(doc);
  return doc;
}

/** Both entry points must reject the file the same way. */
const decode = (doc: unknown) => (): unknown => decodeNetwork(doc);
const fromJSON = (doc: unknown) => (): unknown => Network.fromJSON(doc);

const zeroKey = (d: Doc): void => {
  d.rng.key = new Array(624).fill(0);
};

/** Corrupt or inconsistent model files (issue 21.10 and the decoder's other checks). */
export const cases: HostileCase[] = [
  {
    name: "model file: categorical cross-entropy with a sigmoid output",
    run: decode(
      saved((d) => {
        d.loss = "categoricalCrossEntropy";
      }),
    ),
    error: InvalidModelError,
    message:
      'loss: "categoricalCrossEntropy" needs a softmax output layer, but architecture[1].activation is "sigmoid"',
    defect: "21.10",
  },
  {
    name: "model file via Network.fromJSON: categorical cross-entropy with a sigmoid output",
    run: fromJSON(
      saved((d) => {
        d.loss = "categoricalCrossEntropy";
      }),
    ),
    error: InvalidModelError,
    message: 'Network.fromJSON: loss: "categoricalCrossEntropy" needs a softmax output layer',
    defect: "21.10",
  },
  {
    name: "model file: binary cross-entropy with a softmax output",
    run: fromJSON(
      saved((d) => {
        d.loss = "binaryCrossEntropy";
      }, 3),
    ),
    error: InvalidModelError,
    message: 'loss: "binaryCrossEntropy" needs a sigmoid output layer',
    defect: "21.10",
  },
  {
    name: "model file: binary cross-entropy with a linear output",
    run: decode(
      saved((d) => {
        d.architecture[1]!.activation = "linear";
      }),
    ),
    error: InvalidModelError,
    message: 'but architecture[1].activation is "linear"',
    defect: "21.10",
  },
  {
    name: "model file: softmax over one unit (with categorical cross-entropy)",
    run: fromJSON(
      saved((d) => {
        d.architecture[1]!.activation = "softmax";
        d.loss = "categoricalCrossEntropy";
      }),
    ),
    error: InvalidModelError,
    message: "architecture[1].outputDim: a softmax over 1 unit always outputs 1",
    defect: "21.10",
  },
  {
    name: "model file: softmax over one unit (with mean squared error)",
    run: decode(
      saved((d) => {
        d.architecture[1]!.activation = "softmax";
        d.loss = "meanSquaredError";
      }),
    ),
    error: InvalidModelError,
    message: "architecture[1].outputDim: a softmax over 1 unit",
    defect: "21.10",
  },
  {
    name: "model file: an all-zero rng key (randn would loop for ever)",
    run: decode(saved(zeroKey)),
    error: InvalidModelError,
    message: /^Network\.fromJSON: rng: .*key is degenerate/,
    defect: "21.10",
  },
  {
    name: "model file via Network.fromJSON: an all-zero rng key",
    run: fromJSON(saved(zeroKey)),
    error: InvalidModelError,
    message: "rng: RandomState.setState: key is degenerate",
    defect: "21.10",
  },
  {
    name: "model file: rng key zero except key[0] = 2**31 - 1 (still degenerate)",
    run: decode(
      saved((d) => {
        zeroKey(d);
        (d.rng.key as number[])[0] = 2 ** 31 - 1;
      }),
    ),
    error: InvalidModelError,
    message: "key is degenerate",
    defect: "21.10",
  },
  {
    name: "model file: rng key of 623 words",
    run: decode(
      saved((d) => {
        (d.rng.key as number[]).pop();
      }),
    ),
    error: InvalidModelError,
    message: "rng",
  },
  {
    name: "model file: rng pos 625",
    run: decode(
      saved((d) => {
        d.rng.pos = 625;
      }),
    ),
    error: InvalidModelError,
    message: "expected pos to be an integer 0..624, got 625",
  },
  {
    name: "model file: rng cachedGaussian NaN",
    run: decode(
      saved((d) => {
        d.rng.cachedGaussian = Number.NaN;
      }),
    ),
    error: InvalidModelError,
    message: "cachedGaussian",
  },
  {
    name: "model file: an unknown loss",
    run: decode(
      saved((d) => {
        d.loss = "hinge";
      }),
    ),
    error: InvalidModelError,
    message: 'loss: expected one of "binaryCrossEntropy"',
  },
  {
    name: "model file: an unknown activation",
    run: decode(
      saved((d) => {
        d.architecture[0]!.activation = "gelu";
      }),
    ),
    error: InvalidModelError,
    message: "architecture[0].activation",
  },
  {
    name: "model file: layer sizes that do not chain",
    run: decode(
      saved((d) => {
        d.architecture[1]!.inputDim = 4;
      }),
    ),
    error: InvalidModelError,
    message: "consecutive sizes must match",
  },
  {
    name: "model file: a 2e6-unit layer (above maxUnits)",
    run: decode(
      saved((d) => {
        d.architecture[0]!.outputDim = 2e6;
      }),
    ),
    error: InvalidModelError,
    message: "architecture[0].outputDim",
  },
  {
    name: "model file: W of the wrong shape",
    run: decode(
      saved((d) => {
        (d.params[0]!.W as Record<string, unknown>).shape = [2, 3];
      }),
    ),
    error: InvalidModelError,
    message: "params[0].W.shape",
  },
  {
    name: "model file: truncated base64 weights",
    run: decode(
      saved((d) => {
        const W = d.params[1]!.W as Record<string, string>;
        W.base64 = W.base64!.slice(0, 8);
      }),
    ),
    error: InvalidModelError,
    message: "params[1].W",
  },
  {
    name: "model file: a __proto__ key",
    run: decode(`{"__proto__": {"polluted": true}, ${JSON.stringify(saved(() => {})).slice(1)}`),
    error: InvalidModelError,
    message: "__proto__",
  },
  {
    name: "model file: not JSON",
    run: decode('{"format": "plainnet.network",'),
    error: InvalidModelError,
    message: "not valid JSON",
  },
  {
    name: "model file: another format",
    run: decode({ format: "keras" }),
    error: InvalidModelError,
    message: 'format: expected "plainnet.network"',
  },
  {
    name: "model file: from a newer version",
    run: decode(
      saved((d) => {
        d.version = 99;
      }),
    ),
    error: InvalidModelError,
    message: "written by a newer plainnet",
  },
  {
    name: "model file: a negative epoch",
    run: decode(
      saved((d) => {
        d.epoch = -1;
      }),
    ),
    error: InvalidModelError,
    message: "epoch",
  },
];
