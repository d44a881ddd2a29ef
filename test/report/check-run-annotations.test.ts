import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/manifests/diagnostic.ts";
import { summarize } from "../../src/manifests/diagnostic.ts";
import { MAX_ANNOTATIONS, validationCheckOutput } from "../../src/report/check-run-output.ts";

function finding(i: number, severity: Diagnostic["severity"]): Diagnostic {
  return {
    file: `models/m-${String(i).padStart(5, "0")}.yaml`,
    line: 2,
    column: 7,
    endLine: 2,
    endColumn: 12,
    severity,
    code: severity === "error" ? "SLW021" : "SLW104",
    message: `finding ${i}`,
  };
}

describe("the validate check's annotations", () => {
  it("annotates every finding of an ordinary pull request", () => {
    const diagnostics = Array.from({ length: 120 }, (_, i) => finding(i, "error"));
    const output = validationCheckOutput(diagnostics, summarize(diagnostics, 120, 0), true);
    expect(output.annotations).toHaveLength(120);
    expect(output.summary).toMatch(/120 finding\(s\) are annotated on their lines\.$/);
  });

  it("carries the first thousand, errors first and in file order, and counts the rest in the summary", () => {
    // Warnings everywhere, and an error in every fifth file: 1,300 warnings and 300 errors.
    const diagnostics = Array.from({ length: 1600 }, (_, i) =>
      finding(i, i % 5 === 0 ? "error" : "warning"),
    ).filter((_, i) => i < 1500 || i % 5 === 0);
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const output = validationCheckOutput(diagnostics, summarize(diagnostics, 1500, 0), true);

    expect(output.annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(output.annotations.filter((a) => a.annotation_level === "failure")).toHaveLength(errors);
    const files = output.annotations.map((a) => a.path);
    expect(files).toEqual([...files].sort());
    expect(output.summary.split("\n").at(-1)).toBe(
      `The first 1000 of ${diagnostics.length} findings are annotated on their lines, errors first, and ${diagnostics.length - 1000} more — run \`slipway validate\` locally to see them all.`,
    );
    expect(output.conclusion).toBe("failure");
  });
});
