// A DVC directory's manifest (the `.dir` object): a JSON list of `{ "md5": …, "relpath": … }`, one per
// file, sorted by relpath (dvc-data's `Tree.as_bytes`). Entries are checked like any untrusted input:
// a hash must be an md5, a relpath a clean relative path. Pure.

export interface DirEntry {
  readonly md5: string;
  readonly relpath: string;
}

export function parseDirManifest(bytes: Uint8Array): DirEntry[] | { problem: string } {
  let list: unknown;
  try {
    list = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { problem: "the directory manifest is not JSON" };
  }
  if (!Array.isArray(list)) return { problem: "the directory manifest is not a list" };
  const entries: DirEntry[] = [];
  for (const [i, entry] of list.entries()) {
    const { md5, relpath } = (entry ?? {}) as { md5?: unknown; relpath?: unknown };
    if (typeof md5 !== "string" || !/^[0-9a-f]{32}$/.test(md5))
      return { problem: `entry ${i} of the directory manifest has no md5` };
    if (
      typeof relpath !== "string" ||
      relpath.startsWith("/") ||
      relpath.includes("\\") ||
      !relpath.split("/").every((s) => s !== "" && s !== "." && s !== "..")
    )
      return { problem: `entry ${i} of the directory manifest has an unusable relpath` };
    entries.push({ md5, relpath });
  }
  return entries;
}
