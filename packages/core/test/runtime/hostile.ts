import { checkCase } from "../hostile/case.ts";
import { hostileCases } from "../hostile/index.ts";
import type { RuntimeCheck } from "./harness.ts";

/** The core's hostile-input table, run under Node, Bun and Deno alike. */
export const checks: RuntimeCheck[] = hostileCases.map((c) => ({
  name: `hostile: ${c.name}`,
  async run(): Promise<void> {
    const problem = await checkCase(c);
    if (problem !== null) throw new Error(problem);
  },
}));
