import { sameDigests } from "./metric-value.ts";
import type { DatasetLineage, ParamChange, RunSummary } from "./types.ts";

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

/** The training/evaluation data each run logged as inputs, and whether the digests agree. */
export function datasetLineage(candidate: RunSummary, baseline: RunSummary | undefined): DatasetLineage {
  return {
    candidate: datasets(candidate),
    baseline: baseline ? datasets(baseline) : null,
    sameDigests: baseline ? sameDigests(candidate.datasetDigests, baseline.datasetDigests) : null,
  };
}

function datasets(run: RunSummary): { names: string[]; digests: string[] } {
  return {
    names: [...new Set(run.datasetNames ?? [])].sort(byCodePoint),
    digests: [...new Set(run.datasetDigests)].sort(byCodePoint),
  };
}

/** Why relative gates cannot be judged, or null when the runs share their dataset digests. */
export function notComparableReason(lineage: DatasetLineage): string | null {
  if (lineage.baseline === null || lineage.sameDigests) return null;
  if (lineage.candidate.digests.length === 0 || lineage.baseline.digests.length === 0)
    return "not comparable: a run logged no dataset digest, so the two cannot be shown to share evaluation data";
  return "not comparable: the runs were evaluated on different dataset digests";
}
