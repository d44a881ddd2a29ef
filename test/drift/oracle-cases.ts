import type { ColumnType } from "../../src/drift/columns.ts";
import { normal, seededRandom } from "./seeded-random.ts";

// Generated drift cases for the SciPy oracle: small and large samples, both sides of every cutoff
// (1,000 reference rows, 10,000 KS samples, 2/5/20 distinct values), ties, constants, skew, unseen
// categories, NaN and ±inf.

export interface OracleCase {
  id: string;
  kind: "numeric" | "categorical";
  type: ColumnType;
  integer: boolean;
  /** Numbers as strings ("NaN", "Infinity" included) so they survive JSON exactly; strings or null. */
  ref: (string | null)[];
  cur: (string | null)[];
}

type Gen = (random: () => number) => number;

const numericShapes: Record<string, (shift: number) => Gen> = {
  normal: (s) => (r) => normal(r) + s,
  wide: (s) => (r) => normal(r) * 50 + s * 50,
  skewed: (s) => (r) => Math.exp(normal(r) * 1.5) + s,
  uniform: (s) => (r) => r() * 10 + s,
  rounded: (s) => (r) => Math.round((normal(r) + s) * 4) / 4,
  integers: (s) => (r) => Math.floor(r() * 30 + s * 5),
  twoValues: (s) => (r) => (r() < 0.4 + s / 10 ? 0 : 1),
  threeValues: (s) => (r) => Math.floor(r() * 3 + (r() < s / 5 ? 1 : 0)),
  fiveValues: (s) => (r) => Math.floor(r() * 5) * 1.5 + (r() < s / 5 ? 1.5 : 0),
  sixValues: (s) => (r) => Math.floor(r() * 6) + (r() < s / 5 ? 1 : 0),
  twentyValues: (s) => (r) => Math.floor(r() * 20) + (r() < s / 5 ? 1 : 0),
  twentyOneValues: (s) => (r) => Math.floor(r() * 21) + (r() < s / 5 ? 1 : 0),
  constant: (s) => () => 3 + (s > 0 ? 1 : 0),
  tiny: (s) => (r) => (normal(r) + s) * 1e-7,
};

const sizePairs: [number, number][] = [
  [1, 1],
  [1, 5],
  [3, 4],
  [7, 7],
  [10, 11],
  [25, 40],
  [60, 60],
  [100, 37],
  [333, 512],
  [999, 1000],
  [1000, 800],
  [1001, 700],
  [1500, 1500],
  [2500, 3100],
  [9999, 400],
  [10000, 120],
  [10001, 120],
  [10001, 10001],
  [12000, 9000],
  [20000, 15],
];

/** Large samples for the finite-n kstwo branches (Durbin, Pelz–Good, 2·smirnov) and exact n1 = n2. */
const largeKsPairs: [number, number][] = [
  [3000, 3000],
  [10000, 10000],
  [10000, 9999],
  [60000, 45000],
  [250000, 200000],
];

export function largeKsCases(seed: number): OracleCase[] {
  const random = seededRandom(seed);
  return largeKsPairs.flatMap(([n1, n2]) =>
    [0, 0.01, 0.03].map((shift) => ({
      id: `num-large-${n1}x${n2}-s${shift}`,
      kind: "numeric" as const,
      type: "numerical" as const,
      integer: false,
      ref: Array.from({ length: n1 }, () => String(normal(random))),
      cur: Array.from({ length: n2 }, () => String(normal(random) + shift)),
    })),
  );
}

function sprinkle(values: (string | null)[], random: () => number, rate: number): void {
  for (let i = 0; i < values.length; i++) {
    if (random() < rate) values[i] = ["NaN", "Infinity", "-Infinity"][Math.floor(random() * 3)] as string;
  }
}

export function numericCases(seed: number): OracleCase[] {
  const random = seededRandom(seed);
  const cases: OracleCase[] = [];
  let k = 0;
  for (const [shape, make] of Object.entries(numericShapes)) {
    for (const [n1, n2] of sizePairs) {
      if ((n1 > 5000 || n2 > 5000) && k % 3 !== 0 && shape !== "normal") {
        k++;
        continue;
      }
      const shift = [0, 0.1, 0.5, 2][k % 4] as number;
      const ref = Array.from({ length: n1 }, () => String(make(0)(random)));
      const cur = Array.from({ length: n2 }, () => String(make(shift)(random)));
      const withMissing = k % 5 === 2 && n1 > 3 && n2 > 3;
      if (withMissing) {
        sprinkle(ref, random, 0.05);
        sprinkle(cur, random, 0.05);
      }
      const integer =
        (shape === "integers" || shape.endsWith("Values")) && !withMissing && shape !== "fiveValues";
      const distinct = new Set([...ref, ...cur]).size;
      const type: ColumnType = integer && distinct <= 10 ? "categorical" : "numerical";
      cases.push({ id: `num-${shape}-${n1}x${n2}-s${shift}`, kind: "numeric", type, integer, ref, cur });
      k++;
    }
  }
  return cases;
}

const alphabets: Record<string, string[]> = {
  binary: ["no", "yes"],
  three: ["a", "b", "c"],
  many: "abcdefghijklmnop".split(""),
  unicode: ["é", "z", "Z", "ä", "😀", "a"],
};

export function categoricalCases(seed: number): OracleCase[] {
  const random = seededRandom(seed);
  const cases: OracleCase[] = [];
  let k = 0;
  for (const [name, letters] of Object.entries(alphabets)) {
    for (const [n1, n2] of sizePairs.filter(([a, b]) => a < 5000 && b < 5000)) {
      const skew = [1, 1.5, 3][k % 3] as number;
      const pick = (power: number) => letters[Math.floor(random() ** power * letters.length)] as string;
      const ref: (string | null)[] = Array.from({ length: n1 }, () => pick(1));
      const cur: (string | null)[] = Array.from({ length: n2 }, () => pick(skew));
      if (k % 4 === 1) cur[0] = "unseen"; // a category the reference never had
      if (k % 6 === 3 && n1 > 2) ref[1] = null;
      cases.push({
        id: `cat-${name}-${n1}x${n2}-k${skew}-${k}`,
        kind: "categorical",
        type: "categorical",
        integer: false,
        ref,
        cur,
      });
      k++;
    }
  }
  cases.push({
    id: "cat-constant-same",
    kind: "categorical",
    type: "categorical",
    integer: false,
    ref: ["a", "a"],
    cur: ["a"],
  });
  cases.push({
    id: "cat-constant-diff",
    kind: "categorical",
    type: "categorical",
    integer: false,
    ref: ["a", "a"],
    cur: ["b"],
  });
  return cases;
}
