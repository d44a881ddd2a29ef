import { posix } from "node:path";
import { DatasetError } from "../dataset-error.ts";
import { parseDvcConfig } from "./dvc-config.ts";
import { type DvcOut, dvcFileOuts, dvcLockOuts } from "./dvc-outputs.ts";
import type { RepoFiles } from "./repo-files.ts";

// A DVC-tracked path at a revision → the output that holds it and the remote its objects are in. The
// output is the one recorded for the path itself or for a directory containing it, in a `.dvc` file or
// a `dvc.lock` (the most specific wins; two records of one path are an error). The remote is the one
// the output names, else `core.remote` of `.dvc/config` at the same revision.

/** Bounds on the DVC files read to find an output. */
export const MAX_REPO_FILES = 100_000;
export const MAX_DVC_FILES = 2_000;
export const MAX_DVC_FILE_BYTES = 1024 * 1024;

export interface ResolvedOutput {
  /** The commit read (null: a working tree). */
  readonly commit: string | null;
  readonly out: DvcOut;
  /** The path inside a tracked directory, or null when the output is the path itself. */
  readonly inner: string | null;
  readonly remote: { readonly name: string; readonly url: string };
  /** Every remote of `.dvc/config`, for a `remote://` url. */
  readonly remotes: ReadonlyMap<string, string>;
}

/** A repository-relative path as written in a Monitor, or undefined when it is not one. */
export function cleanRepoPath(path: string): string | undefined {
  const trimmed = path.replace(/^\.\//, "").replace(/\/+$/, "");
  if (trimmed === "" || trimmed.startsWith("/") || trimmed.includes("\\") || trimmed.includes("\0"))
    return undefined;
  return trimmed.split("/").every((s) => s !== "" && s !== "." && s !== "..") ? trimmed : undefined;
}

function isDvcFile(path: string): boolean {
  return path.endsWith(".dvc") && !path.startsWith(".dvc/") && posix.basename(path) !== ".dvc";
}

function fail(label: string, detail: string): never {
  throw new DatasetError(label, detail);
}

function parse<T>(label: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    return fail(label, (error as Error).message);
  }
}

export async function resolveDvcOutput(
  repo: RepoFiles,
  path: string,
  rev: string | null,
): Promise<ResolvedOutput> {
  const at = `${path}${rev ? `@${rev}` : ""}`;
  const target = cleanRepoPath(path);
  if (target === undefined)
    fail(at, "`dvc.path` must be a path inside the repository, without '.' or '..' segments");
  const commit = await repo.resolve(rev);
  const where = `${repo.label}${commit ? ` at ${commit.slice(0, 12)}` : ""}`;
  const files = await repo.list(commit, MAX_REPO_FILES);
  // The likely records first: `<path>.dvc` and the `.dvc` files of the directories above it.
  const ancestors = target.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));
  const direct = ancestors.map((a) => `${a}.dvc`).filter((p) => files.includes(p));
  const locks = files.filter((p) => posix.basename(p) === "dvc.lock");
  const others = files.filter((p) => isDvcFile(p) && !direct.includes(p));
  const outs: DvcOut[] = [];
  const readAll = async (paths: string[]) => {
    if (paths.length > MAX_DVC_FILES) fail(at, `${where} holds more than ${MAX_DVC_FILES} DVC files`);
    const wanted = [
      ...paths,
      ...paths.filter((p) => p.endsWith("dvc.lock")).map((p) => posix.join(posix.dirname(p), "dvc.yaml")),
    ];
    const bytes = await repo.read(commit, wanted, MAX_DVC_FILE_BYTES);
    for (const p of paths) {
      const content = bytes.get(p);
      if (!content) continue;
      if (p.endsWith(".dvc")) outs.push(...parse(p, () => dvcFileOuts(p, content)));
      else
        outs.push(
          ...parse(p, () =>
            dvcLockOuts(p, content, bytes.get(posix.join(posix.dirname(p), "dvc.yaml")) ?? null),
          ),
        );
    }
  };
  const matching = () =>
    outs.filter((o) => o.path === target || (target.startsWith(`${o.path}/`) && o.md5.endsWith(".dir")));
  await readAll(direct);
  if (matching().length === 0) await readAll([...locks, ...others]);
  const found = matching().sort((a, b) => b.path.length - a.path.length);
  const out = found[0];
  if (!out) fail(at, `no .dvc file or dvc.lock in ${where} tracks ${target}`);
  const twin = found.find((o) => o !== out && o.path === out.path);
  if (twin) fail(at, `${out.path} is tracked twice, by ${out.file} and ${twin.file}`);
  if (!out.cached)
    fail(at, `${out.file} tracks ${out.path} with \`cache: false\`: it lives in git, not in a DVC remote`);
  const inner = out.path === target ? null : target.slice(out.path.length + 1);
  const config = (await repo.read(commit, [".dvc/config"], MAX_DVC_FILE_BYTES)).get(".dvc/config");
  if (!config) fail(at, `${where} has no .dvc/config, so no remote holds ${out.path}`);
  const parsed = parseDvcConfig(new TextDecoder().decode(config));
  if ("problem" in parsed) fail(".dvc/config", parsed.problem);
  const name = out.remote ?? parsed.defaultRemote;
  if (name === undefined)
    fail(at, `.dvc/config names no default remote (core.remote) and ${out.file} names none for ${out.path}`);
  const url = parsed.remotes.get(name);
  if (url === undefined) fail(at, `.dvc/config defines no remote "${name}" (the remote of ${out.path})`);
  return { commit, out, inner, remote: { name, url }, remotes: parsed.remotes };
}
