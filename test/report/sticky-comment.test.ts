import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/manifests/diagnostic.ts";
import { summarize } from "../../src/manifests/diagnostic.ts";
import { COMMENT_LIMIT, composeStickyComment, stickyHeadSha } from "../../src/report/sticky-comment.ts";
import { validationSection } from "../../src/report/validation-section.ts";
import { expectGolden } from "../helpers/golden.ts";

const HEAD = "0123456789abcdef0123456789abcdef01234567";

function diagnostic(file: string, line: number, message: string): Diagnostic {
  return {
    file,
    line,
    column: 3,
    endLine: line,
    endColumn: 9,
    severity: "error",
    code: "SLW102",
    message,
    hint: "Fix it.",
  };
}

describe("the sticky comment", () => {
  it("renders the validation section deterministically (golden)", () => {
    const diagnostics = [
      diagnostic("models/a.yaml", 4, "feature service `x` is not declared | <b>"),
      {
        ...diagnostic("models/a.yaml", 9, "a warning"),
        severity: "warning" as const,
        code: "SLW104" as const,
      },
      diagnostic("monitors/m.yaml", 2, "model `y` is not declared"),
    ];
    const section = validationSection(diagnostics, summarize(diagnostics, 3, 2), true);
    const body = composeStickyComment(HEAD, [section], ["/slipway validate", "/slipway help"]);
    expectGolden("review/sticky-comment.md", body);
    expect(stickyHeadSha(body)).toBe(HEAD);
  });

  it("folds to the compact form, then cuts, to stay within GitHub's limit", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      diagnostic(`models/m${i}.yaml`, i + 1, "x".repeat(200)),
    );
    const section = validationSection(many, summarize(many, 3000, 0), true);
    expect(section.body.length).toBeGreaterThan(COMMENT_LIMIT);
    const body = composeStickyComment(HEAD, [section], ["/slipway validate"]);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain("Details are in the `slipway/validate` check run.");
    expect(body.trimEnd().endsWith("`/slipway validate`")).toBe(true);
  });
});
