import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/datasets/csv.ts";
import { DatasetError } from "../../src/datasets/dataset-error.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("CSV reader", () => {
  it("reads numbers, integers, quoted text and missing cells into typed columns", () => {
    const t = parseCsv(bytes('id,x,n,label\n1,1.5,3,"a, b"\n2,,4,"say ""hi"""\r\n3,NaN,5,\n'), "t.csv");
    expect(t.rowCount).toBe(3);
    expect(t.columns.get("id")).toEqual({ kind: "number", values: Float64Array.of(1, 2, 3), integer: true });
    expect(t.columns.get("x")).toEqual({
      kind: "number",
      values: Float64Array.of(1.5, Number.NaN, Number.NaN),
      integer: false,
    });
    expect(t.columns.get("label")).toEqual({
      kind: "string",
      codes: Int32Array.of(0, 1, -1),
      dictionary: ["a, b", 'say "hi"'],
    });
  });

  it("reads inf, -inf, Infinity and pandas' missing spellings", () => {
    const t = parseCsv(bytes("v\ninf\n-inf\nInfinity\n-Infinity\n+inf\nNA\nnull\n#N/A\nN/A\n1e3\n"), "t.csv");
    const v = t.columns.get("v");
    expect(v?.kind).toBe("number");
    expect([...(v as { values: Float64Array }).values]).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      1000,
    ]);
  });

  it("parses decimals exactly as JavaScript's Number does", () => {
    const cells = [
      "0.1",
      "-2.5e-3",
      "123456789012345678",
      "3.141592653589793238",
      "1e308",
      "5e-324",
      "007",
      ".5",
      "1.",
    ];
    const t = parseCsv(bytes(`v\n${cells.join("\n")}\n`), "t.csv");
    expect([...(t.columns.get("v") as { values: Float64Array }).values]).toEqual(cells.map(Number));
  });

  it("treats a column with any text as categorical text", () => {
    const t = parseCsv(bytes("v\n1\nx\n2\n"), "t.csv");
    expect(t.columns.get("v")).toEqual({
      kind: "string",
      codes: Int32Array.of(0, 1, 2),
      dictionary: ["1", "x", "2"],
    });
  });

  it("skips a byte-order mark and blank lines", () => {
    const t = parseCsv(bytes("\uFEFFa\n1\n\n2\n"), "t.csv");
    expect(t.rowCount).toBe(2);
    expect([...t.columns.keys()]).toEqual(["a"]);
  });

  it.each([
    ["a,b\n1,2\n3\n", "t.csv:3:1: row has 1 fields but the header has 2"],
    ["a,b\n1,2,3\n", "t.csv:2:1: row has 3 fields but the header has 2"],
    ['a\n"open\n', "t.csv:2:1: unterminated quoted field"],
    ['a\nab"c\n', "t.csv:2:3: quote inside an unquoted field"],
    ['a\n"x"y\n', "t.csv:2:4: unexpected text after a closing quote"],
    ["a,a\n1,2\n", "t.csv:1:1: duplicate column name 'a'"],
  ])("rejects %j with the position", (text, message) => {
    expect(() => parseCsv(bytes(text), "t.csv")).toThrow(message);
  });

  it("rejects bad UTF-8 with line and column", () => {
    const data = Uint8Array.of(...bytes("a\nok\nx"), 0xc3, 0x28, 0x0a);
    const error = (() => {
      try {
        parseCsv(data, "t.csv");
      } catch (e) {
        return e;
      }
    })() as DatasetError;
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.message).toBe("t.csv:3:2: invalid UTF-8");
    expect(error.position).toEqual({ line: 3, column: 2, byteOffset: 6 });
  });
});
