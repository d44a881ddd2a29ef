import { isAbsolute, join } from "node:path";

// Where a DVC remote keeps an object (dvc-data's object database): DVC 3 outputs under
// `<remote>/files/md5/<first two hex digits>/<the other thirty>`, DVC 2 outputs under
// `<remote>/<two>/<thirty>`; a directory's manifest is the object whose name ends with `.dir`. Remotes
// are read on S3 (`s3://`); a remote given as a local path (relative to `.dvc/`, as DVC resolves it)
// only where a local repository is read, in the CLI. Pure.

export function remoteRoot(
  url: string,
  remotes: ReadonlyMap<string, string>,
  localDir: string | undefined,
): { root: string } | { problem: string } {
  let location = url.trim();
  // `remote://other/sub` points into another remote, once.
  const indirect = /^remote:\/\/([^/]+)(\/.*)?$/.exec(location);
  if (indirect) {
    const base = remotes.get(indirect[1] as string);
    if (base === undefined || base.startsWith("remote://"))
      return { problem: `remote url ${location} points at no usable remote "${indirect[1]}"` };
    location = `${base.replace(/\/+$/, "")}${indirect[2] ?? ""}`;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location)?.[1]?.toLowerCase();
  if (scheme === "s3") {
    if (!/^s3:\/\/[^/]+/.test(location)) return { problem: `remote url ${location} names no bucket` };
    return { root: `${location.replace(/\/+$/, "")}/` };
  }
  if (scheme === "file" || scheme === undefined) {
    if (localDir === undefined)
      return {
        problem: `the DVC remote is a local path (${location}); only s3:// remotes are read here (local remotes in the CLI)`,
      };
    const path = scheme === "file" ? location.replace(/^file:\/\//i, "") : location;
    return { root: `${(isAbsolute(path) ? path : join(localDir, ".dvc", path)).replace(/\/+$/, "")}/` };
  }
  return {
    problem: `the DVC remote is a ${scheme}:// remote; Slipway reads DVC objects from s3:// remotes (and local ones in the CLI)`,
  };
}

export function objectUri(root: string, md5: string, legacy: boolean): string {
  return `${root}${legacy ? "" : "files/md5/"}${md5.slice(0, 2)}/${md5.slice(2)}`;
}
