import { Matrix } from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

/** Matrix construction. */
export const cases: HostileCase[] = [
  {
    name: "Matrix.from with ragged rows",
    run: () => Matrix.from([[1, 2], [3]]),
    error: RangeError,
    message: "ragged rows: row 0 has 2 values but row 1 has 1",
  },
];
