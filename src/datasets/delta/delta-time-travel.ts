import { earliestVersion, type LogIndex, latestVersion } from "./delta-log-plan.ts";

// The version a table had at a point in time, as Delta's time travel defines it: the newest commit at
// or before that time. A commit's time is its `commitInfo.inCommitTimestamp` where in-commit
// timestamps are enabled (PROTOCOL.md, "In-Commit Timestamps": from the enablement version on), else
// the modification time of its commit file, made strictly increasing in version order (Delta adjusts
// a time that is not after its predecessor's to one millisecond later). Unlike Spark, a time after the
// newest commit reads the newest version — the table had that content then — unless it is in the
// future. Pure: the in-commit timestamps are read through the callback.

export interface InCommitTimestamps {
  /** First version with in-commit timestamps (the table's enablement version, or the earliest). */
  readonly fromVersion: number;
  /** `delta.inCommitTimestampEnablementTimestamp`, when the table records it. */
  readonly enabledAt: number | undefined;
  read(version: number): Promise<number>;
}

export interface CommitAt {
  readonly version: number;
  /** When that version was committed (ms since the epoch). */
  readonly timestamp: number;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The version at `at` (ms since the epoch), or why there is none. */
export async function versionAtTime(
  index: LogIndex,
  at: number,
  now: number,
  ict: InCommitTimestamps | undefined,
): Promise<CommitAt | { error: string }> {
  if (at > now) return { error: `timestamp ${iso(at)} is in the future` };
  const earliest = earliestVersion(index);
  const latest = latestVersion(index);
  if (earliest === undefined || latest === undefined)
    return { error: "no version of the table can be rebuilt from its log" };
  const versions = [...index.commits.keys()].filter((v) => v >= earliest).sort((a, b) => a - b);
  const useIct = ict !== undefined && (ict.enabledAt === undefined || at >= ict.enabledAt);
  const range = versions.filter((v) =>
    ict === undefined ? true : useIct ? v >= ict.fromVersion : v < ict.fromVersion,
  );
  if (range.length === 0)
    return { error: `timestamp ${iso(at)} is before the earliest version the log still holds (${earliest})` };
  let timeOf: (i: number) => Promise<number>;
  if (useIct) {
    const known = new Map<number, number>();
    timeOf = async (i) => {
      const v = range[i] as number;
      let t = known.get(v);
      if (t === undefined) {
        t = await (ict as InCommitTimestamps).read(v);
        known.set(v, t);
      }
      return t;
    };
  } else {
    const times: number[] = [];
    for (const v of range) {
      const modified = index.commits.get(v)?.modified;
      if (modified === undefined)
        return { error: `the store gave no modification time for commit ${v}, so versions cannot be dated` };
      const previous = times.at(-1);
      times.push(previous !== undefined && modified <= previous ? previous + 1 : modified);
    }
    timeOf = async (i) => times[i] as number;
  }
  // The newest commit at or before `at`: times increase with versions, so search.
  let lo = 0;
  let hi = range.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((await timeOf(mid)) <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) {
    const first = await timeOf(0);
    return {
      error: `timestamp ${iso(at)} is before the earliest version the log still holds (${range[0]}, committed ${iso(first)})`,
    };
  }
  return { version: range[found] as number, timestamp: await timeOf(found) };
}
