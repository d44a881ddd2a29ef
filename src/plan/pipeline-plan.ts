import type { DesiredRecurringRun } from "./recurring-runs.ts";

/** A recurring run as it stands (in KFP, or as the default branch declares it), in comparable terms. */
export interface CurrentRecurringRun {
  readonly pipeline: string;
  readonly enabled: boolean;
  readonly experiment: string;
  readonly packageKey: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** KFP's form (seconds first). */
  readonly cron: string;
  readonly serviceAccount: string | null;
  readonly mlflowExperiment: string | null;
}

export interface FieldChange {
  /** `package`, `schedule`, `serviceAccount`, `experiment`, `mlflowExperiment` or `parameters.<name>`. */
  readonly field: string;
  /** undefined: absent on that side. */
  readonly from: unknown;
  readonly to: unknown;
}

export type PipelineChange =
  | { readonly action: "create"; readonly pipeline: string; readonly desired: DesiredRecurringRun }
  /** KFP has no update for recurring runs: a changed one is created anew and the old one deleted. */
  | {
      readonly action: "update";
      readonly pipeline: string;
      readonly desired: DesiredRecurringRun;
      readonly fields: readonly FieldChange[];
    }
  | { readonly action: "enable"; readonly pipeline: string; readonly desired: DesiredRecurringRun }
  | { readonly action: "disable"; readonly pipeline: string }
  | { readonly action: "unchanged"; readonly pipeline: string };

export interface PipelinePlan {
  readonly changes: readonly PipelineChange[];
  readonly summary: { create: number; update: number; enable: number; disable: number; unchanged: number };
}

/** JSON with sorted keys: parameter values compare by content, whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/**
 * What differs between what should run and what does, field by field. A desired service account of
 * null (none declared) is not compared: KFP fills in the namespace's default.
 */
export function recurringFieldChanges(
  desired: DesiredRecurringRun,
  current: CurrentRecurringRun,
): FieldChange[] {
  const changes: FieldChange[] = [];
  const differ = (field: string, from: unknown, to: unknown) => {
    if (canonicalJson(from) !== canonicalJson(to)) changes.push({ field, from, to });
  };
  differ("experiment", current.experiment, desired.experiment);
  differ("package", current.packageKey, desired.packageKey);
  differ("schedule", current.cron, desired.cron);
  if (desired.serviceAccount !== null)
    differ("serviceAccount", current.serviceAccount, desired.serviceAccount);
  differ("mlflowExperiment", current.mlflowExperiment, desired.mlflowExperiment);
  const names = [...new Set([...Object.keys(current.parameters), ...Object.keys(desired.parameters)])].sort();
  for (const name of names) differ(`parameters.${name}`, current.parameters[name], desired.parameters[name]);
  return changes;
}

/**
 * The pure planner of recurring runs (issue #18): desired (the commit) against current (KFP as recorded,
 * or the default branch for a pull request's plan) → create, update, enable, disable or unchanged, by
 * pipeline name. A recurring run that left git is disabled, not deleted: it comes back by reverting
 * the commit, with its run history in KFP intact.
 */
export function planRecurringRuns(
  desired: readonly DesiredRecurringRun[],
  current: ReadonlyMap<string, CurrentRecurringRun>,
): PipelinePlan {
  const changes: PipelineChange[] = [];
  const wanted = new Set(desired.map((d) => d.pipeline));
  for (const d of desired) {
    const c = current.get(d.pipeline);
    if (!c) {
      changes.push({ action: "create", pipeline: d.pipeline, desired: d });
      continue;
    }
    const fields = recurringFieldChanges(d, c);
    if (fields.length > 0) changes.push({ action: "update", pipeline: d.pipeline, desired: d, fields });
    else if (!c.enabled) changes.push({ action: "enable", pipeline: d.pipeline, desired: d });
    else changes.push({ action: "unchanged", pipeline: d.pipeline });
  }
  for (const [pipeline, c] of current)
    if (!wanted.has(pipeline))
      changes.push(c.enabled ? { action: "disable", pipeline } : { action: "unchanged", pipeline });
  changes.sort((a, b) => (a.pipeline < b.pipeline ? -1 : a.pipeline > b.pipeline ? 1 : 0));
  const summary = { create: 0, update: 0, enable: 0, disable: 0, unchanged: 0 };
  for (const c of changes) summary[c.action] += 1;
  return { changes, summary };
}

/** The default branch's recurring runs as the "current" side of a pull request's offline plan. */
export function declaredAsCurrent(
  declared: readonly DesiredRecurringRun[],
): Map<string, CurrentRecurringRun> {
  return new Map(
    declared.map((d) => [
      d.pipeline,
      {
        pipeline: d.pipeline,
        enabled: true,
        experiment: d.experiment,
        packageKey: d.packageKey,
        parameters: d.parameters,
        cron: d.cron,
        serviceAccount: d.serviceAccount,
        mlflowExperiment: d.mlflowExperiment,
      },
    ]),
  );
}
