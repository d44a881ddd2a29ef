import type { ParamChange } from "./types.ts";

/** Hyperparameters added, removed or changed between the baseline and the candidate, by name. */
export function diffParams(
  baseline: Record<string, string>,
  candidate: Record<string, string>,
): ParamChange[] {
  // MLflow params are strings as logged; "0.1" and "0.10" differ here as they do in the tracking UI.
  const names = [...new Set([...Object.keys(baseline), ...Object.keys(candidate)])].sort(byCodePoint);
  const changes: ParamChange[] = [];
  for (const name of names) {
    const before = Object.hasOwn(baseline, name) ? (baseline[name] ?? null) : null;
    const after = Object.hasOwn(candidate, name) ? (candidate[name] ?? null) : null;
    if (before === after) continue;
    const change = before === null ? "added" : after === null ? "removed" : "changed";
    changes.push({ name, change, baseline: before, candidate: after });
  }
  return changes;
}

/** Locale-independent ordering, so the same runs always render in the same order. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
