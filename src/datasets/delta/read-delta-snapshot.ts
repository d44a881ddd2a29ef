import { DatasetError } from "../dataset-error.ts";
import { type DatasetSource, isDatasetFault } from "../s3/dataset-source.ts";
import type { AddFile, DeltaAction, DeltaMetadata, DeltaProtocol } from "./delta-actions.ts";
import { parseActions } from "./delta-actions.ts";
import { indexLog, type LogIndex, latestVersion, planSnapshot, type SnapshotPlan } from "./delta-log-plan.ts";
import { type ColumnMappingMode, checkProtocol } from "./delta-protocol.ts";
import { SnapshotReplay } from "./delta-replay.ts";
import { type DeltaColumn, parseDeltaSchema } from "./delta-schema.ts";
import { type InCommitTimestamps, versionAtTime } from "./delta-time-travel.ts";
import { checkpointDecoder, readCheckpointRows } from "./read-checkpoint-rows.ts";
import { type LogBudget, listLog, logPrefix, parseJsonLog, readLogObject } from "./read-log-objects.ts";

// A Delta table's snapshot read from its log: at the latest version, at `version: N`, or at the
// version a timestamp selects. `_last_checkpoint` is only a hint where to start listing: the listing
// decides, so a stale or damaged hint costs a longer listing, never a wrong snapshot.

/** Which version to read: the latest when neither is given. */
export interface DeltaTarget {
  readonly version?: number;
  /** ms since the epoch. */
  readonly timestamp?: number;
}

export interface DeltaSnapshot {
  /** The table root, ending with '/'. */
  readonly root: string;
  readonly version: number;
  /** When the version was committed (ms since the epoch), when known. */
  readonly committedAt: number | undefined;
  readonly protocol: DeltaProtocol;
  readonly metadata: DeltaMetadata;
  readonly columns: readonly DeltaColumn[];
  readonly files: readonly AddFile[];
  /** How data files name their columns: by logical name, physical name, or Parquet field id. */
  readonly mapping: ColumnMappingMode;
}

export interface SnapshotOptions {
  readonly now: Date;
  readonly budget: LogBudget;
}

const LAST_CHECKPOINT_BYTES = 1024 * 1024;

function fail(root: string, detail: string): never {
  throw new DatasetError(`${root.replace(/\/$/, "")} (Delta table)`, detail);
}

async function checkpointHint(
  source: DatasetSource,
  root: string,
  budget: LogBudget,
): Promise<number | undefined> {
  const uri = `${logPrefix(root)}_last_checkpoint`;
  try {
    const bytes = await readLogObject(source, uri, {
      ...budget,
      bytesLeft: Math.min(budget.bytesLeft, LAST_CHECKPOINT_BYTES),
    });
    const version = (JSON.parse(new TextDecoder().decode(bytes)) as { version?: unknown }).version;
    return typeof version === "number" && Number.isSafeInteger(version) && version >= 0 ? version : undefined;
  } catch (error) {
    if (isDatasetFault(error) && error.kind !== "not-found") throw error; // the store failed: say so
    return undefined; // absent or unreadable: list the whole log
  }
}

async function readCheckpoint(
  source: DatasetSource,
  root: string,
  plan: SnapshotPlan,
  replay: SnapshotReplay,
  budget: LogBudget,
): Promise<void> {
  const checkpoint = plan.checkpoint;
  if (!checkpoint) return;
  const sidecars: { path: string; size: number }[] = [];
  const decoder = checkpointDecoder();
  try {
    for (const file of checkpoint.files) {
      const bytes = await readLogObject(source, file.uri, budget);
      const actions: DeltaAction[] =
        file.format === "json"
          ? parseJsonLog(bytes, file.uri)
          : rowsToActions(await readCheckpointRows(bytes, file.uri, decoder), file.uri);
      for (const action of actions) {
        if (action.type === "sidecar") sidecars.push({ path: action.path, size: action.sizeInBytes });
        else replay.apply(action, true);
      }
    }
    for (const sidecar of sidecars) {
      const uri = sidecarUri(root, sidecar.path);
      const bytes = await readLogObject(source, uri, budget);
      for (const action of rowsToActions(await readCheckpointRows(bytes, uri, decoder), uri))
        replay.apply(action, true);
    }
  } finally {
    await decoder.close();
  }
}

