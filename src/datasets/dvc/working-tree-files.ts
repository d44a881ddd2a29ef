import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { DatasetError } from "../dataset-error.ts";
import { DatasetFault } from "../s3/dataset-source.ts";
import type { RepoFiles } from "./repo-files.ts";

// The platform repository as checked out on the user's machine (the CLI without a `rev`): files are
// read from the working tree, as `dvc` itself would read them. Symbolic links are not followed, and
// `.git` and DVC's own cache are not walked.

const SKIPPED = new Set([".git", "node_modules"]);

export function workingTreeFiles(dir: string): RepoFiles {
  return {
    label: dir,
    localDir: dir,
    resolve: async (rev) => {
      if (rev !== null) throw new DatasetFault("invalid", dir, "a working tree has no revisions");
      return null;
    },
    async list(_commit, max) {
      const out: string[] = [];
      const walk = async (at: string): Promise<void> => {
        let entries: import("node:fs").Dirent[];
        try {
          entries = await readdir(at, { withFileTypes: true });
        } catch {
          return;
        }
        for (const entry of entries) {
          const path = join(at, entry.name);
          const rel = relative(dir, path).split(sep).join("/");
          if (entry.isDirectory()) {
            if (SKIPPED.has(entry.name) || rel === ".dvc/cache" || rel === ".dvc/tmp") continue;
            await walk(path);
          } else if (entry.isFile()) {
            if (out.length >= max)
              throw new DatasetError(
                dir,
                `the repository holds more than ${max} files; DVC files cannot be searched`,
              );
            out.push(rel);
          }
        }
      };
      await walk(dir);
      return out.sort();
    },
    async read(_commit, paths, maxBytes) {
      const found = new Map<string, Uint8Array>();
      for (const path of paths) {
        if (path.split("/").some((s) => s === "" || s === "." || s === "..") || path.startsWith("/"))
          continue;
        const full = join(dir, ...path.split("/"));
        let info: import("node:fs").Stats;
        try {
          info = await lstat(full);
        } catch {
          continue;
        }
        if (!info.isFile()) continue;
        if (info.size > maxBytes)
          throw new DatasetError(path, `file is ${info.size} bytes; the limit is ${maxBytes}`);
        found.set(path, new Uint8Array(await readFile(full)));
      }
      return found;
    },
  };
}
