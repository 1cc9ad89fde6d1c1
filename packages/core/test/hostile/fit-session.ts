import { Network } from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

// Hostile input to a second fit on the same arrays: Network.fit keeps the converted samples
// of unchanged nested arrays between fits, so each case fits once, changes the arrays the way
// a careless user might, and fits again: the usual error must come back (issue 23).

const quiet = { epochs: 1, batchSize: 2, warn: false } as const;

/** Fits a fresh network on fresh arrays, applies `change` to them, then fits again. */
function refit(change: (X: unknown[][]) => void): () => unknown {
  return () => {
    const X: unknown[][] = [
      [0, 0],
      [1, 1],
      [0, 1],
      [1, 0],
    ];
    const y = [0, 0, 1, 1];
    const net = new Network([2, 3, 1], { seed: 1 });
    net.fit(X as number[][], y, quiet);
    change(X);
    return net.fit(X as number[][], y, quiet);
  };
}

export const cases: HostileCase[] = [
  {
    name: "fit, then a value set to NaN, then fit on the same arrays",
    run: refit((X) => {
      X[2]![1] = Number.NaN;
    }),
    error: RangeError,
    message: "fit: X: expected a finite number at [2][1], got NaN",
    defect: "23",
  },
  {
    name: "fit, then a value set to -Infinity, then fit",
    run: refit((X) => {
      X[3]![0] = Number.NEGATIVE_INFINITY;
    }),
    error: RangeError,
    message: "fit: X: expected a finite number at [3][0], got -Infinity",
    defect: "23",
  },
  {
    name: "fit, then a value replaced by a numeric string, then fit",
    run: refit((X) => {
      X[1]![1] = "1";
    }),
    error: TypeError,
    message: "fit: X: expected a number at [1][1]",
    defect: "23",
  },
  {
    name: "fit, then a row shortened, then fit",
    run: refit((X) => {
      X[1]!.pop();
    }),
    error: RangeError,
    message: "ragged rows: row 0 has 2 values but row 1 has 1",
    defect: "23",
  },
  {
    name: "fit, then a row replaced by null, then fit",
    run: refit((X) => {
      X[2] = null as unknown as unknown[];
    }),
    error: TypeError,
    message: "expected row 2 to be an array of numbers",
    defect: "23",
  },
  {
    name: "fit, then every row widened to 3 features, then fit",
    run: refit((X) => {
      for (const row of X) row.push(0);
    }),
    error: RangeError,
    message: "X has 3 features per sample but the network's input layer expects 2",
    defect: "23",
  },
  {
    name: "fit, then a sample appended (y no longer matches), then fit",
    run: refit((X) => {
      X.push([1, 1]);
    }),
    error: RangeError,
    message: "X has 5 samples but y has 4 values",
    defect: "23",
  },
];
