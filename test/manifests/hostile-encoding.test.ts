import { describe, expect, it } from "vitest";
import { locatedIn, validateFiles } from "../helpers/diagnostics.ts";

const encoder = new TextEncoder();
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...encoder.encode(p)] : p)));

const MANIFEST = "apiVersion: slipway.dev/v1alpha1\nkind: Modle\n";

describe("invalid UTF-8", () => {
  it("reports SLW003 at the line and character column of the first bad byte", () => {
    // Line 2 is `bé: ` then 0xFF: `é` is two bytes but one column, so the bad byte is at column 5.
    const result = validateFiles({ "models/a.yaml": bytes("a: 1\nbé: ", [0xff], "x\n") });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW003", 2, 5]]);
    const [d] = result.diagnostics.filter((x) => x.file === "models/a.yaml");
    expect(d?.message).toBe("invalid UTF-8 byte 0xFF at byte 10");
  });

  it.each([
    ["an overlong encoding of '/'", [0xc0, 0xaf]],
    ["a UTF-16 surrogate", [0xed, 0xa0, 0x80]],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["a lone continuation byte", [0x80]],
    ["a sequence cut short by a newline", [0xe2, 0x82, 0x0a]],
  ])("rejects %s at its first byte", (_, bad) => {
    const result = validateFiles({ "models/a.yaml": bytes("key: ok\nv: 😀", bad, "\n") });
    // `v: 😀` — the emoji is four bytes, one column: the bad sequence starts at column 5 of line 2.
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW003", 2, 5]]);
  });

  it("reports a multi-byte sequence truncated at the end of the file", () => {
    const result = validateFiles({ "models/a.yaml": bytes("a: b\n\nc: ", [0xe2, 0x82]) });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW003", 3, 4]]);
  });

  it("accepts well-formed multi-byte text and reports later problems at character columns", () => {
    const result = validateFiles({ "models/a.yaml": "apiVersion: slipway.dev/v1alpha1\nkind: Modèle\n" });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW021", 2, 7]]);
  });
});

describe("byte order mark", () => {
  it("accepts a UTF-8 BOM and counts columns without it", () => {
    const result = validateFiles({ "models/a.yaml": bytes([0xef, 0xbb, 0xbf], MANIFEST) });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW021", 2, 7]]);
  });

  it("validates a BOM-prefixed template manifest exactly like the original", () => {
    const plain = validateFiles({ "models/a.yaml": MANIFEST.replace("Modle", "Pipeline") });
    const bom = validateFiles({
      "models/a.yaml": bytes([0xef, 0xbb, 0xbf], MANIFEST.replace("Modle", "Pipeline")),
    });
    expect(locatedIn(bom, "models/a.yaml")).toEqual(locatedIn(plain, "models/a.yaml"));
    expect(locatedIn(bom, "models/a.yaml").length).toBeGreaterThan(0);
  });
});

describe("binary files", () => {
  it("reports SLW002 for a file with NUL bytes, at the start of the file", () => {
    const result = validateFiles({ "models/model.yaml": bytes("apiVersion: x\n", [0, 1, 2, 0xff], "\n") });
    expect(locatedIn(result, "models/model.yaml")).toEqual([["SLW002", 1, 1]]);
    const [d] = result.diagnostics.filter((x) => x.file === "models/model.yaml");
    expect(d?.message).toBe("file contains NUL bytes; it looks binary, not YAML");
  });

  it("reports a PNG saved with a .yaml name as binary", () => {
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52];
    const result = validateFiles({ "models/logo.yaml": new Uint8Array(png) });
    expect(locatedIn(result, "models/logo.yaml")).toEqual([["SLW002", 1, 1]]);
  });

  it("reports an empty file as an error of its own, at its start", () => {
    const result = validateFiles({ "models/empty.yaml": new Uint8Array(0) });
    expect(locatedIn(result, "models/empty.yaml")).toEqual([["SLW008", 1, 1]]);
  });
});
