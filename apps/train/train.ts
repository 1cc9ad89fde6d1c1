// plainnet's training CLI: `deno run train.ts --help` (also `npx tsx train.ts`, `bun train.ts`).
import { main } from "./src/cli.ts";
import { currentRuntime } from "./src/runtime.ts";

await main(currentRuntime());
