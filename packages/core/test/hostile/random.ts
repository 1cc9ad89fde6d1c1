import { RandomState } from "../../src/index.ts";
import type { HostileCase } from "./case.ts";

const state = (key: number[], pos = 624) => ({
  key,
  pos,
  hasGauss: false,
  cachedGaussian: 0,
});
const zeros = (): number[] => new Array(624).fill(0);

/** RandomState: seeds, shapes and states (issue 21.10 and the generator's other checks). */
export const cases: HostileCase[] = [
  {
    name: "RandomState.setState with an all-zero key",
    run: () => new RandomState(0).setState(state(zeros())),
    error: RangeError,
    message: "RandomState.setState: key is degenerate",
    defect: "21.10",
  },
  {
    name: "RandomState.setState with an all-zero key at pos 0",
    run: () => new RandomState(0).setState(state(zeros(), 0)),
    error: RangeError,
    message: "the generator would only ever output 0",
    defect: "21.10",
  },
  {
    name: "RandomState.setState with only key[0]'s low 31 bits set",
    run: () => {
      const key = zeros();
      key[0] = 0x7fffffff;
      new RandomState(0).setState(state(key));
    },
    error: RangeError,
    message: "key is degenerate",
    defect: "21.10",
  },
  {
    name: "RandomState.setState rejects a degenerate key and keeps its old state",
    run: () => {
      const rng = new RandomState(7);
      const before = rng.getState();
      try {
        rng.setState(state(zeros()));
      } catch {
        // expected
      }
      const after = rng.getState();
      if (after.key.every((w, i) => w === before.key[i]) && after.pos === before.pos) {
        throw new RangeError("state unchanged after the rejected setState");
      }
    },
    error: RangeError,
    message: "state unchanged after the rejected setState",
    defect: "21.10",
  },
  {
    name: "RandomState.setState with 623 words",
    run: () => new RandomState(0).setState(state(zeros().slice(1))),
    error: RangeError,
    message: "expected key to be an array of 624 integers",
  },
  {
    name: "RandomState.setState with a word of 2**32",
    run: () => {
      const key = new RandomState(1).getState().key.slice();
      key[5] = 2 ** 32;
      new RandomState(0).setState(state(key));
    },
    error: RangeError,
    message: "expected key[5] to be an integer 0..2**32-1",
  },
  {
    name: "RandomState.setState with pos -1",
    run: () => new RandomState(0).setState(state(new RandomState(1).getState().key, -1)),
    error: RangeError,
    message: "expected pos to be an integer 0..624, got -1",
  },
  {
    name: "RandomState.setState with null",
    run: () => new RandomState(0).setState(null as never),
    error: TypeError,
    message: "RandomState.setState: expected a state object, got null",
  },
  {
    name: "RandomState.setState with hasGauss 1",
    run: () =>
      new RandomState(0).setState({ ...new RandomState(1).getState(), hasGauss: 1 as never }),
    error: TypeError,
    message: "expected hasGauss to be a boolean",
  },
  {
    name: "RandomState.setState with cachedGaussian Infinity",
    run: () =>
      new RandomState(0).setState({
        ...new RandomState(1).getState(),
        cachedGaussian: Number.POSITIVE_INFINITY,
      }),
    error: RangeError,
    message: "expected cachedGaussian to be a finite number",
  },
  {
    name: "RandomState.randn with a negative dimension",
    run: () => new RandomState(0).randn(-1),
    error: RangeError,
    message: "RandomState.randn: expected shape[0] to be a non-negative integer, got -1",
  },
  {
    name: "RandomState.randn with a fractional dimension",
    run: () => new RandomState(0).randn(2.5),
    error: RangeError,
    message: "got 2.5",
  },
  {
    name: "RandomState.permutation(-3)",
    run: () => new RandomState(0).permutation(-3),
    error: RangeError,
    message: "RandomState.permutation: expected a non-negative integer, got -3",
  },
  {
    name: "RandomState.shuffleInPlace of a string",
    run: () => new RandomState(0).shuffleInPlace("abc" as never),
    error: TypeError,
    message: "RandomState.shuffleInPlace: expected an array or a typed array",
  },
];