/** Sidecars live in `_delta_log/_sidecars/`; the action names the file (a relative URI). */
function sidecarUri(root: string, path: string): string {
  let name: string;
  try {
    name = decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
  } catch {
    name = "";
  }
  if (name === "" || name === "." || name === ".." || name.includes("\\"))
    fail(root, `a sidecar action names an unusable file '${path.slice(0, 200)}'`);
  return `${logPrefix(root)}_sidecars/${name}`;
}

function rowsToActions(rows: unknown[], uri: string): DeltaAction[] {
  const actions: DeltaAction[] = [];
  for (const [i, row] of rows.entries()) {
    try {
      actions.push(...parseActions(row));
    } catch (error) {
      throw new DatasetError(uri, `row ${i + 1}: ${(error as Error).message}`);
    }
  }
  return actions;
}

async function resolveVersion(
  source: DatasetSource,
  root: string,
  index: LogIndex,
  target: DeltaTarget,
  options: SnapshotOptions,
): Promise<{ version: number; committedAt?: number }> {
  const latest = latestVersion(index);
  if (latest === undefined) fail(root, "no Delta log: _delta_log/ holds no commit or checkpoint");
  if (target.version !== undefined) {
    if (target.version > latest)
      fail(root, `version ${target.version} does not exist; the latest is ${latest}`);
    return { version: target.version };
  }
  if (target.timestamp === undefined) return { version: latest };
  // In-commit timestamps are enabled by the latest metadata; read it first.
  const latestPlan = planSnapshot(index, latest);
  if ("error" in latestPlan) fail(root, latestPlan.error);
  const replay = new SnapshotReplay();
  await replayPlan(source, root, latestPlan, replay, options.budget);
  const config = replay.metadata?.configuration ?? {};
  let ict: InCommitTimestamps | undefined;
  if (config["delta.enableInCommitTimestamps"] === "true") {
    const from = Number(config["delta.inCommitTimestampEnablementVersion"] ?? 0);
    const enabledAt = config["delta.inCommitTimestampEnablementTimestamp"];
    ict = {
      fromVersion: Number.isSafeInteger(from) ? from : 0,
      enabledAt: enabledAt === undefined ? undefined : Number(enabledAt),
      read: (version) => inCommitTimestamp(source, root, index, version, options.budget),
    };
  }
  const found = await versionAtTime(index, target.timestamp, options.now.getTime(), ict);
  if ("error" in found) fail(root, found.error);
  return { version: found.version, committedAt: found.timestamp };
}

async function inCommitTimestamp(
  source: DatasetSource,
  root: string,
  index: LogIndex,
  version: number,
  budget: LogBudget,
): Promise<number> {
  const commit = index.commits.get(version);
  if (!commit) fail(root, `commit ${version} is missing`);
  const info = parseJsonLog(await readLogObject(source, commit.uri, budget), commit.uri).find(
    (a) => a.type === "commitInfo",
  );
  const ts = info?.type === "commitInfo" ? info.inCommitTimestamp : undefined;
  if (ts === undefined)
    throw new DatasetError(
      commit.uri,
      "in-commit timestamps are enabled but the commit has no commitInfo.inCommitTimestamp",
    );
  return ts;
}

