import type { SourceTree } from "../../manifests/source-tree.ts";
import { validateRepo } from "../../manifests/validate-repo.ts";
import { isPipelinesFault } from "../../pipelines/pipelines-fault.ts";
import type { KfpExperiment, KfpRecurringRun, PipelinesPort } from "../../pipelines/pipelines-port.ts";
import { planRecurringRuns } from "../../plan/pipeline-plan.ts";
import { type DesiredRecurringRun, desiredRecurringRuns } from "../../plan/recurring-runs.ts";
import type { AppliedRecurringRun, RecurringRecord } from "../../state/pipeline-records.ts";
import { short } from "../deploy/deploy-words.ts";
import { describeFault } from "../faults.ts";
import { currentFromLive } from "./current-from-live.ts";
import { ensureExperiment, ensureVersion, packageReader } from "./ensure-in-kfp.ts";
import type { PipelineSyncPorts } from "./pipeline-ports.ts";
import { recoverPending } from "./recover-pending.ts";
import { type SyncLine, syncReport } from "./sync-report.ts";

export type SyncOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "synced"; lines: SyncLine[]; failed: number; report: string | null };

/** Most runs Slipway lets a recurring run start at once: a retrain never overlaps itself. */
const MAX_CONCURRENCY = 1;

/**
 * Issue #18: the recurring runs the default branch declares, made so in Kubeflow Pipelines — once per
 * commit, in the repository's deploy line, after a merge. Keyed by a stable name per (repository,
 * pipeline); compared on experiment, package version, parameters, schedule and service account against
 * what KFP holds; every write recorded ahead in the repository's records, so a crash is recovered by
 * name and nothing Slipway created is orphaned. A Pipeline removed from git has its recurring run
 * disabled, not deleted (see pipeline-plan.ts). Unbound integrations are left alone. Never throws for
 * a KFP fault: each Pipeline's outcome is a line of the report, and a failed sync is tried again by the
 * next push or pass (the commit is recorded as synced only when every Pipeline was).
 */
export async function syncPipelines(ports: PipelineSyncPorts, commit: string): Promise<SyncOutcome> {
  const records = await ports.records.read();
  if (records.syncedCommit === commit)
    return { kind: "skipped", reason: `${short(commit)} is already synced` };
  if (records.syncedCommit !== null) {
    const order = await ports.order(records.syncedCommit, commit);
    if (order === "behind" || order === "identical")
      return {
        kind: "skipped",
        reason: `${short(commit)} is older than ${short(records.syncedCommit)}, synced already`,
      };
  }
  const tree = await ports.readTree(commit);
  const validated = validateRepo(tree, { binding: ports.binding });
  if (!validated.ok)
    return {
      kind: "skipped",
      reason: `${short(commit)} does not validate; nothing was synced to Kubeflow Pipelines`,
    };
  const integrations = new Map<string, Awaited<ReturnType<PipelineSyncPorts["connect"]>>>();
  const connect = async (name: string) => {
    if (!integrations.has(name)) integrations.set(name, await ports.connect(name));
    return integrations.get(name) as Awaited<ReturnType<PipelineSyncPorts["connect"]>>;
  };
  const desired = desiredRecurringRuns(validated.snapshot, {
    repository: ports.repo,
    files: tree.files,
    mlflowPlugin: (name) => ports.binding?.integrations?.[name]?.mlflowPlugin === true,
  });
  const lines: SyncLine[] = [];
  // One lookup per experiment and integration in a sync, however many Pipelines share it.
  const experiments = new Map<string, Promise<KfpExperiment>>();
  const names = [...new Set([...desired.map((d) => d.pipeline), ...Object.keys(records.recurring)])].sort();
  for (const pipeline of names) {
    const want = desired.find((d) => d.pipeline === pipeline) ?? null;
    const record = records.recurring[pipeline] ?? null;
    const integration = want?.integration ?? record?.integration ?? "";
    const bound = await connect(integration);
    if ("unavailable" in bound) {
      // Nothing is done in KFP for an unbound integration: nothing is created, and nothing was.
      if (!bound.unbound || record) lines.push({ pipeline, kind: "failed", detail: bound.unavailable });
      continue;
    }
    try {
      const line = await syncOne(ports, bound.pipelines, { want, record, commit, tree, experiments });
      if (line) lines.push(line);
    } catch (error) {
      lines.push({
        pipeline,
        kind: "failed",
        detail: isPipelinesFault(error) ? error.message : describeFault(error),
      });
    }
  }
  const failed = lines.filter((l) => l.kind === "failed").length;
  if (failed === 0)
    await ports.records.update((r) => {
      r.syncedCommit = commit;
    });
  return { kind: "synced", lines, failed, report: syncReport(commit, lines) };
}

interface One {
  want: DesiredRecurringRun | null;
  record: RecurringRecord | null;
  commit: string;
  tree: SourceTree;
  experiments: Map<string, Promise<KfpExperiment>>;
}

