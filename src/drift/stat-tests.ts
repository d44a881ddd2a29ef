// The statistical tests a column can be checked with, their default thresholds and drift rules, as
// registered by Evidently (legacy/calculations/stattests/*.py).

export const STAT_TEST_NAMES = [
  "ks",
  "chisquare",
  "z",
  "wasserstein",
  "jensenshannon",
  "psi",
  // Evidently registers this one as `kl_div`; Slipway spells it `kl`, as Monitor manifests do.
  "kl",
  "hellinger",
] as const;

export type StatTestName = (typeof STAT_TEST_NAMES)[number];

export interface StatTestInfo {
  /** A p-value drifts when small; a distance drifts when large. */
  score: "p-value" | "distance";
  defaultThreshold: number;
  /** Tests that need numbers (ks, wasserstein) cannot run on string categories. */
  numericOnly: boolean;
}

export const STAT_TESTS: Readonly<Record<StatTestName, StatTestInfo>> = {
  ks: { score: "p-value", defaultThreshold: 0.05, numericOnly: true },
  chisquare: { score: "p-value", defaultThreshold: 0.05, numericOnly: false },
  z: { score: "p-value", defaultThreshold: 0.05, numericOnly: false },
  wasserstein: { score: "distance", defaultThreshold: 0.1, numericOnly: true },
  jensenshannon: { score: "distance", defaultThreshold: 0.1, numericOnly: false },
  psi: { score: "distance", defaultThreshold: 0.1, numericOnly: false },
  kl: { score: "distance", defaultThreshold: 0.1, numericOnly: false },
  hellinger: { score: "distance", defaultThreshold: 0.1, numericOnly: false },
};

export function isStatTestName(name: string): name is StatTestName {
  return (STAT_TEST_NAMES as readonly string[]).includes(name);
}

/**
 * Evidently's drift rules: KS drifts at p <= threshold, chi-square and Z at p < threshold (strict), and
 * every distance at score >= threshold. (A score that is not a finite number never gets here: it fails
 * its column, see `columnDrift`.)
 */
export function isDrift(test: StatTestName, score: number, threshold: number): boolean {
  if (test === "ks") return score <= threshold;
  if (STAT_TESTS[test].score === "p-value") return score < threshold;
  return score >= threshold;
}
