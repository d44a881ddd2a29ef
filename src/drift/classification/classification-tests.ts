import type { Finding } from "../monitor-report/finding.ts";
import { shortNumber } from "../monitor-report/short-number.ts";
import { type Goal, METRICS, type MetricName } from "./metric-names.ts";

// Evidently 0.7's default classification tests, and the Monitor's overrides of them:
// - with reference labels, each metric must stay within ±20% of its reference value (Evidently's
//   `eq(Reference(relative=0.2))`, bounds included). Evidently fails either way; here a move past the
//   bound in the metric's bad direction (down for accuracy, precision, recall, F1, ROC AUC, TPR, TNR; up
//   for FPR, FNR and log loss) is an error that fails the monitor, and a move past it in the good
//   direction is a warning (an improvement that large often means the labels changed);
// - without reference labels, each metric must beat the dummy model (strictly, as `gt`/`lt`);
// - `classification.tests.<metric>`: `off`, or `min`/`max` (absolute, bounds included, both directions
//   fail) and/or `relative` (the tolerance of the reference test above).

export const DEFAULT_TOLERANCE = 0.2;

export type MetricTestSetting = "off" | { min?: number; max?: number; relative?: number };
export type TestSettings = Partial<Record<MetricName, MetricTestSetting>>;

export type TestVerdict = "pass" | "fail" | "warn" | "not-tested";

export interface MetricTest {
  metric: MetricName;
  /** What the current value is judged against. */
  kind: "relative" | "absolute" | "dummy" | "off";
  goal: Goal;
  reference: number | null;
  current: number | null;
  /** The dummy model's value on the current target, when that is the baseline. */
  dummy: number | null;
  /** The range the current value must stay in (a dummy bound excludes its value); null: unbounded. */
  min: number | null;
  max: number | null;
  verdict: TestVerdict;
  /** The bound in words — the one crossed when the test fails or warns: `≥ 0.784 (reference 0.98 − 20%)`. */
  bound: string;
}

interface Check {
  verdict: TestVerdict;
  bound: string;
  min: number | null;
  max: number | null;
}

const n = shortNumber;
const pct = (t: number) => `${Number((t * 100).toPrecision(4))}%`;

function relativeCheck(goal: Goal, ref: number, cur: number, tolerance: number, source: string): Check {
  const lo = ref - tolerance * Math.abs(ref);
  const hi = ref + tolerance * Math.abs(ref);
  const low = `≥ ${n(lo)} (reference ${n(ref)} − ${pct(tolerance)}${source})`;
  const high = `≤ ${n(hi)} (reference ${n(ref)} + ${pct(tolerance)}${source})`;
  const range = { min: lo, max: hi };
  if (cur < lo) return { ...range, verdict: goal === "higher" ? "fail" : "warn", bound: low };
  if (cur > hi) return { ...range, verdict: goal === "lower" ? "fail" : "warn", bound: high };
  return { ...range, verdict: "pass", bound: goal === "higher" ? low : high };
}

function absoluteCheck(cur: number, min: number | undefined, max: number | undefined, at: string): Check {
  const range = { min: min ?? null, max: max ?? null };
  const both = min !== undefined && max !== undefined;
  const words = both ? `${n(min)} … ${n(max)} (${at})` : "";
  if (min !== undefined && cur < min)
    return { ...range, verdict: "fail", bound: both ? words : `≥ ${n(min)} (${at}.min)` };
  if (max !== undefined && cur > max)
    return { ...range, verdict: "fail", bound: both ? words : `≤ ${n(max)} (${at}.max)` };
  const bound = both ? words : min !== undefined ? `≥ ${n(min)} (${at}.min)` : `≤ ${n(max ?? 0)} (${at}.max)`;
  return { ...range, verdict: "pass", bound };
}

function dummyCheck(goal: Goal, cur: number, dummy: number): Check {
  if (goal === "higher")
    return {
      verdict: cur > dummy ? "pass" : "fail",
      bound: `> ${n(dummy)} (${DUMMY})`,
      min: dummy,
      max: null,
    };
  return { verdict: cur < dummy ? "pass" : "fail", bound: `< ${n(dummy)} (${DUMMY})`, min: null, max: dummy };
}

