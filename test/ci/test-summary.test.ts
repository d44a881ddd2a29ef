import { describe, expect, it } from "vitest";
import { summarize } from "../../scripts/test-summary.ts";

const file = (name: string, seconds: number) => ({
  name: `/repo/test/${name}`,
  startTime: 1_000,
  endTime: 1_000 + seconds * 1000,
  status: "passed",
});

describe(".ci/run's summary of a vitest JSON report", () => {
  it("lists the ten slowest files, then skipped, and ends with exactly 'N passed, N failed'", () => {
    const report = {
      numPassedTests: 40,
      numFailedTests: 2,
      numPendingTests: 3,
      numTodoTests: 1,
      numTotalTestSuites: 12,
      numFailedTestSuites: 1,
      testResults: Array.from({ length: 12 }, (_, i) => file(`f${i}.test.ts`, i + 0.25)),
    };
    const lines = summarize(JSON.stringify(report), { root: "/repo", wallSeconds: 61 });
    expect(lines.at(-1)).toBe("40 passed, 2 failed");
    expect(lines.at(-2)).toBe("4 skipped");
    expect(lines[0]).toBe("slowest test files (of 12):");
    expect(lines.slice(1, 11)).toEqual(
      [11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map(
        (i) => `${(i + 0.25).toFixed(1).padStart(7)} s  test/f${i}.test.ts`,
      ),
    );
    expect(lines).toContain("wall time: 61 s");
  });

  it("fails the run when a file failed to load though no test failed", () => {
    const report = { numPassedTests: 5, numFailedTests: 0, numFailedTestSuites: 1, testResults: [] };
    expect(summarize(JSON.stringify(report), { root: "/repo" }).at(-1)).toBe("5 passed, 1 failed");
  });

  it("counts a missing or unreadable report as a failure", () => {
    for (const text of [null, "", "{", '{"numPassedTests":"x"}'])
      expect(summarize(text, { root: "/repo" }).at(-1)).toBe("0 passed, 1 failed");
  });
});
