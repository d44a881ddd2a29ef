import type { KfpRecurringRun, PipelinesPort } from "../../pipelines/pipelines-port.ts";
import { canonicalJson } from "../../plan/pipeline-plan.ts";
import type { AppliedRecurringRun, RecurringRecord } from "../../state/pipeline-records.ts";
import type { PipelineSyncPorts } from "./pipeline-ports.ts";

/** Whether a recurring run KFP holds is exactly the one `applied` describes. */
function matches(live: KfpRecurringRun, applied: AppliedRecurringRun): boolean {
  return (
    live.versionId === applied.versionId &&
    live.experimentId === applied.experimentId &&
    live.cron === applied.cron &&
    canonicalJson(live.parameters) === canonicalJson(applied.parameters) &&
    (applied.serviceAccount === null || live.serviceAccount === applied.serviceAccount) &&
    (live.mlflowExperiment ?? null) === applied.mlflowExperiment
  );
}

/**
 * After a crash between a write-ahead record and its completion: every recurring run KFP holds under
 * the stable name (Slipway's own, in the experiment), the one matching what is wanted now kept — the
 * newest if several — and the others deleted, so a lost answer or a half-done replacement leaves exactly
 * one. A disable or enable in flight is simply done again by the caller.
 */
export async function recoverPending(
  ports: PipelineSyncPorts,
  kfp: PipelinesPort,
  record: RecurringRecord,
  wanted: AppliedRecurringRun,
  experimentId: string,
): Promise<RecurringRecord> {
  const op = record.pending?.op;
  if (op !== "create" && op !== "replace") return record;
  const found: KfpRecurringRun[] = [];
  let pageToken: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await kfp.listRecurringRuns({
      experimentId,
      displayName: record.stableName,
      pageSize: 100,
      ...(pageToken ? { pageToken } : {}),
    });
    found.push(...page.items);
    pageToken = page.nextPageToken;
    if (!pageToken) break;
  }
  const keep = found.filter((f) => matches(f, wanted)).at(-1) ?? null;
  for (const f of found) if (f.id !== keep?.id) await kfp.deleteRecurringRun(f.id);
  return ports.records.update((r) => {
    const rec = r.recurring[record.pipeline] as RecurringRecord;
    rec.recurringRunId = keep?.id ?? null;
    rec.applied = keep ? wanted : null;
    rec.pending = null;
    return { ...rec };
  });
}
