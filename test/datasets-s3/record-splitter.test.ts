import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordSplitter } from "../../src/datasets/s3/record-splitter.ts";

// Records split from chunks of any size are the records of the whole text, with their lines and
// offsets in the object.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function split(text: string, quoted: boolean, cuts: number[] = []) {
  const bytes = encoder.encode(text);
  const splitter = new RecordSplitter(quoted);
  const out: [string, number, number, number][] = [];
  const sink = (r: Uint8Array, line: number, offset: number, lines: number) => {
    out.push([decoder.decode(r), line, offset, lines]);
  };
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(cut, bytes.length);
    if (end > at) splitter.push(bytes.subarray(at, end), sink);
    at = Math.max(at, end);
  }
  splitter.push(bytes.subarray(at), sink);
  splitter.end(sink);
  return out;
}

describe("RecordSplitter", () => {
  it("splits CSV at line feeds outside quotes and drops blank lines", () => {
    expect(split('a,b\r\n\r\n"x\ny",1\n\n2,"q""\n"\n3,4', true)).toEqual([
      ["a,b\r\n", 1, 0, 1],
      ['"x\ny",1\n', 3, 7, 2],
      ['2,"q""\n"\n', 6, 16, 2],
      ["3,4\n", 8, 25, 1],
    ]);
  });

  it("splits JSON Lines at every line feed and drops whitespace-only lines", () => {
    expect(split('{"a": 1}\n  \n{"a": "x"}\n', false)).toEqual([
      ['{"a": 1}\n', 1, 0, 1],
      ['{"a": "x"}\n', 3, 12, 1],
    ]);
  });

  it("gives the same records however the bytes are cut into chunks", () => {
    const cell = fc.oneof(
      fc.constantFrom("", "1", "é", '"a,b"', '"x\ny"', '"q""q"', "text"),
      fc.string({ maxLength: 4 }).map((s) => s.replace(/[",\n\r]/g, "")),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(","));
    const csv = fc
      .array(row, { maxLength: 12 })
      .chain((rows) =>
        fc.constantFrom("\n", "\r\n").map((eol) => rows.join(eol) + (rows.length % 2 ? eol : "")),
      );
    fc.assert(
      fc.property(csv, fc.array(fc.nat({ max: 200 }), { maxLength: 8 }), (text, cuts) => {
        expect(split(text, true, cuts)).toEqual(split(text, true));
      }),
      { seed: 2026, numRuns: 300 },
    );
  });
});
