import type { Activation, ActivationName, ElementwiseActivationName } from "./activation.ts";
import { leakyRelu } from "./leaky-relu.ts";
import { linear } from "./linear.ts";
import { relu } from "./relu.ts";
import { sigmoid } from "./sigmoid.ts";
import { softmax } from "./softmax.ts";
import { tanh } from "./tanh.ts";

/**
 * Every built-in element-wise activation by name (softmax, which works on columns, is
 * resolved by {@link getActivation} but is not listed here).
 *
 * @example
 * ```ts
 * activations.relu.forward(-1); // 0
 * ```
 */
export const activations: Readonly<Record<ElementwiseActivationName, Activation>> = Object.freeze({
  relu,
  sigmoid,
  tanh,
  leakyRelu,
  linear,
});

/**
 * Names accepted in an architecture, in the order documented (softmax last).
 *
 * @example
 * ```ts
 * activationNames.includes("tanh"); // true
 * ```
 */
export const activationNames: readonly ActivationName[] = Object.freeze([
  ...(Object.keys(activations) as ElementwiseActivationName[]),
  "softmax" as const,
]);

/**
 * Looks an activation up by name (the notebook's spellings `"relu"`, `"sigmoid"` and also
 * `"leaky_relu"`, `"identity"` are accepted). Throws a `RangeError` listing the valid names.
 *
 * @example
 * ```ts
 * getActivation("sigmoid").forward(0); // 0.5
 * ```
 */
export function getActivation(name: unknown, where = "activation"): Activation {
  if (typeof name === "string") {
    const key = ALIASES[name] ?? name;
    if (Object.hasOwn(activations, key)) return activations[key as ElementwiseActivationName];
    if (key === "softmax") return softmax;
  }
  throw new RangeError(
    `${where}: unknown activation ${typeof name === "string" ? JSON.stringify(name) : String(name)}; expected one of ${activationNames.map((n) => `"${n}"`).join(", ")}`,
  );
}

const ALIASES: Record<string, ActivationName> = {
  leaky_relu: "leakyRelu",
  identity: "linear",
};
