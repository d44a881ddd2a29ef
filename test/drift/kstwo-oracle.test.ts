import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { kstwoSf } from "../../src/drift/kstwo.ts";
import { runPython, scipyAvailability } from "./python-oracle.ts";

// The finite-n Kolmogorov survival function against `scipy.stats.kstwo.sf` over a grid that crosses
// every branch of SciPy's `_kolmogn`: Ruben–Gambino ends, Durbin, Pomeranz, Pelz–Good, 2·smirnov,
// n <= 140 vs n > 140, n <= 100,000 vs above, and Smirnov's large-n approximation beyond 1,000,000.

const scipy = scipyAvailability();
if (!scipy.available) console.warn(`SKIPPING the kstwo SciPy oracle: ${scipy.reason}`);

const NS = [
  1, 2, 3, 5, 8, 13, 40, 99, 140, 141, 300, 1000, 5000, 20_000, 100_000, 100_001, 400_000, 999_999, 1_500_000,
];
const XS = [
  0.0004, 0.001, 0.002, 0.004, 0.008, 0.013, 0.021, 0.034, 0.055, 0.09, 0.14, 0.23, 0.37, 0.5, 0.61, 0.8,
  0.97,
];

describe.skipIf(!scipy.available)("kstwo.sf agrees with SciPy", () => {
  const grid: [number, number][] = [];
  for (const n of NS) {
    for (const x of XS) grid.push([x, n]);
    // Around the Ruben–Gambino boundaries t = 0.5, 1 and n − 1.
    for (const t of [0.5, 0.75, 1, 1.0001, n - 1.0001, n - 1]) if (t > 0 && t < n) grid.push([t / n, n]);
  }
  const expected = scipy.available
    ? runPython<number[]>(fileURLToPath(new URL("./oracle/kstwo_oracle.py", import.meta.url)), grid)
    : [];
  let worst = 0;
  afterAll(() =>
    console.log(`kstwo oracle: ${grid.length} points, max absolute error ${worst.toExponential(2)}`),
  );

  it("matches within 1e-9 absolute at every grid point", () => {
    grid.forEach(([x, n], i) => {
      const error = Math.abs(kstwoSf(x, n) - (expected[i] as number));
      worst = Math.max(worst, error);
      expect(error, `kstwo.sf(${x}, ${n})`).toBeLessThanOrEqual(1e-9);
    });
    // CPU-bound (Durbin's matrix power near n = 140): seconds alone, far more on a busy machine.
  }, 180_000);
});
