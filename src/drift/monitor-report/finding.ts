// One finding type for every stage of a monitor run (DESIGN.md §3: a finding is data in a report, a
// fault is an error). Stages keep their own codes, so the check run, the comment and alerts can tell a
// schema change from a drifted column without parsing messages.

export type Severity = "error" | "warning" | "info";

/** The monitor setting spelling: `ignore` drops the finding, the others become its severity. */
export type SettingSeverity = "error" | "warning" | "ignore";

export type FindingArea = "schema" | "quality" | "drift" | "classification";

export type FindingCode =
  | "column-added"
  | "column-removed"
  | "column-retyped"
  | "missing-share"
  | "column-empty"
  | "new-categories"
  | "vanished-categories"
  | "column-drift"
  | "prediction-drift"
  | "target-drift"
  | "dataset-drift"
  | "drift-not-computed"
  | "declared-column-absent"
  | "classification-column-absent"
  | "reference-unlabelled"
  | "too-many-labels"
  | "positive-label-not-found"
  | "score-not-numeric"
  | "score-ignored"
  | "roc-auc-undefined"
  | "log-loss-undefined"
  | "no-labelled-rows"
  | "classification-metric-failed"
  | "classification-metric-improved";

export interface Finding {
  area: FindingArea;
  severity: Severity;
  code: FindingCode;
  /** The column the finding is about, when there is one. */
  column?: string;
  message: string;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/** The worst severity among findings, or null when there is none. */
export function worstSeverity(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings)
    if (worst === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}

/** Findings ordered worst first; the stage order (schema, quality, drift, classification) is kept within a severity. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

/** Quotes a column name or value inside a finding message; long names are cut so messages stay readable. */
export function quoteName(name: string, max = 120): string {
  const cut = name.length > max ? `${name.slice(0, max)}…` : name;
  return `'${cut}'`;
}
