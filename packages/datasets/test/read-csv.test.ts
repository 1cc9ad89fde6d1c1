import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeBlobs, makeMoons, parseCSV, readCSV, toCSV, trainTestSplit } from "../src/index.ts";

// fixtures/iris.csv and fixtures/wine.csv: scikit-learn's load_iris/load_wine(as_frame=True)
// with the target mapped to class names, DataFrame.to_csv(index=False)
// (scripts/gen-csv-fixtures.py).
const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), "utf8");

function counts(values: readonly (number | string)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

describe("readCSV on scikit-learn's CSVs", () => {
  it("reads iris: 150 x 4, string classes, scikit-learn's feature names", () => {
    const { X, y, featureNames, labelName } = readCSV(fixture("iris.csv"), { label: "target" });
    expect(featureNames).toEqual([
      "sepal length (cm)",
      "sepal width (cm)",
      "petal length (cm)",
      "petal width (cm)",
    ]);
    expect(labelName).toBe("target");
    expect(X).toHaveLength(150);
    expect(X.every((row) => row.length === 4)).toBe(true);
    // Fisher's first and last flowers.
    expect(X[0]).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(X[149]).toEqual([5.9, 3.0, 5.1, 1.8]);
    expect(counts(y)).toEqual({ setosa: 50, versicolor: 50, virginica: 50 });
    expect(y[0]).toBe("setosa");
    expect(y[149]).toBe("virginica");
  });

  it("reads wine: 178 x 13, classes of 59, 71 and 48", () => {
    const { X, y, featureNames, labelName } = readCSV(fixture("wine.csv"));
    expect(labelName).toBe("target");
    expect(featureNames).toHaveLength(13);
    expect(featureNames[0]).toBe("alcohol");
    expect(featureNames[11]).toBe("od280/od315_of_diluted_wines");
    expect(X).toHaveLength(178);
    expect(X[0]).toEqual([
      14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065,
    ]);
    expect(counts(y)).toEqual({ class_0: 59, class_1: 71, class_2: 48 });
  });

  it("agrees with the generic parser cell for cell", () => {
    const text = fixture("wine.csv");
    const records = parseCSV(text);
    const { X, y } = readCSV(text);
    records.slice(1).forEach((r, i) => {
      expect(X[i]).toEqual(r.slice(0, 13).map(Number));
      expect(y[i]).toBe(r[13]);
    });
  });

  it("picks the label by name, by index and by negative index alike", () => {
    const text = fixture("iris.csv");
    const byName = readCSV(text, { label: "target" });
    expect(readCSV(text, { label: 4 })).toEqual(byName);
    expect(readCSV(text, { label: -1 })).toEqual(byName);
    expect(readCSV(text)).toEqual(byName);
  });

  it("splits iris with its string labels, stratified (10 of each class in the test part)", () => {
    const { X, y } = readCSV(fixture("iris.csv"));
    const split = trainTestSplit(X, y, { testSize: 0.2, stratify: y, randomState: 0 });
    const yTest: string[] = split.yTest as string[];
    expect(counts(yTest)).toEqual({ setosa: 10, versicolor: 10, virginica: 10 });
    expect(counts(split.yTrain)).toEqual({ setosa: 40, versicolor: 40, virginica: 40 });
    split.testIndices.forEach((row, k) => {
      expect(split.XTest[k]).toEqual(X[row]);
      expect(yTest[k]).toBe(y[row]);
    });
  });

  it("keeps a subset of features, in the order asked", () => {
    const text = fixture("iris.csv");
    const all = readCSV(text);
    const some = readCSV(text, { columns: ["petal width (cm)", "sepal length (cm)"] });
    expect(some.featureNames).toEqual(["petal width (cm)", "sepal length (cm)"]);
    expect(some.X).toEqual(all.X.map((row) => [row[3], row[0]]));
    expect(some.y).toEqual(all.y);
  });
});

describe("readCSV options and RFC 4180", () => {
  it("takes a label column in the middle, features keep their order", () => {
    const t = readCSV("a,cls,b\n1,x,2\n3,y,4\n", { label: "cls" });
    expect(t.X).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(t.featureNames).toEqual(["a", "b"]);
    expect(t.y).toEqual(["x", "y"]);
  });

  it("keeps numeric labels as numbers only when every label is numeric", () => {
    expect(readCSV("a,y\n1,0\n2,1\n3,-2.5\n").y).toEqual([0, 1, -2.5]);
    expect(readCSV("a,y\n1,0\n2,one\n").y).toEqual(["0", "one"]);
    // Label text is kept as written (spaces included) when labels are strings.
    expect(readCSV("a,y\n1, red\n2,blue \n").y).toEqual([" red", "blue "]);
  });

  it("detects a header, or its absence", () => {
    const none = readCSV("5.1,3.5,setosa\n4.9,3.0,setosa\n");
    expect(none.featureNames).toEqual(["x1", "x2"]);
    expect(none.labelName).toBe("label");
    expect(none.X).toEqual([
      [5.1, 3.5],
      [4.9, 3.0],
    ]);
    expect(none.y).toEqual(["setosa", "setosa"]);
    // A numeric header row is data unless header: true says otherwise.
    expect(readCSV("1,2,3\n4,5,6\n").X).toEqual([
      [1, 2],
      [4, 5],
    ]);
    const forced = readCSV("1,2,3\n4,5,6\n", { header: true });
    expect(forced.featureNames).toEqual(["1", "2"]);
    expect(forced.labelName).toBe("3");
    expect(forced.X).toEqual([[4, 5]]);
    // Naming the label (or columns) means the first row is a header.
    const named = readCSV("1,2,3\n4,5,6\n", { label: "3" });
    expect(named.featureNames).toEqual(["1", "2"]);
    expect(named.X).toEqual([[4, 5]]);
    expect(readCSV("a,b,target\n1,2,3\n", { columns: ["b"] }).X).toEqual([[2]]);
    // An unnamed first column (pandas' index) still makes a header.
    expect(readCSV(",a,y\n0,1.5,2\n").featureNames).toEqual(["", "a"]);
  });

  it("detects ';' and tab delimiters, or takes one explicitly", () => {
    const expectedX = [
      [1.5, 2],
      [3, 4],
    ];
    expect(readCSV("a;b;y\n1.5;2;p\n3;4;q\n").X).toEqual(expectedX);
    expect(readCSV("a\tb\ty\n1.5\t2\tp\n3\t4\tq\n").X).toEqual(expectedX);
    expect(readCSV("a|b|y\n1.5|2|p\n3|4|q\n", { delimiter: "|" }).X).toEqual(expectedX);
    // A comma inside quotes does not count when detecting.
    expect(readCSV('"a,b";c;y\n1;2;p\n').featureNames).toEqual(["a,b", "c"]);
  });

  it("reads quoted fields, doubled quotes, embedded line breaks, CRLF, a BOM and blank lines", () => {
    const text =
      '\uFEFF"x, one","x ""two""",label\r\n"1.5",2,"multi\r\nline"\r\n\r\n3," -4e-1 ",plain\r\n\r\n';
    const t = readCSV(text);
    expect(t.featureNames).toEqual(["x, one", 'x "two"']);
    expect(t.X).toEqual([
      [1.5, 2],
      [3, -0.4],
    ]);
    expect(t.y).toEqual(["multi\r\nline", "plain"]);
  });

  it("counts lines across embedded line breaks in its messages", () => {
    const text = 'a,b,y\n1,2,"p\nq\nr"\n3,oops,s\n';
    expect(() => readCSV(text)).toThrow(/line 5, column "b": expected a finite number, got "oops"/);
  });

  it("reads plainnet's own toCSV files back, bit for bit", () => {
    const ds = makeMoons({ nSamples: 200, noise: 0.3, randomState: 3 });
    const t = readCSV(toCSV(ds));
    expect(t.featureNames).toEqual(["x1", "x2"]);
    expect(t.labelName).toBe("label");
    expect(t.y).toEqual(ds.y);
    const back = new Float64Array(t.X.flat());
    expect(back.length).toBe(ds.X.data.length);
    for (let i = 0; i < back.length; i++) expect(Object.is(back[i], ds.X.data[i])).toBe(true);
    const blobs = makeBlobs({ nSamples: 30, nFeatures: 4, randomState: 2 });
    expect(readCSV(toCSV(blobs)).X).toEqual(blobs.X.toArray());
  });

  it("parseCSV keeps empty lines and fields that readCSV would skip or reject", () => {
    expect(parseCSV("a,b\n\n1,\n")).toEqual([["a", "b"], [""], ["1", ""]]);
    expect(parseCSV("")).toEqual([]);
    expect(parseCSV('a,"b"\n"c""",d')).toEqual([
      ["a", "b"],
      ['c"', "d"],
    ]);
    // A lone CR ends a line too; a quote inside an unquoted field is a character.
    expect(parseCSV('a\rb"c\r')).toEqual([["a"], ['b"c']]);
  });
});
