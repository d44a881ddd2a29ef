import type { CanaryCheck } from "../manifests/schemas/canary.ts";

export type Verdict = "pass" | "fail" | "no-data";

/** A check judged on one evaluation's numbers. */
export interface Judgement {
  verdict: Verdict;
  /** The bound in words, with the stable version's number worked in: `≤ 1.2 × stable (0.084)`. */
  bound: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6))));

/**
 * The bound a check declares, in words, as the plan shows it before any number exists:
 * `≤ 0.01`, `≥ 0.99`, `≤ stable + 0.005`, `≤ 1.2 × stable`, several joined by "and".
 */
export function boundWords(check: CanaryCheck, stable: number | null = null): string {
  const s = (expr: string, value: number | null) => (value === null ? expr : `${expr} (${fmt(value)})`);
  const parts: string[] = [];
  if (check.max !== undefined) parts.push(`≤ ${fmt(check.max)}`);
  if (check.min !== undefined) parts.push(`≥ ${fmt(check.min)}`);
  if (check.maxIncrease !== undefined)
    parts.push(
      s(`≤ stable + ${fmt(check.maxIncrease)}`, stable === null ? null : stable + check.maxIncrease),
    );
  if (check.maxRatio !== undefined)
    parts.push(s(`≤ ${fmt(check.maxRatio)} × stable`, stable === null ? null : stable * check.maxRatio));
  if (check.maxDecrease !== undefined)
    parts.push(
      s(`≥ stable − ${fmt(check.maxDecrease)}`, stable === null ? null : stable - check.maxDecrease),
    );
  if (check.minRatio !== undefined)
    parts.push(s(`≥ ${fmt(check.minRatio)} × stable`, stable === null ? null : stable * check.minRatio));
  return parts.join(" and ");
}

/** Whether the check compares with the stable version (so the stable value must be measured too). */
export function comparesWithStable(check: CanaryCheck): boolean {
  return (
    check.maxIncrease !== undefined ||
    check.maxRatio !== undefined ||
    check.maxDecrease !== undefined ||
    check.minRatio !== undefined
  );
}

/**
 * Judges the canary's value against the check's bounds. A missing value — the query returned no
 * series, or NaN (no requests in the window) — is `no-data`, which the rollout counts as a failure:
 * a canary nobody measured has not passed.
 */
export function judge(check: CanaryCheck, canary: number | null, stable: number | null): Judgement {
  const bound = boundWords(check, stable);
  if (canary === null || (comparesWithStable(check) && stable === null)) return { verdict: "no-data", bound };
  const ok = (cond: boolean | undefined) => cond !== false;
  const pass =
    ok(check.max === undefined ? undefined : canary <= check.max) &&
    ok(check.min === undefined ? undefined : canary >= check.min) &&
    ok(check.maxIncrease === undefined ? undefined : canary <= (stable as number) + check.maxIncrease) &&
    ok(check.maxRatio === undefined ? undefined : canary <= (stable as number) * check.maxRatio) &&
    ok(check.maxDecrease === undefined ? undefined : canary >= (stable as number) - check.maxDecrease) &&
    ok(check.minRatio === undefined ? undefined : canary >= (stable as number) * check.minRatio);
  return { verdict: pass ? "pass" : "fail", bound };
}

export { fmt as formatNumber };
