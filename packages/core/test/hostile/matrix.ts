import { Matrix, typedArrayBackend } from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

/** Matrix construction, indexing and products. */
export const cases: HostileCase[] = [
  {
    name: "Matrix.from with ragged rows",
    run: () => Matrix.from([[1, 2], [3]]),
    error: RangeError,
    message: "ragged rows: row 0 has 2 values but row 1 has 1",
  },
  {
    name: "new Matrix with 0 rows",
    run: () => new Matrix(0, 3),
    error: RangeError,
    message: "Matrix: rows must be a positive integer, got 0",
  },
  {
    name: "new Matrix with NaN columns",
    run: () => new Matrix(2, Number.NaN),
    error: RangeError,
    message: "Matrix: cols must be a positive integer, got NaN",
  },
  {
    name: "new Matrix with a string size",
    run: () => new Matrix("3" as never, 2),
    error: RangeError,
    message: 'rows must be a positive integer, got string "3"',
  },
  {
    name: "new Matrix with a fractional size",
    run: () => new Matrix(2.5, 2),
    error: RangeError,
    message: "got 2.5",
  },
  {
    name: "new Matrix with plain-array data",
    run: () => new Matrix(1, 2, [1, 2] as never),
    error: TypeError,
    message: "Matrix: expected data to be a Float64Array, got array(2)",
  },
  {
    name: "new Matrix with data of the wrong length",
    run: () => new Matrix(2, 2, new Float64Array(3)),
    error: RangeError,
    message: "Matrix: a 2x2 matrix needs 4 values, got 3",
  },
  {
    name: "Matrix.from(null)",
    run: () => Matrix.from(null as never),
    error: TypeError,
    message: "Matrix.from: expected an array of rows (number[][]), got null",
  },
  {
    name: "Matrix.from([])",
    run: () => Matrix.from([]),
    error: RangeError,
    message: "expected at least one row, got an empty array",
  },
  {
    name: "Matrix.from([[]])",
    run: () => Matrix.from([[]]),
    error: RangeError,
    message: "expected at least one column, row 0 is empty",
  },
  {
    name: "Matrix.from with a string in a row",
    run: () => Matrix.from([[1, "2" as never]]),
    error: TypeError,
    message: 'expected a number at [0][1], got string "2"',
  },
  {
    name: "Matrix.from with NaN",
    run: () => Matrix.from([[1], [Number.NaN]]),
    error: RangeError,
    message: "expected a finite number at [1][0], got NaN",
  },
  {
    name: "Matrix.from with a row that is a number",
    run: () => Matrix.from([[1, 2], 3 as never]),
    error: TypeError,
    message: "expected row 1 to be an array of numbers, got 3",
  },
  {
    name: "Matrix.row with -Infinity",
    run: () => Matrix.row([0, Number.NEGATIVE_INFINITY]),
    error: RangeError,
    message: "Matrix.row: expected a finite number at [0][1], got -Infinity",
  },
  {
    name: "Matrix.get out of range",
    run: () => Matrix.zeros(2, 2).get(2, 0),
    error: RangeError,
    message: "Matrix: row index 2 is out of range [0, 2)",
  },
  {
    name: "Matrix.set with a fractional column",
    run: () => Matrix.zeros(2, 2).set(0, 0.5, 1),
    error: RangeError,
    message: "column index 0.5 is out of range [0, 2)",
  },
  {
    name: "matmul with inner dimensions that differ",
    run: () => typedArrayBackend.matmul(Matrix.zeros(2, 3), Matrix.zeros(2, 3)),
    error: RangeError,
    message: "matmul: inner dimensions differ: a is 2x3 and b is 2x3",
  },
  {
    name: "matmul with a nested array operand",
    run: () => typedArrayBackend.matmul([[1]] as never, Matrix.zeros(1, 1)),
    error: TypeError,
    message: "typed-array backend: matmul expected a to be a plainnet Matrix, got array(1)",
  },
];