const DUMMY = "dummy model; the reference has no labels";

const RANK: Record<TestVerdict, number> = { "not-tested": 0, pass: 1, warn: 2, fail: 3 };

export interface TestInputs {
  metrics: readonly MetricName[];
  reference: Partial<Record<MetricName, number | null>> | null;
  current: Partial<Record<MetricName, number | null>> | null;
  dummy: Partial<Record<MetricName, number>>;
  settings?: TestSettings;
}

/** One test per metric, in the order given. */
export function classificationTests(inputs: TestInputs): MetricTest[] {
  return inputs.metrics.map((metric) => {
    const goal = METRICS[metric].goal;
    const reference = inputs.reference?.[metric] ?? null;
    const current = inputs.current?.[metric] ?? null;
    const dummy = inputs.dummy[metric] ?? null;
    const setting = inputs.settings?.[metric];
    const at = `classification.tests.${metric}`;
    const base = { metric, goal, reference, current, dummy: null, min: null, max: null };
    if (setting === "off") return { ...base, kind: "off", verdict: "not-tested", bound: `off (${at})` };
    if (current === null)
      return { ...base, kind: "relative", verdict: "not-tested", bound: "no current value" };
    const checks: Check[] = [];
    let kind: MetricTest["kind"] = "relative";
    const explicit = typeof setting === "object" ? setting : undefined;
    if (explicit && (explicit.min !== undefined || explicit.max !== undefined)) {
      checks.push(absoluteCheck(current, explicit.min, explicit.max, at));
      kind = "absolute";
    }
    const relative = explicit ? explicit.relative : DEFAULT_TOLERANCE;
    if (relative !== undefined) {
      if (reference !== null) {
        checks.push(relativeCheck(goal, reference, current, relative, explicit ? `, ${at}.relative` : ""));
        kind = "relative";
      } else if (dummy !== null) {
        checks.push(dummyCheck(goal, current, dummy));
        kind = "dummy";
      }
    }
    if (checks.length === 0)
      return {
        ...base,
        kind,
        verdict: "not-tested",
        bound: "no reference value and no dummy baseline (the current target holds one class)",
      };
    const worst = checks.reduce((a, b) => (RANK[b.verdict] > RANK[a.verdict] ? b : a));
    return {
      ...base,
      kind,
      dummy: kind === "dummy" ? dummy : null,
      min: worst.min,
      max: worst.max,
      verdict: worst.verdict,
      bound: worst.bound,
    };
  });
}

/** `recall 0.98 → 0.59 (−39.8%)`, or `recall 0.08` without a reference. */
export function movement(t: MetricTest): string {
  const label = METRICS[t.metric].label;
  if (t.current === null) return `${label}: not computed`;
  if (t.reference === null) return `${label} ${n(t.current)}`;
  const change =
    t.reference === 0 ? "" : ` (${signed(((t.current - t.reference) / Math.abs(t.reference)) * 100)}%)`;
  return `${label} ${n(t.reference)} → ${n(t.current)}${change}`;
}

function signed(x: number): string {
  const text = String(Number(Math.abs(x).toPrecision(3)));
  return x < 0 ? `−${text}` : `+${text}`;
}

/** An error finding per failed test, a warning per test past its bound in the good direction. */
export function testFindings(tests: readonly MetricTest[]): Finding[] {
  const out: Finding[] = [];
  for (const t of tests) {
    if (t.verdict === "fail")
      out.push({
        area: "classification",
        severity: "error",
        code: "classification-metric-failed",
        message: `${movement(t)} fails ${t.bound}`,
      });
    else if (t.verdict === "warn")
      out.push({
        area: "classification",
        severity: "warning",
        code: "classification-metric-improved",
        message: `${movement(t)} is past ${t.bound} in the good direction: an improvement this large often means the labels or the data changed`,
      });
  }
  return out;
}
