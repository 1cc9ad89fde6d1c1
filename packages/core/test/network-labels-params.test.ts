// Class labels (strings or numbers, sorted as scikit-learn's classes_), starting weights
// (the params option and setParams), and the summary shown by toString / console.log.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { InvalidModelError, Matrix, Network, RandomState } from "../src/index.ts";

function blobs(n: number, seed: number): { X: number[][]; k: number[] } {
  // three well-separated clusters at (-2, 0), (0, 2), (2, 0)
  const rng = new RandomState(seed);
  const centres = [
    [-2, 0],
    [0, 2],
    [2, 0],
  ];
  const X: number[][] = [];
  const k: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    X.push([centres[c]![0]! + 0.3 * rng.randn(), centres[c]![1]! + 0.3 * rng.randn()]);
    k.push(c);
  }
  return { X, k };
}

const { X, k } = blobs(90, 3);
const names = ["virginica", "setosa", "versicolor"]; // cluster c is names[c]
const opts = { epochs: 150, optimizer: "adam", learningRate: 0.05, warn: false } as const;

describe("class labels", () => {
  it("string labels: classes sorted by code point, predict returns the strings", () => {
    const net = new Network<string>([2, 8, 3], { seed: 1 });
    expect(net.classes).toBeNull();
    net.fit(
      X,
      k.map((c) => names[c]!),
      opts,
    );
    expect(net.classes).toEqual(["setosa", "versicolor", "virginica"]);
    const predicted = net.predict(X);
    const accuracy = predicted.filter((p, i) => p === names[k[i]!]).length / X.length;
    expect(accuracy).toBeGreaterThan(0.95);
    expect(
      net.evaluate(
        X,
        k.map((c) => names[c]!),
      ).accuracy,
    ).toBeCloseTo(accuracy, 12);
  });

  it("a { X, y } data set with string labels works as (X, y)", () => {
    const y = k.map((c) => names[c]!);
    const a = new Network<string>([2, 8, 3], { seed: 1 });
    const b = new Network<string>([2, 8, 3], { seed: 1 });
    a.fit({ X, y }, { ...opts, epochs: 10 });
    b.fit(X, y, { ...opts, epochs: 10 });
    expect(a.classes).toEqual(b.classes);
    expect(a.predict({ X, y })).toEqual(b.predict(X));
    expect(a.evaluate({ X, y })).toEqual(b.evaluate(X, y));
  });

  it("code-point order, not locale order: uppercase before lowercase", () => {
    const net = new Network<string>([2, 4, 3], { seed: 1 });
    net.fit(
      X,
      k.map((c) => ["b", "B", "a"][c]!),
      { ...opts, epochs: 1 },
    );
    expect(net.classes).toEqual(["B", "a", "b"]);
  });

  it("code points, not UTF-16 code units: U+FF01 sorts before U+1F600 (as NumPy's unique)", () => {
    const net = new Network<string>([2, 4, 3], { seed: 1 });
    net.fit(
      X,
      k.map((c) => ["\u{1F600}", "\uFF01", "z"][c]!),
      { ...opts, epochs: 1 },
    );
    // UTF-16 comparison would put "\u{1F600}" (D83D DE00) first
    expect(net.classes).toEqual(["z", "\uFF01", "\u{1F600}"]);
  });

  it("number labels are sorted ascending (not as strings) and returned as numbers", () => {
    const values = [10, 2, -3]; // as strings "10" < "2", as numbers -3 < 2 < 10
    const net = new Network([2, 8, 3], { seed: 1 });
    net.fit(
      X,
      k.map((c) => values[c]!),
      opts,
    );
    expect(net.classes).toEqual([-3, 2, 10]);
    const predicted = net.predict(X);
    expect(predicted.every((p) => typeof p === "number")).toBe(true);
    expect(predicted.filter((p, i) => p === values[k[i]!]).length / X.length).toBeGreaterThan(0.95);
  });

  it("integer labels 0..k-1 keep meaning class indices (classes [0, 1, 2]), as before", () => {
    const a = new Network([2, 8, 3], { seed: 4 });
    a.fit(X, k, { ...opts, epochs: 20 });
    expect(a.classes).toEqual([0, 1, 2]);
    const b = new Network([2, 8, 3], { seed: 4 });
    b.fit(X, Matrix.from(k.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0)))), {
      ...opts,
      epochs: 20,
    });
    expect(b.classes).toBeNull(); // one-hot rows: no labels seen
    expect(b.predict(X)).toEqual(a.predict(X)); // the same training either way
  });

  it("binary: two string labels, one sigmoid unit; the second class is the positive one", () => {
    const Xb = X.filter((_, i) => k[i] !== 1);
    const yb = k.filter((c) => c !== 1).map((c) => (c === 0 ? "spam" : "ham"));
    const net = new Network<string>([2, 6, 1], { seed: 2 });
    net.fit(Xb, yb, opts);
    expect(net.classes).toEqual(["ham", "spam"]);
    const p = net.predictProba(Xb);
    const labels = net.predict(Xb);
    labels.forEach((l, i) => {
      expect(l).toBe(p.get(i, 0) > 0.5 ? "spam" : "ham");
    });
    expect(labels.filter((l, i) => l === yb[i]).length / yb.length).toBeGreaterThan(0.95);
  });

  it("binary -1/1 labels (as scikit-learn accepts) map to classes [-1, 1]", () => {
    const Xb = X.filter((_, i) => k[i] !== 1);
    const yb = k.filter((c) => c !== 1).map((c) => (c === 0 ? -1 : 1));
    const net = new Network([2, 6, 1], { seed: 2 });
    net.fit(Xb, yb, opts);
    expect(net.classes).toEqual([-1, 1]);
    expect(new Set(net.predict(Xb))).toEqual(new Set([-1, 1]));
  });

  it("classes survive toJSON/fromJSON; later fits and evaluate use them", () => {
    const net = new Network<string>([2, 8, 3], { seed: 1 });
    const y = k.map((c) => names[c]!);
    net.fit(X, y, { ...opts, epochs: 30 });
    const doc = net.toJSON();
    expect(doc.classes).toEqual(["setosa", "versicolor", "virginica"]);
    const copy = Network.fromJSON<string>(JSON.stringify(doc));
    expect(copy.classes).toEqual(net.classes);
    expect(copy.predict(X)).toEqual(net.predict(X));
    // a subset with only two of the classes still maps onto the same three
    const sub = [0, 1, 3, 4];
    copy.fit(
      sub.map((i) => X[i]!),
      sub.map((i) => y[i]!),
      { ...opts, epochs: 1 },
    );
    expect(copy.classes).toEqual(["setosa", "versicolor", "virginica"]);
    expect(() => copy.evaluate([X[0]!], ["daisy"])).toThrow(
      /evaluate: y: label "daisy" at index 0 is not one of the network's classes \("setosa", "versicolor", "virginica"\)/,
    );
  });

  it("validation labels are read with the training classes", () => {
    const net = new Network<string>([2, 8, 3], { seed: 1 });
    const y = k.map((c) => names[c]!);
    const h = net.fit(X.slice(0, 60), y.slice(0, 60), {
      ...opts,
      epochs: 60,
      validationData: [X.slice(60), y.slice(60)],
    });
    expect(h.valAccuracy.at(-1)).toBeGreaterThan(0.9);
    expect(() =>
      net.fit(X, y, { ...opts, epochs: 1, validationData: [[X[0]!], ["rose"]] }),
    ).toThrow(/validationData: y: label "rose" at index 0 is not one of the network's classes/);
  });

  it("rejects mixed, too many and too few labels, naming them", () => {
    const net = new Network([2, 4, 3], { seed: 1 });
    expect(() =>
      net.fit(
        [
          [0, 0],
          [1, 1],
        ],
        ["a", 1] as never,
        { epochs: 1 },
      ),
    ).toThrow(TypeError);
    expect(() =>
      net.fit(
        [
          [0, 0],
          [1, 1],
        ],
        ["a", 1] as never,
        { epochs: 1 },
      ),
    ).toThrow(/class labels must all be strings or all numbers/);
    expect(() =>
      new Network<string>([2, 4, 3]).fit(X.slice(0, 4), ["a", "b", "c", "d"], { epochs: 1 }),
    ).toThrow(
      /y has 4 distinct labels \("a", "b", "c", "d"\) but the network has a softmax output of 3 units; give the last layer 4 units/,
    );
    expect(() =>
      new Network<string>([2, 4, 1]).fit(X.slice(0, 3), ["a", "a", "a"], { epochs: 1 }),
    ).toThrow(/y has 1 distinct labels \("a"\) but the network has a sigmoid output \(2 classes\)/);
    expect(() => new Network([2, 4, 1]).fit(X.slice(0, 3), [0, 1, 2], { epochs: 1 })).toThrow(
      /needs 0\/1 labels, got 2 at sample 2; for 3 or more classes use a softmax output/,
    );
  });

  it("a rejected fit leaves the classes (and everything else) unchanged", () => {
    const net = new Network<string>([2, 4, 3], { seed: 1 });
    expect(() => net.fit(X.slice(0, 3), ["a", "b", "c"], { epochs: 1, learningRate: -1 })).toThrow(
      RangeError,
    );
    expect(net.classes).toBeNull();
  });

  it("model files with bad classes are rejected with InvalidModelError naming the field", () => {
    const net = new Network<string>([2, 4, 3], { seed: 1 });
    net.fit(
      X,
      k.map((c) => names[c]!),
      { ...opts, epochs: 1 },
    );
    const doc = net.toJSON();
    const bad = (classes: unknown) => () => Network.fromJSON({ ...doc, classes });
    expect(bad(["b", "a", "c"])).toThrow(InvalidModelError);
    expect(bad(["b", "a", "c"])).toThrow(/classes: entries must be distinct and sorted/);
    expect(bad(["a", "b"])).toThrow(/classes: expected 3 labels \(one per class\), got 2/);
    expect(bad(["a", 1, "c"])).toThrow(
      /classes: entry 1 is 1; expected all strings or all numbers/,
    );
    expect(bad([0, 1, Number.NaN])).toThrow(/classes: /);
    expect(bad("abc")).toThrow(/classes: expected an array of labels/);
  });
});

