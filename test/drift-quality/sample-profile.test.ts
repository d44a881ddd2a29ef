import { describe, expect, it } from "vitest";
import { profileSample } from "../../src/drift/quality/sample-profile.ts";
import { numberColumn, range } from "./tables.ts";

// A sample's profile types its column as Evidently does — whole numbers with at most ten values are
// categorical — while counting distinct numbers only as far as that rule needs.

describe("a sample's profile", () => {
  it("types whole numbers by how many values they take, up to one past the limit", () => {
    const ten = profileSample(
      numberColumn(
        range(1000, (i) => i % 10),
        true,
      ),
    );
    expect(ten).toMatchObject({ dtype: "integer", type: "categorical", distinct: 10, missing: 0 });
    const many = profileSample(
      numberColumn(
        range(1000, (i) => i % 500),
        true,
      ),
    );
    expect(many).toMatchObject({ dtype: "integer", type: "numerical", distinct: 11 });
    // −0 and +0 are one value; NaN is missing, not a value.
    const zeros = profileSample(numberColumn([0, -0, 1, Number.NaN], true));
    expect(zeros).toMatchObject({ distinct: 2, missing: 1, type: "categorical" });
  });

  it("types fractions as numerical, with min, max and mean over every value", () => {
    const p = profileSample(numberColumn(range(1001, (i) => i / 10)));
    expect(p).toMatchObject({ dtype: "float", type: "numerical", missing: 0 });
    expect(p.numeric).toEqual({ min: 0, max: 100, mean: 50 });
  });
});
