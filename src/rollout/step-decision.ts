import type { CheckResult } from "./check-result.ts";

/** What an evaluation of one Model's step leads to. */
export type StepDecision =
  | { kind: "next" }
  /** A check failed within its `failureLimit`: the step runs another interval. */
  | { kind: "hold"; failed: CheckResult[] }
  | { kind: "rollback"; failed: CheckResult[] };

/**
 * Issue #22's verdict on one step: every check passed → the next step; a check failed (or measured
 * nothing, or could not be queried) more often than `failureLimit` allows over the rollout → roll back;
 * otherwise hold the step for another interval. `failures` counts earlier failed evaluations by check.
 */
export function decideStep(
  results: readonly CheckResult[],
  failures: Readonly<Record<string, number>>,
  failureLimit: number,
): { decision: StepDecision; failures: Record<string, number> } {
  const next = { ...failures };
  const failed = results.filter((r) => r.verdict !== "pass");
  for (const r of failed) next[r.check] = (next[r.check] ?? 0) + 1;
  if (failed.length === 0) return { decision: { kind: "next" }, failures: next };
  const over = failed.some((r) => (next[r.check] ?? 0) > failureLimit);
  return { decision: { kind: over ? "rollback" : "hold", failed }, failures: next };
}
