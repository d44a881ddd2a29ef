import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PrTableRow, precisionRecallTable } from "../../src/drift/classification/pr-table.ts";

// The precision–recall table against its definition, computed the slow way: for each 5% step, the
// highest cut-off whose rows (score ≥ cut-off) reach the step's share, ties taken whole; a cut-off
// reached by several steps listed once, at the last of them.

const table = (actual: number[], scores: number[]) =>
  precisionRecallTable(Uint8Array.from(actual), Float64Array.from(scores));

function definition(actual: number[], scores: number[]): PrTableRow[] | null {
  const positives = actual.filter((a) => a === 1).length;
  if (positives === 0 || positives === actual.length) return null;
  const cutoffs = [...new Set(scores)].sort((a, b) => b - a);
  const byCutoff = new Map<number, PrTableRow>();
  for (let step = 1; step <= 20; step++) {
    const need = Math.ceil((step * actual.length) / 20);
    for (const c of cutoffs) {
      const rows = scores.filter((s) => s >= c).length;
      if (rows < need) continue;
      const tp = scores.filter((s, i) => s >= c && actual[i] === 1).length;
      byCutoff.set(c, {
        top: step * 5,
        rows,
        cutoff: c,
        tp,
        fp: rows - tp,
        precision: tp / rows,
        recall: tp / positives,
      });
      break;
    }
  }
  return [...byCutoff.values()];
}

describe("the precision–recall table", () => {
  it("lists the top-scored rows in 5% steps, with cut-off, TP, FP, precision and recall", () => {
    // 20 rows, scores 1.00, 0.95, … 0.05; the positives are the 1st, 2nd, 4th and 11th highest.
    const scores = Array.from({ length: 20 }, (_, i) => 1 - i * 0.05);
    const actual = scores.map((_, i) => ([0, 1, 3, 10].includes(i) ? 1 : 0));
    const t = table(actual, scores) as PrTableRow[];
    expect(t).toHaveLength(20);
    expect(t[0]).toEqual({ top: 5, rows: 1, cutoff: 1, tp: 1, fp: 0, precision: 1, recall: 0.25 });
    expect(t[3]).toMatchObject({ top: 20, rows: 4, tp: 3, fp: 1, precision: 0.75, recall: 0.75 });
    expect(t[19]).toMatchObject({ top: 100, rows: 20, tp: 4, fp: 16, precision: 0.2, recall: 1 });
  });

  it("takes tied rows together, listing a cut-off once at the last step it reaches", () => {
    // Ten rows: 0.9 once, then 0.5 six times, then 0.1 three times.
    const scores = [0.9, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1];
    const actual = [1, 1, 0, 1, 0, 0, 0, 0, 1, 0];
    expect(table(actual, scores)).toEqual([
      { top: 10, rows: 1, cutoff: 0.9, tp: 1, fp: 0, precision: 1, recall: 0.25 },
      { top: 70, rows: 7, cutoff: 0.5, tp: 3, fp: 4, precision: 3 / 7, recall: 0.75 },
      { top: 100, rows: 10, cutoff: 0.1, tp: 4, fp: 6, precision: 0.4, recall: 1 },
    ]);
  });

  it("is null with one class only", () => {
    expect(table([1, 1], [0.2, 0.7])).toBeNull();
    expect(table([0, 0, 0], [0.2, 0.7, 0.1])).toBeNull();
  });

  it("matches its definition on any data, ties included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 12 })), {
          minLength: 2,
          maxLength: 90,
        }),
        (rows) => {
          const actual = rows.map((r) => r[0]);
          const scores = rows.map((r) => r[1] / 12);
          expect(table(actual, scores)).toEqual(definition(actual, scores));
        },
      ),
      { numRuns: 300 },
    );
  });
});
