import { exp } from "../libm/exp.ts";
import { log } from "../libm/log.ts";
import { describe } from "../matrix.ts";
import { powInt } from "./pow-int.ts";

/**
 * A learning-rate schedule as plain data (saved by `toJSON`). With base rate lr₀:
 * - `{ type: "constant" }`: lr₀;
 * - `{ type: "step", stepSize, gamma }`: `lr₀ · gamma^⌊epoch / stepSize⌋` (PyTorch's `StepLR`);
 * - `{ type: "exponential", gamma }`: `lr₀ · gamma^epoch` (PyTorch's `ExponentialLR`);
 * - `{ type: "inverseScaling", powerT }`: `lr₀ / (samplesSeen + 1)^powerT`, with samplesSeen
 *   counted at the start of the epoch (scikit-learn's `learning_rate="invscaling"`).
 *
 * `epoch` counts every epoch the network has trained (it continues across `fit` calls and a
 * save/load), so a resumed run follows the same schedule.
 *
 * @example
 * ```ts
 * const schedule: LearningRateSchedule = { type: "step", stepSize: 100, gamma: 0.5 };
 * ```
 */
export type LearningRateSchedule =
  | { readonly type: "constant" }
  | { readonly type: "step"; readonly stepSize: number; readonly gamma: number }
  | { readonly type: "exponential"; readonly gamma: number }
  | { readonly type: "inverseScaling"; readonly powerT: number };

/** Where training is, for a schedule. */
export interface ScheduleProgress {
  /** Epochs completed before the current one. */
  readonly epoch: number;
  /** Training samples processed before the current epoch. */
  readonly samplesSeen: number;
}

const KEYS: Readonly<Record<string, readonly string[]>> = {
  constant: ["type"],
  step: ["type", "stepSize", "gamma"],
  exponential: ["type", "gamma"],
  inverseScaling: ["type", "powerT"],
};

/**
 * Validates a schedule given by name (`"constant"`, `"inverseScaling"`) or object and fills
 * defaults (step: gamma 0.1; inverseScaling: powerT 0.5, as scikit-learn). Throws a
 * `RangeError`/`TypeError` naming the field.
 *
 * @example
 * ```ts
 * normalizeSchedule({ type: "step", stepSize: 10 }); // { type: "step", stepSize: 10, gamma: 0.1 }
 * ```
 */
export function normalizeSchedule(
  value: unknown,
  where = "learningRateSchedule",
): LearningRateSchedule {
  const o: Record<string, unknown> =
    typeof value === "string" ? { type: value } : (value as Record<string, unknown>);
  if (typeof o !== "object" || o === null || Array.isArray(o)) {
    throw new TypeError(
      `${where}: expected "constant", "inverseScaling" or { type: "step" | "exponential" | ..., ... }, got ${describe(value)}`,
    );
  }
  const type = o.type;
  if (typeof type !== "string" || !Object.hasOwn(KEYS, type)) {
    throw new RangeError(
      `${where}: unknown schedule type ${typeof type === "string" ? JSON.stringify(type) : describe(type)}; expected "constant", "step", "exponential" or "inverseScaling"`,
    );
  }
  for (const key of Object.keys(o)) {
    if (!(KEYS[type] as readonly string[]).includes(key)) {
      throw new RangeError(
        `${where}: unknown key "${key}" for a ${type} schedule; expected ${(KEYS[type] as readonly string[]).join(", ")}`,
      );
    }
  }
  const num = (name: string, v: unknown, ok: (x: number) => boolean, rule: string): number => {
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) {
      throw new RangeError(`${where}: ${name} must be ${rule}, got ${describe(v)}`);
    }
    return v;
  };
  switch (type) {
    case "step":
      return {
        type,
        stepSize: num(
          "stepSize",
          o.stepSize,
          (x) => Number.isInteger(x) && x >= 1,
          "a positive integer",
        ),
        gamma: num("gamma", o.gamma ?? 0.1, (x) => x > 0 && x <= 1, "a number in (0, 1]"),
      };
    case "exponential":
      return { type, gamma: num("gamma", o.gamma, (x) => x > 0 && x <= 1, "a number in (0, 1]") };
    case "inverseScaling":
      return {
        type,
        powerT: num("powerT", o.powerT ?? 0.5, (x) => x >= 0, "a finite number >= 0"),
      };
    default:
      return { type: "constant" };
  }
}

/**
 * The learning rate of the epoch described by `progress`, from base rate `base`. Powers are
 * computed with square-and-multiply (integer exponents), `Math.sqrt` (powerT 0.5) or
 * plainnet's `exp`/`log`, so the value is the same on every engine.
 *
 * @example
 * ```ts
 * scheduledLearningRate({ type: "step", stepSize: 10, gamma: 0.5 }, 0.1, { epoch: 25, samplesSeen: 0 }); // 0.025
 * ```
 */
export function scheduledLearningRate(
  schedule: LearningRateSchedule,
  base: number,
  progress: ScheduleProgress,
): number {
  switch (schedule.type) {
    case "constant":
      return base;
    case "step":
      return base * powInt(schedule.gamma, Math.floor(progress.epoch / schedule.stepSize));
    case "exponential":
      return base * powInt(schedule.gamma, progress.epoch);
    case "inverseScaling": {
      const n = progress.samplesSeen + 1;
      const p = schedule.powerT;
      const denominator = p === 0 ? 1 : p === 0.5 ? Math.sqrt(n) : p === 1 ? n : exp(p * log(n));
      return base / denominator;
    }
  }
}
