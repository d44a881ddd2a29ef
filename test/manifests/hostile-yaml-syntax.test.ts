import { describe, expect, it } from "vitest";
import { locatedIn, rawWordingIn, validateFiles } from "../helpers/diagnostics.ts";

describe("duplicate keys", () => {
  it("reports SLW011 at the second occurrence of the key", () => {
    const text = "apiVersion: slipway.dev/v1alpha1\nkind: Entity\nmetadata:\n  name: a\n  name: b\n";
    const result = validateFiles({ "features/a.yaml": text });
    expect(locatedIn(result, "features/a.yaml")).toEqual([["SLW011", 5, 3]]);
    expect(rawWordingIn(result.diagnostics)).toEqual([]);
  });

  it("reports a duplicate key in a flow mapping at its column", () => {
    const result = validateFiles({ "features/a.yaml": "spec: { ttl: 1d, online: true, ttl: 2d }\n" });
    expect(locatedIn(result, "features/a.yaml")).toEqual([["SLW011", 1, 32]]);
  });

  it("treats keys that differ only by quoting as duplicates", () => {
    const result = validateFiles({ "features/a.yaml": "kind: Entity\n'kind': Model\n" });
    expect(locatedIn(result, "features/a.yaml")).toEqual([["SLW011", 2, 1]]);
  });
});

describe("tab indentation", () => {
  it("reports SLW012 on the line indented with a tab", () => {
    const result = validateFiles({
      "models/a.yaml": "apiVersion: slipway.dev/v1alpha1\nmetadata:\n\tname: a\n",
    });
    const mine = locatedIn(result, "models/a.yaml");
    expect(mine[0]).toEqual(["SLW012", 3, 1]);
    expect(mine.every(([, line]) => line === 3)).toBe(true);
  });

  it("accepts tabs inside values and after indentation spaces are not the indentation", () => {
    const result = validateFiles({ "models/a.yaml": "apiVersion: slipway.dev/v1alpha1\nkind:\tModle\n" });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW021", 2, 7]]);
  });
});

describe("custom tags", () => {
  it("reports SLW015 at an unknown tag", () => {
    const text = "apiVersion: slipway.dev/v1alpha1\nkind: Model\nspec:\n  image: !foo bar\n";
    const result = validateFiles({ "models/a.yaml": text });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW015", 4, 10]]);
    expect(rawWordingIn(result.diagnostics)).toEqual([]);
  });

  it.each([
    ["a JavaScript function tag", "!!js/function 'function () {}'"],
    ["a Python object tag", "!!python/object:os.system [ls]"],
    ["a tag on a mapping", "!include { file: x }"],
  ])("reports %s as SLW015 without evaluating it", (_, value) => {
    const result = validateFiles({ "models/a.yaml": `kind: Model\nspec: ${value}\n` });
    expect(locatedIn(result, "models/a.yaml")).toEqual([["SLW015", 2, 7]]);
  });
});

describe("syntax errors", () => {
  it("reports an unclosed flow sequence as SLW010 and keeps other files' results", () => {
    const result = validateFiles({
      "models/a.yaml": "kind: [Model\n",
      "models/b.yaml": "apiVersion: slipway.dev/v1alpha1\nkind: Modle\n",
    });
    expect(locatedIn(result, "models/a.yaml").map(([code]) => code)).toContain("SLW010");
    expect(locatedIn(result, "models/b.yaml")).toEqual([["SLW021", 2, 7]]);
    expect(rawWordingIn(result.diagnostics)).toEqual([]);
  });
});