async function syncOne(ports: PipelineSyncPorts, kfp: PipelinesPort, one: One): Promise<SyncLine | null> {
  const { want, commit } = one;
  let record = one.record;
  if (!want) return record ? retire(ports, kfp, record, commit) : null;
  const cacheKey = `${want.integration}\n${want.experiment}`;
  if (!one.experiments.has(cacheKey)) one.experiments.set(cacheKey, ensureExperiment(kfp, want.experiment));
  const experiment = await (one.experiments.get(cacheKey) as Promise<KfpExperiment>).catch(
    (error: unknown) => {
      one.experiments.delete(cacheKey);
      throw error;
    },
  );
  const version = await ensureVersion(
    kfp,
    { kfpPipelineName: want.kfpPipelineName, pipeline: want.pipeline, repo: ports.repo },
    want.package,
    packageReader(ports.readPackage, want, one.tree),
  );
  const desired: DesiredRecurringRun = { ...want, packageKey: version.packageKey };
  const applied: AppliedRecurringRun = {
    experiment: desired.experiment,
    experimentId: experiment.id,
    packageKey: version.packageKey,
    pipelineId: version.pipelineId,
    versionId: version.versionId,
    parameters: { ...desired.parameters },
    cron: desired.cron,
    serviceAccount: desired.serviceAccount,
    mlflowExperiment: desired.mlflowExperiment,
  };
  if (record?.pending) record = await recoverPending(ports, kfp, record, applied, experiment.id);
  const live = record?.recurringRunId ? await kfp.getRecurringRun(record.recurringRunId) : null;
  const current = record && live ? currentFromLive(record, live) : null;
  const plan = planRecurringRuns([desired], current ? new Map([[desired.pipeline, current]]) : new Map());
  const change = plan.changes[0];
  if (!change || change.action === "unchanged") {
    if (record?.status === "disabled") await markStatus(ports, desired.pipeline, "active");
    return null;
  }
  if (change.action === "enable") {
    await pending(ports, record as RecurringRecord, "enable", commit, null);
    await kfp.enableRecurringRun(record?.recurringRunId as string);
    await ports.records.update((r) => {
      const rec = r.recurring[desired.pipeline] as RecurringRecord;
      rec.pending = null;
      rec.status = "active";
    });
    return {
      pipeline: desired.pipeline,
      kind: "enabled",
      url: kfp.recurringRunUrl(record?.recurringRunId as string),
    };
  }
  if (change.action === "disable") return null; // not reached: `want` is declared
  const replacing = live ? (record?.recurringRunId ?? null) : null;
  await ports.records.update((r) => {
    r.recurring[desired.pipeline] = {
      pipeline: desired.pipeline,
      integration: desired.integration,
      stableName: desired.stableName,
      recurringRunId: replacing,
      applied: record?.applied ?? null,
      status: "active",
      pending: { op: replacing ? "replace" : "create", commit, since: ports.now(), replacing },
    };
  });
  const created = await createRecurring(kfp, desired, applied);
  await ports.records.update((r) => {
    const rec = r.recurring[desired.pipeline] as RecurringRecord;
    rec.recurringRunId = created.id;
    rec.applied = applied;
  });
  if (replacing) await kfp.deleteRecurringRun(replacing);
  await ports.records.update((r) => {
    (r.recurring[desired.pipeline] as RecurringRecord).pending = null;
  });
  const url = kfp.recurringRunUrl(created.id);
  if (change.action === "create")
    return { pipeline: desired.pipeline, kind: record && !live ? "recreated" : "created", url, desired };
  return { pipeline: desired.pipeline, kind: "updated", url, desired, fields: change.fields };
}

export function createRecurring(
  kfp: PipelinesPort,
  desired: DesiredRecurringRun,
  applied: AppliedRecurringRun,
): Promise<KfpRecurringRun> {
  return kfp.createRecurringRun({
    displayName: desired.stableName,
    description: `Declared by ${desired.pipeline} in the platform repository; managed by Slipway (changes here are reported as drift).`,
    experimentId: applied.experimentId,
    source: { kind: "version", pipelineId: applied.pipelineId, versionId: applied.versionId },
    parameters: desired.parameters as Record<string, never>,
    ...(desired.serviceAccount ? { serviceAccount: desired.serviceAccount } : {}),
    ...(desired.mlflowExperiment ? { mlflowExperiment: desired.mlflowExperiment } : {}),
    cron: desired.cron,
    maxConcurrency: MAX_CONCURRENCY,
    // A recurring run that was down (or disabled) does not fire every missed interval when it comes back.
    noCatchup: true,
    enabled: true,
  });
}

/** A Pipeline that left git (or lost its schedule): its recurring run is disabled and kept, recorded as such. */
async function retire(ports: PipelineSyncPorts, kfp: PipelinesPort, record: RecurringRecord, commit: string) {
  const live = record.recurringRunId ? await kfp.getRecurringRun(record.recurringRunId) : null;
  // Already disabled, and still so in KFP (someone may have enabled it again: that is undone here).
  if (record.status === "disabled" && !record.pending && !live?.enabled) return null;
  await pending(ports, record, "disable", commit, null);
  if (live?.enabled) await kfp.disableRecurringRun(live.id);
  await ports.records.update((r) => {
    const rec = r.recurring[record.pipeline] as RecurringRecord;
    rec.pending = null;
    rec.status = "disabled";
  });
  return {
    pipeline: record.pipeline,
    kind: "disabled" as const,
    ...(record.recurringRunId ? { url: kfp.recurringRunUrl(record.recurringRunId) } : {}),
  };
}

async function pending(
  ports: PipelineSyncPorts,
  record: RecurringRecord,
  op: "enable" | "disable",
  commit: string,
  replacing: string | null,
): Promise<void> {
  await ports.records.update((r) => {
    const rec = r.recurring[record.pipeline];
    if (rec) rec.pending = { op, commit, since: ports.now(), replacing };
  });
}

async function markStatus(ports: PipelineSyncPorts, pipeline: string, status: "active" | "disabled") {
  await ports.records.update((r) => {
    const rec = r.recurring[pipeline];
    if (rec) rec.status = status;
  });
}
