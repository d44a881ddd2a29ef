import type { KfpRecurringRun } from "../../pipelines/pipelines-port.ts";
import type { CurrentRecurringRun } from "../../plan/pipeline-plan.ts";
import type { RecurringRecord } from "../../state/pipeline-records.ts";

/**
 * A recurring run KFP holds, in the planner's terms. What KFP says by id (version, experiment) is
 * named by what Slipway recorded when the ids still match; an id Slipway never applied shows as itself,
 * so it differs from any desired package or experiment.
 */
export function currentFromLive(record: RecurringRecord, live: KfpRecurringRun): CurrentRecurringRun {
  const applied = record.applied;
  return {
    pipeline: record.pipeline,
    enabled: live.enabled,
    experiment:
      applied && live.experimentId === applied.experimentId
        ? applied.experiment
        : `experiment ${live.experimentId ?? "(none)"}`,
    packageKey:
      applied && live.versionId === applied.versionId
        ? applied.packageKey
        : `version ${live.versionId ?? "(inline spec)"}`,
    parameters: live.parameters,
    cron: live.cron ?? (live.intervalSeconds ? `every ${live.intervalSeconds}s` : "(no schedule)"),
    serviceAccount: live.serviceAccount ?? null,
    mlflowExperiment: live.mlflowExperiment ?? null,
  };
}
