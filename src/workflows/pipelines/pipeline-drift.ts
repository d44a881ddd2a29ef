import { isPipelinesFault } from "../../pipelines/pipelines-fault.ts";
import { type FieldChange, recurringFieldChanges } from "../../plan/pipeline-plan.ts";
import type { DesiredRecurringRun } from "../../plan/recurring-runs.ts";
import type { RecurringRecord } from "../../state/pipeline-records.ts";
import { currentFromLive } from "./current-from-live.ts";
import type { PipelineSyncPorts } from "./pipeline-ports.ts";

export interface PipelineDriftItem {
  pipeline: string;
  kind: "deleted" | "disabled" | "enabled" | "changed";
  fields: readonly FieldChange[];
  url: string | null;
}

export interface PipelineDrift {
  items: PipelineDriftItem[];
  /** Recurring runs compared. */
  checked: number;
  /** Integrations that could not be read, with why (the pass is then not conclusive for them). */
  unreadable: string[];
}

/** What Slipway applied, in the planner's desired terms: drift is a difference from it. */
function appliedAsDesired(record: RecurringRecord): DesiredRecurringRun | null {
  const a = record.applied;
  if (!a) return null;
  return {
    pipeline: record.pipeline,
    integration: record.integration,
    stableName: record.stableName,
    kfpPipelineName: "",
    experiment: a.experiment,
    package: { kind: "pipeline", name: a.packageKey },
    packageKey: a.packageKey,
    parameters: a.parameters,
    schedule: a.cron,
    cron: a.cron,
    serviceAccount: a.serviceAccount,
    mlflowExperiment: a.mlflowExperiment,
  };
}

/**
 * Config drift in Kubeflow Pipelines (issue #18): each recurring run Slipway recorded, read back from
 * KFP and compared with what Slipway applied — deleted, disabled, or changed behind git's back (a run
 * from git that is enabled again in KFP after git disabled it counts too). Reads only. A record with a
 * write in flight is skipped: the sync owns it until it completes.
 */
export async function detectPipelineDrift(ports: PipelineSyncPorts): Promise<PipelineDrift> {
  const records = await ports.records.read();
  const drift: PipelineDrift = { items: [], checked: 0, unreadable: [] };
  const opened = new Map<string, Awaited<ReturnType<PipelineSyncPorts["connect"]>>>();
  for (const record of Object.values(records.recurring).sort((a, b) => (a.pipeline < b.pipeline ? -1 : 1))) {
    if (record.pending || !record.recurringRunId) continue;
    if (!opened.has(record.integration))
      opened.set(record.integration, await ports.connect(record.integration));
    const bound = opened.get(record.integration) as Awaited<ReturnType<PipelineSyncPorts["connect"]>>;
    if ("unavailable" in bound) {
      if (!drift.unreadable.includes(bound.unavailable)) drift.unreadable.push(bound.unavailable);
      continue;
    }
    let live: Awaited<ReturnType<typeof bound.pipelines.getRecurringRun>>;
    try {
      live = await bound.pipelines.getRecurringRun(record.recurringRunId);
    } catch (error) {
      const why = isPipelinesFault(error) ? error.message : String(error);
      if (!drift.unreadable.includes(why)) drift.unreadable.push(why);
      continue;
    }
    drift.checked += 1;
    const url = bound.pipelines.recurringRunUrl(record.recurringRunId);
    if (!live) {
      drift.items.push({ pipeline: record.pipeline, kind: "deleted", fields: [], url: null });
      continue;
    }
    if (record.status === "disabled") {
      if (live.enabled) drift.items.push({ pipeline: record.pipeline, kind: "enabled", fields: [], url });
      continue;
    }
    const applied = appliedAsDesired(record);
    const fields = applied ? recurringFieldChanges(applied, currentFromLive(record, live)) : [];
    if (fields.length > 0) drift.items.push({ pipeline: record.pipeline, kind: "changed", fields, url });
    else if (!live.enabled)
      drift.items.push({ pipeline: record.pipeline, kind: "disabled", fields: [], url });
  }
  return drift;
}
