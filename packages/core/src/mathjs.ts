// @plainnet/core/mathjs: the mathjs backend (mathjs is an optional peer dependency). Re-exports only.
export type { MathjsMatrix } from "./backends/mathjs.ts";
export { createMathjsBackend, mathjsBackend } from "./backends/mathjs.ts";
