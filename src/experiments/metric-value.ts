/**
 * A metric's usable value: NaN and ±Infinity count as missing, because MLflow stores them as logged
 * (a diverged loss, a metric over an empty slice) and no bound can be judged against them.
 */
export function finiteMetric(metrics: Record<string, number>, name: string): number | null {
  if (!Object.hasOwn(metrics, name)) return null;
  const value = metrics[name];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** candidate − baseline, and that as a fraction of |baseline| (null when the baseline is 0). */
export function deltas(
  baseline: number | null,
  candidate: number | null,
): { delta: number | null; relativeDelta: number | null } {
  if (baseline === null || candidate === null) return { delta: null, relativeDelta: null };
  const delta = candidate - baseline;
  return { delta, relativeDelta: baseline === 0 ? null : delta / Math.abs(baseline) };
}

/**
 * How much worse the candidate is than the baseline in the gate's direction: positive is a regression,
 * negative an improvement. Exact IEEE-754 arithmetic, no epsilon: a tolerance that sits on a value
 * binary floating point cannot hold exactly is judged on the nearest double, as a reviewer re-running
 * the comparison in Python would get.
 */
export function drop(goal: "maximize" | "minimize", baseline: number, candidate: number): number {
  return goal === "maximize" ? baseline - candidate : candidate - baseline;
}

/** A ratio from the manifest as the percentage its author meant: 0.07 → "7%", not 7.000000000000001%. */
export function ratioPercent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(12))}%`;
}