describe("starting weights", () => {
  it("new Network(sizes, { params }) starts from them; the generator state is the same", () => {
    const source = new Network([2, 5, 3], { seed: 8 });
    source.fit(X, k, { ...opts, epochs: 5 });
    const copy = new Network([2, 5, 3], { seed: 3, params: source.params });
    expect(copy.params.map((p) => [...p.W.data, ...p.b.data])).toEqual(
      source.params.map((p) => [...p.W.data, ...p.b.data]),
    );
    // the same draws were made: training both from equal weights and seeds gives equal bits
    const a = new Network([2, 5, 3], { seed: 3, params: source.params });
    const plain = new Network([2, 5, 3], { seed: 3 });
    plain.setParams(source.params);
    a.fit(X, k, { ...opts, epochs: 3, batchSize: 16 });
    plain.fit(X, k, { ...opts, epochs: 3, batchSize: 16 });
    expect(a.params.map((p) => [...p.W.data])).toEqual(plain.params.map((p) => [...p.W.data]));
  });

  it("accepts nested arrays and a flat bias; copies (caller changes do not leak in)", () => {
    const W0 = [
      [1, 2],
      [3, 4],
    ];
    const b0 = [0.5, -0.5];
    const net = new Network([2, 2, 1], {
      params: [
        { W: W0, b: b0 },
        { W: [[1, -1]], b: [[0]] },
      ],
      outputActivation: "linear",
    });
    W0[0]![0] = 100;
    expect(net.params[0]!.W.toArray()).toEqual(W0.map((r, i) => (i === 0 ? [1, 2] : r)));
    // relu([1+2+0.5, 3+4-0.5]) = [3.5, 6.5]; 3.5 - 6.5 = -3
    expect(net.predict([[1, 1]])).toEqual([-3]);
    const m = net.params[1]!.W;
    m.data[0] = 42;
    expect(net.params[1]!.W.data[0]).toBe(1);
  });

  it("rejects wrong shapes naming the layer and both shapes, and non-finite values", () => {
    const good = new Network([2, 3, 1]).params;
    const make = (params: unknown) => () => new Network([2, 3, 1], { params: params as never });
    expect(make([good[0]])).toThrow(/new Network: params has 1 layers but the network has 2/);
    expect(make([{ W: Matrix.zeros(2, 3), b: good[0]!.b }, good[1]])).toThrow(
      /new Network: params\[0\]\.W is 2x3 but layer 0 needs 3x2 \(outputDim x inputDim\)/,
    );
    expect(make([good[0], { W: good[1]!.W, b: Matrix.zeros(2, 1) }])).toThrow(
      /params\[1\]\.b is 2x1 but layer 1 needs 1x1/,
    );
    expect(
      make([
        {
          W: [
            [1, Number.NaN],
            [0, 0],
            [0, 0],
          ],
          b: good[0]!.b,
        },
        good[1],
      ]),
    ).toThrow(/new Network: params\[0\]\.W: expected a finite number at \[0\]\[1\], got NaN/);
    expect(make("weights")).toThrow(TypeError);
    const net = new Network([2, 3, 1]);
    const before = net.params[0]!.W.data.slice();
    expect(() => net.setParams([good[0]!] as never)).toThrow(
      /setParams: params has 1 layers but the network has 2/,
    );
    expect(net.params[0]!.W.data).toEqual(before);
  });
});

