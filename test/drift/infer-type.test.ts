import { describe, expect, it } from "vitest";
import { columnDrift } from "../../src/drift/column-drift.ts";
import { numberColumn, stringColumn } from "./column-values.ts";

// Evidently 0.7 `infer_column_type`: floats numerical; integers categorical at <= 10 distinct values;
// strings text when distinct > half the values, else categorical. Evaluated on the reference sample.

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe("column type inference", () => {
  it("floats are numerical even with few values", () => {
    expect(columnDrift("x", numberColumn([0.5, 1.5, 0.5]), numberColumn([1.5])).type).toBe("numerical");
  });

  it("integers with at most 10 distinct values are categorical", () => {
    const ten = numberColumn(
      range(100, (i) => i % 10),
      true,
    );
    expect(columnDrift("x", ten, ten).type).toBe("categorical");
    const eleven = numberColumn(
      range(100, (i) => i % 11),
      true,
    );
    expect(columnDrift("x", eleven, eleven).type).toBe("numerical");
  });

  it("an integer column with a missing cell reads as float (pandas), so numerical", () => {
    const withGap = numberColumn([1, 2, Number.NaN, 1], false);
    expect(columnDrift("x", withGap, numberColumn([1, 2], true)).type).toBe("numerical");
  });

  it("strings are text when distinct values exceed half the values, and text is not tested", () => {
    const ids = stringColumn(range(20, (i) => `id-${i}`).map(String));
    const r = columnDrift("x", ids, ids);
    expect(r.type).toBe("text");
    expect(r.test).toBeNull();
    expect(r.drift).toBe(false);
    expect(r.skipped).toMatch(/text/);
  });

  it("strings with repeated values are categorical", () => {
    const c = stringColumn(["a", "b", "a", "b", "a"]);
    expect(columnDrift("x", c, c).type).toBe("categorical");
  });

  it("an explicit type wins", () => {
    const c = numberColumn([0.5, 1.5, 0.5]);
    expect(columnDrift("x", c, c, { type: "categorical" }).type).toBe("categorical");
  });
});
