import type { Table } from "../../src/drift/columns.ts";
import { seededRandom } from "../drift/seeded-random.ts";
import { numberColumn, table } from "../drift-quality/tables.ts";

/**
 * A scored binary sample: target `y` with the given positive share, a score `s` that separates the
 * classes by `separation` (0: none) plus uniform noise, and the prediction `p` = score ≥ 0.5.
 */
export function scoredSample(
  seed: number,
  rows: number,
  options: { prevalence?: number; separation?: number; lean?: number } = {},
): Table {
  const random = seededRandom(seed);
  const prevalence = options.prevalence ?? 0.2;
  const separation = options.separation ?? 0.5;
  const y: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < rows; i++) {
    const positive = random() < prevalence ? 1 : 0;
    const centre = 0.5 + (positive ? separation : -separation) / 2 + (options.lean ?? 0);
    y.push(positive);
    s.push(Math.min(1, Math.max(0, centre + (random() - 0.5) * 0.8)));
  }
  return table({
    y: numberColumn(y, true),
    p: numberColumn(
      s.map((v) => (v >= 0.5 ? 1 : 0)),
      true,
    ),
    s: numberColumn(s),
  });
}
