import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rocAuc } from "../../src/drift/classification/roc-auc.ts";

const auc = (actual: number[], scores: number[]) =>
  rocAuc(Uint8Array.from(actual), Float64Array.from(scores));

/** The definition: the share of (positive, negative) pairs ranked right, ties counted half. */
function pairwise(actual: number[], scores: number[]): number | null {
  let pairs = 0;
  let right = 0;
  actual.forEach((a, i) => {
    if (!a) return;
    actual.forEach((b, j) => {
      if (b) return;
      pairs++;
      const si = scores[i] as number;
      const sj = scores[j] as number;
      right += si > sj ? 1 : si === sj ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : right / pairs;
}

describe("ROC AUC", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one, 0.5 when every score ties", () => {
    expect(auc([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])).toBe(1);
    expect(auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
    expect(auc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it("counts a tie across classes as a diagonal step (half), as scikit-learn's trapezoid does", () => {
    // thresholds 0.9, 0.4, 0.2: ROC points (0,0) (0,1/2) (1/2,1) (1,1) → 1/2·1/2·(1/2+1) + 1/2 = 0.875
    expect(auc([1, 1, 0, 0], [0.9, 0.4, 0.4, 0.2])).toBe(0.875);
  });

  it("is undefined (null) when the target holds one class", () => {
    expect(auc([1, 1, 1], [0.1, 0.2, 0.3])).toBeNull();
    expect(auc([0, 0], [0.1, 0.2])).toBeNull();
    expect(auc([], [])).toBeNull();
  });

  it("equals the pairwise definition on any labels and heavily tied scores", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: -3, max: 3 })), {
          maxLength: 60,
        }),
        (rows) => {
          const actual = rows.map((r) => r[0]);
          const scores = rows.map((r) => r[1] / 2);
          const expected = pairwise(actual, scores);
          const got = auc(actual, scores);
          if (expected === null) expect(got).toBeNull();
          else expect(got).toBeCloseTo(expected, 14);
        },
      ),
      { seed: 6, numRuns: 300 },
    );
  });
});
