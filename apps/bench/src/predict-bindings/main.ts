// `pnpm --filter @plainnet/bench bench:predict [--quick] [--json=FILE]` (Node; also runs under
// Bun): the predict comparison of compare.ts, one configuration after another.
import { writeFileSync } from "node:fs";
import { type CaseResult, PREDICT_CASES, reportLines, runCase } from "./compare.ts";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const json = args.find((a) => a.startsWith("--json="))?.slice(7);
  const options = quick
    ? { rounds: 5, targetMs: 10, warmupMs: 200 }
    : { rounds: 21, targetMs: 50, warmupMs: 2000 };
  const results: CaseResult[] = [];
  for (const c of PREDICT_CASES) {
    const r = await runCase(c, options);
    results.push(r);
    console.log(reportLines(r).join("\n"));
  }
  if (json !== undefined) writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
}

await main();
