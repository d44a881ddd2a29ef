import { describe, expect, it } from "vitest";
import { parseJsonl } from "../../src/datasets/jsonl.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("JSONL reader", () => {
  it("reads flat objects into typed columns, keys in first-seen order", () => {
    const t = parseJsonl(
      bytes(
        '{"a": 1, "b": "x", "c": 1.5, "d": true}\n{"a": 2, "b": null, "c": 2e3, "d": false}\n\n{"b": "y\\"q", "a": 3, "c": null, "e": 5}\n',
      ),
      "t.jsonl",
    );
    expect(t.rowCount).toBe(3);
    expect([...t.columns.keys()]).toEqual(["a", "b", "c", "d", "e"]);
    expect(t.columns.get("a")).toEqual({ kind: "number", values: Float64Array.of(1, 2, 3), integer: true });
    expect(t.columns.get("b")).toEqual({
      kind: "string",
      codes: Int32Array.of(0, -1, 1),
      dictionary: ["x", 'y"q'],
    });
    expect(t.columns.get("c")).toEqual({
      kind: "number",
      values: Float64Array.of(1.5, 2000, Number.NaN),
      integer: false,
    });
    expect(t.columns.get("d")).toEqual({
      kind: "string",
      codes: Int32Array.of(0, 1, -1),
      dictionary: ["true", "false"],
    });
    expect(t.columns.get("e")).toEqual({
      kind: "number",
      values: Float64Array.of(Number.NaN, Number.NaN, 5),
      integer: false,
    });
  });

  it("reads escaped keys and unicode strings", () => {
    const t = parseJsonl(bytes('{"k\\u00e9y": "caf\\u00e9"}\n{"kéy": "café"}\n'), "t.jsonl");
    expect(t.columns.get("kéy")).toEqual({
      kind: "string",
      codes: Int32Array.of(0, 0),
      dictionary: ["café"],
    });
  });

  it.each([
    ['{"a": [1]}\n', "t.jsonl:1:7: nested objects and arrays are not supported; flatten the field"],
    ['{"a": 1\n', "t.jsonl:1:8: expected ',' or '}'"],
    ['{"a": 1}\n{"b" 2}\n', "t.jsonl:2:6: expected ':' after a key"],
    ["[1]\n", "t.jsonl:1:1: each line must be a JSON object"],
    ['{"a":"x}\n', "t.jsonl:1:6: unterminated string"],
    ['{"a": 1} 2\n', "t.jsonl:1:10: unexpected text after the object"],
    ['{"a": 1-}\n', "t.jsonl:1:7: malformed number"],
    ['{"a": nul}\n', "t.jsonl:1:7: expected a JSON value"],
  ])("rejects %j with the position", (text, message) => {
    expect(() => parseJsonl(bytes(text), "t.jsonl")).toThrow(message);
  });

  it("rejects bad UTF-8", () => {
    expect(() => parseJsonl(Uint8Array.of(0x7b, 0x22, 0xff, 0x22), "t.jsonl")).toThrow(
      "t.jsonl:1:3: invalid UTF-8",
    );
  });
});
