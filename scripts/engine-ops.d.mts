/** An expression of the fused table (see scripts/engine-ops.mjs). */
export interface Expr {
  readonly op: string;
  readonly [field: string]: unknown;
}

/** A `let` field: one `[name, expression]` pair, a list of them, or null. */
export type Let = readonly [string, Expr] | readonly (readonly [string, Expr])[] | null;

/** An activation entry of the table. */
export interface ActivationEntry {
  readonly doc: string;
  readonly forward: Expr;
  readonly backwardLet?: readonly [string, Expr];
  readonly backward: Expr;
  readonly fromOutput: Expr;
  readonly gemm: "relu" | "identity" | null;
  readonly float32?: Readonly<Record<string, string>>;
}

/** A loss entry of the table. */
export interface LossEntry {
  readonly doc: string;
  readonly let: Let;
  readonly pos: Expr;
  readonly neg: Expr | null;
  readonly cost: Expr;
  readonly gradient: Expr;
  readonly float32?: { readonly let: Let; readonly calls?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

/** The column-wise softmax's per-element steps (see `columnwise` in scripts/engine-ops.mjs). */
export interface ColumnwiseEntry {
  readonly doc: string;
  readonly shifted: Expr;
  readonly accumulate: Expr;
  readonly normalize: Expr;
  readonly dotTerm: Expr;
  readonly jvp: Expr;
  readonly float32: Readonly<Record<string, string>>;
}

/** The column-wise activations by name (softmax). */
export const columnwise: Readonly<{ softmax: ColumnwiseEntry }>;
/** The fused activations by name. */
export const activations: Readonly<Record<string, ActivationEntry>>;
/** The fused losses by name. */
export const losses: Readonly<Record<string, LossEntry>>;
/** Named constants: [TypeScript value expression, doc]. */
export const constants: Readonly<Record<string, readonly [string, string]>>;

/**
 * The value of a named constant.
 *
 * @example
 * ```ts
 * constantValue("BCE_EPSILON"); // 2 ** -52
 * ```
 */
export function constantValue(name: string): number;

/**
 * A `let` field as a list of pairs.
 *
 * @example
 * ```ts
 * letsOf(null); // []
 * ```
 */
export function letsOf(let_: Let | undefined): (readonly [string, Expr])[];

/**
 * The value of `e` for the variables `env`, as the table means it.
 *
 * @example
 * ```ts
 * evaluate(activations.relu.forward, { z: -1 }, {}); // 0
 * ```
 */
export function evaluate(
  e: Expr,
  env: Readonly<Record<string, number>>,
  calls: Readonly<Record<string, (x: number) => number>>,
  f32?: boolean,
): number;
