// Which version of versioned data a read saw: a Delta table's version (and when it was committed), or
// a DVC-tracked path's content hash at a git revision. Reports name it; lineage compares it with the
// version a model's training run recorded.

export type DatasetVersion =
  | {
      readonly kind: "delta";
      /** The table root as the Monitor names it. */
      readonly table: string;
      readonly version: number;
      /** ISO 8601, when the log tells. */
      readonly committedAt: string | null;
    }
  | {
      readonly kind: "dvc";
      /** The repository as the Monitor names it (`.` for the platform repository). */
      readonly repo: string;
      readonly path: string;
      /** The revision as written (a tag, branch or SHA), or null for the reviewed commit. */
      readonly rev: string | null;
      /** The commit the revision resolved to, when read from git. */
      readonly commit: string | null;
      /** The content hash of the file or directory (`….dir`). */
      readonly md5: string;
    };

/** One line for reports: `Delta version 12 (committed 2026-11-20T06:00:00.000Z)`. */
export function describeVersion(version: DatasetVersion): string {
  if (version.kind === "delta")
    return `Delta version ${version.version}${version.committedAt ? ` (committed ${version.committedAt})` : ""}`;
  const at = version.rev ?? "the reviewed commit";
  const commit = version.commit && version.commit !== version.rev ? ` = ${version.commit.slice(0, 12)}` : "";
  return `DVC md5 ${version.md5} at ${at}${commit}`;
}
