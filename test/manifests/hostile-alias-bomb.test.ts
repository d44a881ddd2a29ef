import { describe, expect, it } from "vitest";
import { locatedIn, rawWordingIn, validateFiles } from "../helpers/diagnostics.ts";

/** "Billion laughs": each level refers nine times to the one before, 9^levels nodes once expanded. */
function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) {
    const refs = Array.from({ length: 9 }, () => `*a${i - 1}`).join(",");
    lines.push(`a${i}: &a${i} [${refs}]`);
  }
  return `${lines.join("\n")}\n`;
}

describe("YAML alias bombs", () => {
  it("reports SLW013 at the first alias instead of expanding a billion nodes", () => {
    const result = validateFiles({ "models/bomb.yaml": aliasBomb(10) });
    // Line 2 is `a1: &a1 [*a0,…`; the first alias starts at column 10.
    expect(locatedIn(result, "models/bomb.yaml")).toEqual([["SLW013", 2, 10]]);
    const [d] = result.diagnostics.filter((x) => x.file === "models/bomb.yaml");
    expect(d?.message).toMatch(/^aliases expand (this document )?to (too many|more than \d+) nodes/);
    expect(rawWordingIn(result.diagnostics)).toEqual([]);
    expect(result.ok).toBe(false);
  });

  it("reports a bomb hidden in a later document at its own alias", () => {
    const text = `apiVersion: slipway.dev/v1alpha1\nkind: Entity\n---\n${aliasBomb(6)}`;
    const result = validateFiles({ "features/bomb.yaml": text });
    const bomb = locatedIn(result, "features/bomb.yaml").filter(([code]) => code === "SLW013");
    expect(bomb).toEqual([["SLW013", 5, 10]]);
  });

  it("counts alias dereferences against the limit given in the options", () => {
    const text = "base: &b { x: 1 }\nuses: [*b, *b, *b, *b]\n";
    const strict = validateFiles({ "models/a.yaml": text }, { maxAliasCount: 2 });
    const found = locatedIn(strict, "models/a.yaml");
    expect(found.map(([code, line]) => [code, line])).toEqual([["SLW013", 2]]);
    // At one of the aliases (columns 8, 12, 16, 20), whichever the limit is counted against.
    expect([8, 12, 16, 20]).toContain(found[0]?.[2]);
    // Within the limit, the aliases expand and the document is judged as a (non-)manifest instead.
    const relaxed = validateFiles({ "models/a.yaml": text });
    expect(locatedIn(relaxed, "models/a.yaml")).toEqual([["SLW022", 1, 1]]);
  });

  it("reports merge-key bombs (`<<: *a`) the same way", () => {
    const lines = ["m0: &m0 { a: 1, b: 2, c: 3 }"];
    for (let i = 1; i < 12; i++) {
      lines.push(`m${i}: &m${i} [${Array.from({ length: 6 }, () => `*m${i - 1}`).join(", ")}]`);
    }
    lines.push("top:\n  <<: *m0\n  list: *m11");
    const result = validateFiles({ "models/merge.yaml": `${lines.join("\n")}\n` });
    expect(locatedIn(result, "models/merge.yaml")).toEqual([["SLW013", 2, 10]]);
  });
});