describe("summary, toString and console.log", () => {
  it("is a table of layers, shapes, activations and parameters with the total", () => {
    const net = new Network<string>([4, 16, 3], { seed: 1 });
    const text = net.summary();
    expect(text).toMatch(/dense_0\s+\(n, 16\)\s+relu\s+80/);
    expect(text).toMatch(/dense_1\s+\(n, 3\)\s+softmax\s+51/);
    expect(text).toContain("Total parameters: 131");
    expect(text).toContain(`Engine: ${net.engine}, dtype float64`);
    expect(text).not.toContain("Classes:");
    net.fit(
      [
        [0, 0, 0, 0],
        [1, 1, 1, 1],
        [2, 2, 2, 2],
      ],
      ["b", "a", "c"],
      { epochs: 1, warn: false },
    );
    expect(net.summary()).toContain('Classes: "a", "b", "c"');
    expect(net.summary()).toContain("Epochs trained: 1");
    expect(String(net)).toBe(net.summary());
  });

  it("groups large parameter counts", () => {
    expect(new Network([784, 1000, 10]).summary()).toContain("Total parameters: 795,010");
  });

  it("console.log / util.inspect show the summary, not the backend's functions", () => {
    const net = new Network([2, 3, 1]);
    const shown = inspect(net);
    expect(shown).toBe(net.summary());
    expect(shown).not.toMatch(/matmul|\[Function/);
    const deno = (net as unknown as Record<symbol, () => string>)[Symbol.for("Deno.customInspect")];
    expect(deno?.call(net)).toBe(net.summary());
  });
});
