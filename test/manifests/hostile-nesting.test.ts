import { describe, expect, it } from "vitest";
import { LIMITS } from "../../src/manifests/limits.ts";
import { locatedIn, rawWordingIn, validateFiles } from "../helpers/diagnostics.ts";

const TOO_DEEP = `collections nest deeper than ${LIMITS.maxDepth} levels`;

/** A block mapping nested `levels` deep, each level indented one more space: ` k:` on line n, column n. */
function indentedMappings(levels: number): string {
  let text = "";
  for (let i = 0; i < levels; i++) text += `${" ".repeat(i)}k:\n`;
  return `${text}${" ".repeat(levels)}leaf\n`;
}

function only(result: ReturnType<typeof validateFiles>, file: string) {
  const mine = result.diagnostics.filter((d) => d.file === file);
  expect(rawWordingIn(mine)).toEqual([]);
  return mine;
}

describe("deeply nested YAML", () => {
  it("reports 100,000 nested flow sequences as SLW014 at the first bracket past the limit", () => {
    const text = `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`;
    const result = validateFiles({ "models/deep.yaml": text });
    // `a: ` is three columns; bracket number maxDepth + 1 is the first one too deep.
    expect(locatedIn(result, "models/deep.yaml")).toEqual([["SLW014", 1, 3 + LIMITS.maxDepth + 1]]);
    expect(only(result, "models/deep.yaml")[0]?.message).toBe(TOO_DEEP);
  });

  it("reports unclosed flow nesting ({ and [ mixed) the same way", () => {
    const text = `spec:\n  x: ${"{a: [".repeat(50_000)}\n`;
    const result = validateFiles({ "models/deep.yaml": text });
    // Line 2 is `  x: {a: [{a: [`…: five columns hold two brackets. The parser counts the keys inside
    // flow mappings as levels too, so the report lands on the `{` of the 33rd pair (the 65th bracket)
    // or on its key just after it: never before the limit, never more than one node past it.
    const [found] = locatedIn(result, "models/deep.yaml");
    expect(found?.slice(0, 2)).toEqual(["SLW014", 2]);
    expect(found?.[2]).toBeGreaterThanOrEqual(6 + 5 * 31);
    expect(found?.[2]).toBeLessThanOrEqual(6 + 5 * 32);
  });

  it("ignores brackets inside quoted scalars and comments when measuring depth", () => {
    const text = `a: "${"[".repeat(500)}"\nb: '${"{".repeat(500)}'\n# ${"[".repeat(500)}\n`;
    const result = validateFiles({ "models/brackets.yaml": text });
    expect(locatedIn(result, "models/brackets.yaml")).toEqual([["SLW022", 1, 1]]);
  });

  it("reports block mappings nested by indentation past the limit at the first mapping too deep", () => {
    const result = validateFiles({ "models/deep.yaml": indentedMappings(200) });
    // The mapping at depth d starts on line d, column d.
    const depth = LIMITS.maxDepth + 1;
    expect(locatedIn(result, "models/deep.yaml")).toEqual([["SLW014", depth, depth]]);
    expect(only(result, "models/deep.yaml")[0]?.message).toBe(TOO_DEEP);
  });

  it("reports block nesting deep enough to exhaust the parser's stack as SLW014, not a crash", () => {
    // `- - - - …`: every `- ` opens a sequence on the same line; 20,000 of them in 40 KB.
    const text = `${"- ".repeat(20_000)}x\n`;
    const result = validateFiles({ "models/deep.yaml": text });
    const depth = LIMITS.maxDepth + 1;
    // The report lands on the first `- ` past the limit or the one after it (compact nested sequences
    // open and close together in the parser); never before the limit.
    const [found] = locatedIn(result, "models/deep.yaml");
    expect(found?.slice(0, 2)).toEqual(["SLW014", 1]);
    expect([2 * (depth - 1) + 1, 2 * depth + 1]).toContain(found?.[2]);
    expect(only(result, "models/deep.yaml")[0]?.message).toBe(TOO_DEEP);
  });

  it("reports indentation nesting close to the file size limit as SLW014 at the same place", () => {
    // 1,400 levels of one-space indentation is just under 1 MiB.
    const text = indentedMappings(1400);
    expect(text.length).toBeLessThan(LIMITS.maxFileBytes);
    const result = validateFiles({ "models/deep.yaml": text });
    const depth = LIMITS.maxDepth + 1;
    expect(locatedIn(result, "models/deep.yaml")).toEqual([["SLW014", depth, depth]]);
  });

  it("reports complex-key nesting (`? ? ? …`) without a crash", () => {
    const result = validateFiles({ "models/deep.yaml": `${"? ".repeat(20_000)}x\n` });
    const mine = only(result, "models/deep.yaml");
    expect(mine.map((d) => d.code)).toEqual(["SLW014"]);
    expect(mine[0]?.line).toBe(1);
  });

  it("accepts nesting exactly at the limit", () => {
    const result = validateFiles({ "models/deep.yaml": indentedMappings(LIMITS.maxDepth) });
    // Not a manifest, but readable: the envelope check runs, the depth check does not fire.
    expect(locatedIn(result, "models/deep.yaml")).toEqual([["SLW022", 1, 1]]);
  });

  it("applies a lower depth limit from the options", () => {
    const result = validateFiles({ "models/deep.yaml": "a:\n  b:\n    c: [1]\n" }, { maxDepth: 2 });
    expect(locatedIn(result, "models/deep.yaml")).toEqual([["SLW014", 3, 5]]);
  });
});