async function replayPlan(
  source: DatasetSource,
  root: string,
  plan: SnapshotPlan,
  replay: SnapshotReplay,
  budget: LogBudget,
): Promise<number | undefined> {
  await readCheckpoint(source, root, plan, replay, budget);
  // Commits are small and many: fetched COMMIT_READS at a time (a store's latency, not its bandwidth,
  // is the cost), applied strictly in version order. Their listed sizes are reserved up front, and a
  // commit is read only up to its listed size (a Delta commit is never rewritten).
  const total = plan.commits.reduce((n, c) => n + c.size, 0);
  if (total > budget.bytesLeft)
    fail(
      root,
      `the ${plan.commits.length} commits to replay hold ${total} bytes; the log byte limit is ${budget.bytesLeft}`,
    );
  const reads = new Map<number, Promise<Uint8Array>>();
  const start = (i: number) => {
    const commit = plan.commits[i];
    if (commit && !reads.has(i)) reads.set(i, readLogObject(source, commit.uri, budget, commit.size));
  };
  let committedAt: number | undefined;
  try {
    for (let i = 0; i < plan.commits.length; i++) {
      for (let k = i; k < Math.min(i + COMMIT_READS, plan.commits.length); k++) start(k);
      const commit = plan.commits[i] as (typeof plan.commits)[number];
      const bytes = await (reads.get(i) as Promise<Uint8Array>);
      reads.delete(i);
      for (const action of parseJsonLog(bytes, commit.uri)) {
        if (action.type === "commitInfo" && commit.version === plan.version)
          committedAt = action.inCommitTimestamp;
        replay.apply(action, false);
      }
    }
  } finally {
    // A failure leaves reads in flight: let them settle unobserved.
    for (const pending of reads.values()) pending.catch(() => undefined);
  }
  return committedAt;
}

/** Commit files fetched at once while replaying. */
const COMMIT_READS = 8;

export async function readDeltaSnapshot(
  source: DatasetSource,
  root: string,
  target: DeltaTarget,
  options: SnapshotOptions,
): Promise<DeltaSnapshot> {
  const { budget } = options;
  // A time-travel by timestamp dates every version, so it lists the whole log.
  const hint = target.timestamp === undefined ? await checkpointHint(source, root, budget) : undefined;
  const from =
    hint !== undefined && (target.version === undefined || target.version >= hint) ? hint : undefined;
  let index = indexLog(await listLog(source, root, from, budget));
  let resolved: { version: number; committedAt?: number } | undefined;
  let plan: SnapshotPlan | { error: string } | undefined;
  if (from !== undefined) {
    const latest = latestVersion(index);
    const version = target.version ?? latest;
    plan = version === undefined ? undefined : planSnapshot(index, version);
    if (plan === undefined || "error" in plan)
      index = indexLog(await listLog(source, root, undefined, budget));
    else resolved = { version: plan.version };
  }
  resolved ??= await resolveVersion(source, root, index, target, options);
  if (plan === undefined || "error" in plan || plan.version !== resolved.version)
    plan = planSnapshot(index, resolved.version);
  if ("error" in plan) fail(root, plan.error);
  const replay = new SnapshotReplay();
  const ict = await replayPlan(source, root, plan, replay, budget);
  const { protocol, metadata } = replay;
  if (!protocol || !metadata)
    fail(root, `the log up to version ${plan.version} has no ${protocol ? "metaData" : "protocol"} action`);
  const checked = checkProtocol(protocol, metadata);
  if ("problem" in checked) fail(root, checked.problem);
  const schema = parseDeltaSchema(metadata.schemaString, checked.mapping);
  if ("problem" in schema) fail(root, schema.problem);
  for (const name of metadata.partitionColumns)
    if (!schema.columns.some((c) => c.name === name))
      fail(root, `partition column '${name}' is not in the schema`);
  const committedAt =
    resolved.committedAt ??
    (metadata.configuration["delta.enableInCommitTimestamps"] === "true" ? ict : undefined) ??
    index.commits.get(plan.version)?.modified;
  return {
    root,
    version: plan.version,
    committedAt,
    protocol,
    metadata,
    columns: schema.columns,
    files: replay.files(),
    mapping: checked.mapping,
  };
}
