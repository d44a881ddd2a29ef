import type { LogFile } from "./delta-log-files.ts";

// Which log files rebuild the snapshot at a version (PROTOCOL.md, "Checkpoints"): the newest complete
// checkpoint not newer than the version, then every commit after it up to the version, with no gap. A
// multi-part checkpoint with a part missing is ignored (it may be half written). Pure.

export type CommitFile = Extract<LogFile, { kind: "commit" }>;
export type CheckpointFile = Extract<LogFile, { kind: "checkpoint" }>;

export interface Checkpoint {
  readonly version: number;
  readonly naming: CheckpointFile["naming"];
  /** One file, or the parts of a multi-part checkpoint in order. */
  readonly files: readonly CheckpointFile[];
}

export interface LogIndex {
  readonly commits: ReadonlyMap<number, CommitFile>;
  /** Complete checkpoints, oldest first; one per version. */
  readonly checkpoints: readonly Checkpoint[];
}

/** Preference among checkpoints of one version: one file before many parts. */
const PREFERENCE: Record<CheckpointFile["naming"], number> = { classic: 0, uuid: 1, "multi-part": 2 };

export function indexLog(files: readonly LogFile[]): LogIndex {
  const commits = new Map<number, CommitFile>();
  const singles = new Map<number, CheckpointFile[]>();
  const parts = new Map<string, CheckpointFile[]>();
  for (const file of files) {
    if (file.kind === "commit") commits.set(file.version, file);
    else if (file.naming === "multi-part") {
      const key = `${file.version}/${file.parts}`;
      parts.set(key, [...(parts.get(key) ?? []), file]);
    } else singles.set(file.version, [...(singles.get(file.version) ?? []), file]);
  }
  const byVersion = new Map<number, Checkpoint>();
  const offer = (candidate: Checkpoint) => {
    const held = byVersion.get(candidate.version);
    if (!held || PREFERENCE[candidate.naming] < PREFERENCE[held.naming])
      byVersion.set(candidate.version, candidate);
  };
  for (const [version, list] of singles)
    for (const file of list) offer({ version, naming: file.naming, files: [file] });
  for (const list of parts.values()) {
    const first = list[0] as CheckpointFile;
    const sorted = [...list].sort((a, b) => (a.part ?? 0) - (b.part ?? 0));
    const complete = sorted.length === first.parts && sorted.every((f, i) => f.part === i + 1);
    if (complete) offer({ version: first.version, naming: "multi-part", files: sorted });
  }
  const checkpoints = [...byVersion.values()].sort((a, b) => a.version - b.version);
  return { commits, checkpoints };
}

/** The table's newest version in the listing, or undefined for an empty log. */
export function latestVersion(index: LogIndex): number | undefined {
  let latest: number | undefined;
  for (const v of index.commits.keys()) if (latest === undefined || v > latest) latest = v;
  const lastCheckpoint = index.checkpoints.at(-1);
  if (lastCheckpoint && (latest === undefined || lastCheckpoint.version > latest))
    latest = lastCheckpoint.version;
  return latest;
}

export interface SnapshotPlan {
  readonly version: number;
  readonly checkpoint: Checkpoint | undefined;
  /** Commits after the checkpoint up to the version, oldest first. */
  readonly commits: readonly CommitFile[];
}

/** The files that rebuild `version`, or why it cannot be rebuilt from what the log still holds. */
export function planSnapshot(index: LogIndex, version: number): SnapshotPlan | { error: string } {
  const checkpoint = [...index.checkpoints].reverse().find((c) => c.version <= version);
  const from = checkpoint ? checkpoint.version + 1 : 0;
  const commits: CommitFile[] = [];
  for (let v = from; v <= version; v++) {
    const commit = index.commits.get(v);
    if (!commit) {
      const why = checkpoint
        ? `commit ${v} after the checkpoint at version ${checkpoint.version} is missing`
        : `commit ${v} is missing and no checkpoint covers it (the log was cleaned up)`;
      return { error: `version ${version} cannot be rebuilt: ${why}` };
    }
    commits.push(commit);
  }
  return { version, checkpoint, commits };
}

/** The oldest version a snapshot can still be rebuilt at, or undefined when none can. */
export function earliestVersion(index: LogIndex): number | undefined {
  const latest = latestVersion(index);
  if (latest === undefined) return undefined;
  const starts = [...(index.commits.has(0) ? [0] : []), ...index.checkpoints.map((c) => c.version)];
  for (const start of starts.sort((a, b) => a - b)) {
    if (!("error" in planSnapshot(index, start))) return start;
  }
  return undefined;
}
