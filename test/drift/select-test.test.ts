import { describe, expect, it } from "vitest";
import { selectDefaultTest } from "../../src/drift/select-test.ts";

// Evidently's `_get_default_stattest` table (DESIGN.md §6), both sides of each cutoff.

describe("default test selection", () => {
  it.each([
    ["numerical", 1000, 2, "z"],
    ["numerical", 1000, 3, "chisquare"],
    ["numerical", 1000, 5, "chisquare"],
    ["numerical", 1000, 6, "ks"],
    ["categorical", 1000, 2, "z"],
    ["categorical", 1000, 3, "chisquare"],
    ["categorical", 1000, 50, "chisquare"],
    ["numerical", 1001, 5, "jensenshannon"],
    ["numerical", 1001, 6, "wasserstein"],
    ["categorical", 1001, 2, "jensenshannon"],
    ["categorical", 1001, 500, "jensenshannon"],
    ["text", 10, 10, null],
    ["text", 5000, 10, null],
  ] as const)("%s column, %i reference rows, %i distinct → %s", (type, rows, distinct, test) => {
    expect(selectDefaultTest(type, rows, distinct)).toBe(test);
  });
});
