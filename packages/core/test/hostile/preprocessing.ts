import {
  Matrix,
  MinMaxScaler,
  NotFittedError,
  StandardScaler,
  scalerFromJSON,
} from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

const fitted = (): StandardScaler =>
  new StandardScaler().fit([
    [1, 2],
    [3, 4],
  ]);

/** StandardScaler and MinMaxScaler. */
export const cases: HostileCase[] = [
  {
    name: "StandardScaler.transform before fit",
    run: () => new StandardScaler().transform([[1]]),
    error: NotFittedError,
    message: "StandardScaler.transform: this scaler is not fitted yet",
  },
  {
    name: "MinMaxScaler.inverseTransform before fit",
    run: () => new MinMaxScaler().inverseTransform([[1]]),
    error: NotFittedError,
    message: "MinMaxScaler.inverseTransform: this scaler is not fitted yet",
  },
  {
    name: "StandardScaler.mean before fit",
    run: () => new StandardScaler().mean,
    error: NotFittedError,
    message: "StandardScaler.mean",
  },
  {
    name: "StandardScaler.transform with the wrong feature count",
    run: () => fitted().transform([[1, 2, 3]]),
    error: RangeError,
    message: "StandardScaler.transform: X has 3 features, but the scaler was fitted on 2",
  },
  {
    name: "MinMaxScaler.transform with the wrong feature count (Matrix)",
    run: () => new MinMaxScaler().fit([[1, 2]]).transform(Matrix.zeros(1, 1)),
    error: RangeError,
    message: "MinMaxScaler.transform: X has 1 features, but the scaler was fitted on 2",
  },
  {
    name: "StandardScaler.fit on an empty array",
    run: () => new StandardScaler().fit([]),
    error: RangeError,
    message: "StandardScaler.fit: X: expected at least one row",
  },
  {
    name: "StandardScaler.fit with NaN",
    run: () => new StandardScaler().fit([[1, Number.NaN]]),
    error: RangeError,
    message: "StandardScaler.fit: X: expected a finite number at [0][1], got NaN",
  },
  {
    name: "MinMaxScaler.fit with Infinity in a Matrix",
    run: () => new MinMaxScaler().fit(new Matrix(1, 2, new Float64Array([0, Infinity]))),
    error: RangeError,
    message: "MinMaxScaler.fit: X: expected finite numbers, found Infinity at sample 0, feature 1",
  },
  {
    name: "StandardScaler.fit with a flat array",
    run: () => new StandardScaler().fit([1, 2, 3] as never),
    error: TypeError,
    message: "StandardScaler.fit: X: expected one array per sample",
  },
  {
    name: "MinMaxScaler.fit with ragged rows",
    run: () => new MinMaxScaler().fit([[1, 2], [3]]),
    error: RangeError,
    message: "ragged rows: row 0 has 2 values but row 1 has 1",
  },
  {
    name: "StandardScaler.transform with a string cell",
    run: () => fitted().transform([[1, "2" as never]]),
    error: TypeError,
    message: 'StandardScaler.transform: X: expected a number at [0][1], got string "2"',
  },
  {
    name: "MinMaxScaler with featureRange [1, 0]",
    run: () => new MinMaxScaler({ featureRange: [1, 0] }),
    error: RangeError,
    message: 'MinMaxScaler: option "featureRange" needs min < max, got [1, 0]',
  },
  {
    name: "MinMaxScaler with a non-finite featureRange",
    run: () => new MinMaxScaler({ featureRange: [0, Infinity] }),
    error: TypeError,
    message: 'option "featureRange" must be two finite numbers',
  },
  {
    name: "StandardScaler with withMean: 'yes'",
    run: () => new StandardScaler({ withMean: "yes" as never }),
    error: TypeError,
    message: 'StandardScaler: option "withMean" must be a boolean, got string "yes"',
  },
  {
    name: "StandardScaler.fromJSON of a MinMaxScaler",
    run: () => StandardScaler.fromJSON(new MinMaxScaler().fit([[1]]).toJSON()),
    error: TypeError,
    message:
      'StandardScaler.fromJSON: expected "type": "StandardScaler", got string "MinMaxScaler"',
  },
  {
    name: "StandardScaler.fromJSON with a zero scale",
    run: () => StandardScaler.fromJSON({ ...fitted().toJSON(), scale: [0, 1] }),
    error: TypeError,
    message: 'StandardScaler.fromJSON: "scale"[0] must be positive, got 0',
  },
  {
    name: "MinMaxScaler.fromJSON with a short dataMax",
    run: () =>
      MinMaxScaler.fromJSON({ ...new MinMaxScaler().fit([[1, 2]]).toJSON(), dataMax: [2] }),
    error: TypeError,
    message: 'MinMaxScaler.fromJSON: expected "dataMax" to be an array of 2 numbers, got array(1)',
  },
  {
    name: "MinMaxScaler.fromJSON with dataMin above dataMax",
    run: () =>
      MinMaxScaler.fromJSON({
        ...new MinMaxScaler().fit([[1]]).toJSON(),
        dataMin: [5],
        dataMax: [4],
      }),
    error: TypeError,
    message: '"dataMin"[0] = 5 exceeds "dataMax"[0] = 4',
  },
  {
    name: "MinMaxScaler with null options",
    run: () => new MinMaxScaler(null as never),
    error: TypeError,
    message: "MinMaxScaler: expected an options object, got null",
  },
  {
    name: "scalerFromJSON of an unknown type",
    run: () => scalerFromJSON({ type: "RobustScaler" }),
    error: TypeError,
    message:
      'scalerFromJSON: expected a scaler\'s JSON with "type": "StandardScaler" or "MinMaxScaler", got "type": string "RobustScaler"',
  },
];
