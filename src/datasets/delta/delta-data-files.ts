import { withinPrefix } from "../../manifests/within-prefix.ts";
import { DatasetError } from "../dataset-error.ts";
import type { Allowlist } from "../s3/plan-listing.ts";
import type { AddFile } from "./delta-actions.ts";

// Where a snapshot's data files are. An `add` path is a URI (RFC 2396, percent-encoded), relative to
// the table root or absolute (PROTOCOL.md, "Add File and Remove File"). A relative path may not climb
// out of the table; an absolute one must use the table's own store (s3, s3a and s3n name S3; file
// names a local path for a local table) and, like every read, lie under the integration's allowed
// prefixes — a log cannot send the reader anywhere the Monitor itself could not. Pure.

export interface DeltaDataFile {
  readonly uri: string;
  readonly size: number;
  readonly partitionValues: Readonly<Record<string, string | null>>;
}

function decode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function cleanRelative(path: string): boolean {
  return (
    path !== "" &&
    !path.startsWith("/") &&
    !path.includes("\\") &&
    !path.includes("\0") &&
    path.split("/").every((s) => s !== "" && s !== "." && s !== "..")
  );
}

/** The location a file's path names, or why it cannot be read. */
export function dataFileUri(root: string, path: string): string | { problem: string } {
  const shown = path.slice(0, 200);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(path)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    const relative = decode(path);
    if (relative === undefined || !cleanRelative(relative))
      return { problem: `the log names a data file outside the table: '${shown}'` };
    return root + relative;
  }
  const local = !root.startsWith("s3://");
  if (scheme === "s3" || scheme === "s3a" || scheme === "s3n") {
    const rest = decode(path.slice(scheme.length + 3));
    if (local || !path.slice(scheme.length).startsWith("://") || rest === undefined || !cleanRelative(rest))
      return { problem: `the log names a data file the table's store cannot read: '${shown}'` };
    return `s3://${rest}`;
  }
  if (scheme === "file" && local) {
    const rest = decode(path.replace(/^file:(\/\/)?/i, ""));
    if (rest === undefined || !rest.startsWith("/") || !cleanRelative(rest.slice(1)))
      return { problem: `the log names an unusable local data file: '${shown}'` };
    return rest;
  }
  return { problem: `the log names a data file with the unsupported scheme '${scheme}': '${shown}'` };
}

/** The data files to read, in the snapshot's order; the first unreadable one is an error. */
export function deltaDataFiles(
  label: string,
  root: string,
  files: readonly AddFile[],
  allowlist: Allowlist,
): DeltaDataFile[] {
  const out: DeltaDataFile[] = [];
  for (const file of files) {
    if (file.deletionVector)
      throw new DatasetError(
        label,
        `data file '${file.path.slice(0, 200)}' has a deletion vector (table feature \`deletionVectors\`); Slipway's Delta reader does not apply deletion vectors, and reading the file without it would count deleted rows (run OPTIMIZE or REORG TABLE … APPLY (PURGE) to rewrite it)`,
      );
    const uri = dataFileUri(root, file.path);
    if (typeof uri !== "string") throw new DatasetError(label, uri.problem);
    if (allowlist !== "unrestricted" && !allowlist.some((p) => withinPrefix(uri, p)))
      throw new DatasetError(
        label,
        `the log names a data file outside the integration's allowed prefixes: '${uri}'`,
      );
    out.push({ uri, size: file.size, partitionValues: file.partitionValues });
  }
  return out;
}
