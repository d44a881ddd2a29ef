import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { binnedShares } from "../../src/drift/binned-shares.ts";
import { chiSquareTest } from "../../src/drift/chisquare.ts";
import { columnDrift } from "../../src/drift/column-drift.ts";
import { jensenShannonDistance } from "../../src/drift/jensen-shannon.ts";
import { klDivergence } from "../../src/drift/kl.ts";
import { ksTwoSample } from "../../src/drift/ks.ts";
import { kstwoSf } from "../../src/drift/kstwo.ts";
import { normedWasserstein, wassersteinDistance } from "../../src/drift/wasserstein.ts";
import { numberColumn, stringColumn } from "./column-values.ts";

// Reference values computed with SciPy 1.17.1 / NumPy 2.4.6 (copied from the shared drift-golden.json,
// produced by drift-golden.py); they run without Python.

const golden = JSON.parse(
  readFileSync(new URL("../golden/drift/scipy-reference.json", import.meta.url), "utf8").replace(
    /\bInfinity\b/g,
    "1e999",
  ),
) as Record<string, number | number[]>;

function num(key: string): number {
  return golden[key] as number;
}
function pair(key: string): [number, number] {
  return golden[key] as [number, number];
}
function closeTo(actual: number | null, expected: number, tolerance = 1e-12): void {
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    tolerance * Math.max(1, Math.abs(expected)),
  );
}

const a = [1.1, 2.3, 2.9, 3.7, 4.2, 5.5, 6.1, 7.8, 8.4, 9.0];
const b = [2.0, 3.1, 3.9, 4.4, 5.0, 6.6, 7.2, 8.8, 9.9, 11.5, 12.0];
const sorted = (xs: number[]) => Float64Array.from(xs).sort();

describe("golden SciPy values", () => {
  it("KS exact p-value for unequal sizes", () => {
    const r = ksTwoSample(sorted(a), sorted(b));
    expect(r.method).toBe("exact");
    closeTo(r.statistic, pair("ks_exact")[0]);
    closeTo(r.pValue, pair("ks_exact")[1]);
  });

  it("KS asymptotic p-value is kstwo.sf(D, round(en)), not the limiting distribution", () => {
    const d = ksTwoSample(sorted(a), sorted(b)).statistic;
    closeTo(kstwoSf(d, Math.round((10 * 11) / 21)), pair("ks_asymp")[1]);
  });

  it("KS exact p-value with ties", () => {
    const r = ksTwoSample(sorted([1, 1, 2, 2, 3, 3, 3, 4]), sorted([2, 3, 3, 4, 4, 5, 5, 5, 6]));
    closeTo(r.statistic, pair("ks_ties_exact")[0]);
    closeTo(r.pValue, pair("ks_ties_exact")[1]);
  });

  it("Wasserstein distance and Evidently's normed variant", () => {
    closeTo(wassersteinDistance(sorted(a), sorted(b)), num("wasserstein_ab"));
    closeTo(normedWasserstein(sorted(a), sorted(b)), num("wasserstein_norm_ab"));
  });

  it("chi-square goodness of fit", () => {
    const r = chiSquareTest({
      keys: [0, 1, 2, 3],
      reference: Float64Array.of(25, 25, 25, 25),
      current: Float64Array.of(18, 22, 30, 30),
    });
    closeTo(r.statistic, pair("chisquare")[0]);
    closeTo(r.pValue, pair("chisquare")[1]);
  });

  it("Jensen–Shannon distance (natural log, normalised inputs) and KL divergence", () => {
    const js = (p: number[], q: number[]) =>
      jensenShannonDistance({ reference: Float64Array.from(p), current: Float64Array.from(q) });
    closeTo(js([0.1, 0.4, 0.5, 0], [0.2, 0.2, 0.3, 0.3]), num("js_e"));
    closeTo(js([0.1, 0.4, 0.5, 0], [0.2, 0.2, 0.3, 0.3]) / Math.sqrt(Math.LN2), num("js_base2"));
    closeTo(js([1, 4, 5, 0], [2, 2, 3, 3]), num("js_unnormalized_counts"));
    const kl = klDivergence({
      reference: Float64Array.of(0.2, 0.2, 0.3, 0.3),
      current: Float64Array.of(0.1, 0.4, 0.4, 0.1),
    });
    closeTo(kl, num("kl_entropy_qp"));
  });

  const refNum = Array.from({ length: 40 }, (_, i) => (i * 0.37) % 10);
  const curNum = Array.from({ length: 50 }, (_, i) => 2 + ((i * 0.41) % 11));

  it("Evidently's Sturges binning for numeric PSI, JS and KL", () => {
    const r = sorted(refNum);
    const c = sorted(curNum);
    const shares = binnedShares({ reference: r, current: c, integer: false, referenceDistinct: 40 }, () => {
      throw new Error("per-value counts not expected");
    });
    expect(shares.reference.length).toBe(num("evid_numeric_sturges_nbins"));
    const run = (test: "psi" | "jensenshannon" | "kl") =>
      columnDrift("x", numberColumn(refNum), numberColumn(curNum), { test }).score;
    closeTo(run("psi"), num("evid_psi_numeric"));
    closeTo(run("jensenshannon"), num("evid_js_numeric"));
    closeTo(run("kl"), num("evid_kl_numeric"));
  });

  it("Evidently's per-category PSI and JS", () => {
    const ref = stringColumn([..."aaabbbcccd"]);
    const cur = stringColumn([..."aabbbbcccce"]);
    closeTo(columnDrift("x", ref, cur, { test: "psi" }).score, num("evid_psi_categorical"));
    closeTo(columnDrift("x", ref, cur, { test: "jensenshannon" }).score, num("evid_js_categorical"));
  });

  it("Evidently's chi-square: an unseen category gives statistic inf and p 0", () => {
    const r = columnDrift("x", stringColumn([..."aaabbbcccd"]), stringColumn([..."aabbbbcccce"]), {
      test: "chisquare",
    });
    expect(r.statistic).toBe(pair("evid_chisquare_unseen_category")[0]);
    expect(r.score).toBe(0);
    expect(r.drift).toBe(true);
    const p = columnDrift("x", stringColumn([..."aaabbbcccc"]), stringColumn([..."aabbbbcccc"]), {
      test: "chisquare",
    });
    closeTo(p.score, num("evid_chisquare_p"));
  });

  it("Evidently's two-proportion Z-test", () => {
    const ref = numberColumn([...Array(30).fill(0), ...Array(20).fill(1)], true);
    const cur = numberColumn([...Array(18).fill(0), ...Array(32).fill(1)], true);
    const r = columnDrift("x", ref, cur);
    expect(r.test).toBe("z");
    expect(r.type).toBe("categorical");
    closeTo(r.score, num("evid_z_binary"));
    expect(r.drift).toBe(true);
  });
});
