import type { Activation } from "../activations/activation.ts";
import { getActivation } from "../activations/registry.ts";
import type { Architecture } from "../architecture.ts";
import type { Matrix } from "../matrix.ts";
import type { Params } from "../params.ts";

const ACTIVATION_SOURCE: Readonly<Record<string, string>> = {
  relu: "function (z) { for (var i = 0; i < z.length; i++) { var v = z[i]; z[i] = v > 0 ? v : v !== v ? v : 0; } return z; }",
  sigmoid:
    "function (z) { for (var i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i])); return z; }",
  tanh: "function (z) { for (var i = 0; i < z.length; i++) z[i] = Math.tanh(z[i]); return z; }",
  leakyRelu:
    "function (z) { for (var i = 0; i < z.length; i++) { var v = z[i]; z[i] = v > 0 ? v : 0.01 * v; } return z; }",
  linear: "function (z) { return z; }",
  softmax:
    "function (z) { var m = z[0], s = 0, i; for (i = 1; i < z.length; i++) if (z[i] > m) m = z[i]; " +
    "for (i = 0; i < z.length; i++) { z[i] = Math.exp(z[i] - m); s += z[i]; } " +
    "for (i = 0; i < z.length; i++) z[i] = z[i] / s; return z; }",
};

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Exact decimal text of a float64 (shortest round-trip form; `-0` kept). */
function literal(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

function builtIn(activation: Activation, layer: number): string {
  let known: Activation | undefined;
  try {
    known = getActivation(activation.name);
  } catch {
    known = undefined;
  }
  if (known !== activation || !Object.hasOwn(ACTIVATION_SOURCE, activation.name)) {
    throw new TypeError(
      `toFunction: layer ${layer} uses a custom activation ${JSON.stringify(activation.name)}; only the built-in activations can be exported`,
    );
  }
  return activation.name;
}

/**
 * Standalone JavaScript source (ES5, no imports) of a network's forward pass: a function
 * `name(input)` taking one sample's features (an array of numbers) and returning the output
 * layer's values as an array (for a sigmoid output, `[p]`; for softmax, the class
 * probabilities). The parameters are embedded as exact decimal literals and each unit is
 * computed as the reference backend does (`Σ w·a` left to right, then `+ b`); `exp` and `tanh`
 * come from the host's `Math`, so sigmoid/tanh/softmax outputs may differ from plainnet's in
 * the last bits. `scaleInput` (from `scalerSource`) is the network's input scaler as a JavaScript
 * expression of a function `(x, j)`: the generated function then takes raw features.
 *
 * @example
 * ```ts
 * const source = networkSource(net.architecture, net.params, "predict");
 * // save it as predict.js, or: const predict = new Function(`${source}; return predict;`)();
 * ```
 */
export function networkSource(
  architecture: Architecture,
  params: Params<Matrix>,
  name = "predict",
  scaleInput: string | null = null,
): string {
  if (typeof name !== "string" || !IDENTIFIER.test(name)) {
    throw new RangeError(
      `toFunction: name must be a JavaScript identifier, got ${JSON.stringify(name)}`,
    );
  }
  const acts = architecture.map((l, i) => builtIn(l.activation, i));
  const used = [...new Set(acts)];
  const inputDim = architecture[0]!.inputDim;
  const shape = [inputDim, ...architecture.map((l, i) => `${l.outputDim} (${acts[i]})`)].join(
    " -> ",
  );
  const lines: string[] = [];
  lines.push(`function ${name}(input) {`);
  lines.push(`  "use strict";`);
  lines.push(`  // Forward pass of a plainnet network, ${shape}. Generated code: no dependencies.`);
  lines.push(`  var activations = {`);
  used.forEach((a, i) => {
    lines.push(`    ${a}: ${ACTIVATION_SOURCE[a]}${i + 1 < used.length ? "," : ""}`);
  });
  lines.push(`  };`);
  lines.push(`  var layers = [`);
  architecture.forEach((l, i) => {
    const p = params[i]!;
    lines.push(`    {`);
    lines.push(`      units: ${l.outputDim}, inputs: ${l.inputDim}, activation: "${acts[i]}",`);
    lines.push(`      W: [${Array.from(p.W.data, literal).join(", ")}],`);
    lines.push(`      b: [${Array.from(p.b.data, literal).join(", ")}]`);
    lines.push(`    }${i + 1 < architecture.length ? "," : ""}`);
  });
  lines.push(`  ];`);
  if (scaleInput !== null) lines.push(`  var scaleInput = ${scaleInput};`);
  lines.push(
    `  if (input == null || typeof input.length !== "number" || input.length !== ${inputDim}) {`,
  );
  lines.push(
    `    throw new RangeError("${name}: expected an array of ${inputDim} numbers (one sample's features), got " + (input == null ? input : "length " + input.length));`,
  );
  lines.push(`  }`);
  lines.push(`  var a = [];`);
  lines.push(`  for (var i = 0; i < ${inputDim}; i++) {`);
  lines.push(
    `    if (typeof input[i] !== "number") throw new TypeError("${name}: input[" + i + "] is not a number");`,
  );
  lines.push(
    scaleInput === null ? `    a.push(input[i]);` : `    a.push(scaleInput(input[i], i));`,
  );
  lines.push(`  }`);
  lines.push(`  for (var l = 0; l < layers.length; l++) {`);
  lines.push(`    var layer = layers[l], z = [];`);
  lines.push(`    for (var r = 0; r < layer.units; r++) {`);
  lines.push(`      var s = 0;`);
  lines.push(
    `      for (var c = 0; c < layer.inputs; c++) s += layer.W[r * layer.inputs + c] * a[c];`,
  );
  lines.push(`      z.push(s + layer.b[r]);`);
  lines.push(`    }`);
  lines.push(`    a = activations[layer.activation](z);`);
  lines.push(`  }`);
  lines.push(`  return a;`);
  lines.push(`}`);
  return lines.join("\n");
}
