import { branchName, type FetchTarget, fetchTarget, isCommitSha } from "./fetch-target.ts";
import { GitMirrorFault } from "./git-mirror-fault.ts";
import { parseCatFileBatch, parseLsTree } from "./git-object-output.ts";

// What reading another revision of a repository needs beyond a branch or a SHA (issue #23: DVC files
// at a tag, a branch or a commit): a tag fetched shallow like a branch, and a commit's files read by
// path — sizes first (`cat-file --batch-check`), contents only of those within the limit.

/** The git commands these use, run in the mirror with its environment (and the token, for `lsRemote`). */
export interface RevisionGit {
  lsRemote(refs: string[]): Promise<string>;
  /** `cat-file --batch-check` / `--batch` with `input` on stdin. */
  batchCheck(input: string): Promise<string>;
  batch(input: string): Promise<Uint8Array>;
  listTree(sha: string): Promise<string>;
}

export function tagTarget(tag: string): FetchTarget {
  const name = branchName(tag.replace(/^refs\/tags\//, "")); // tags follow the same naming rules
  return {
    sha: null,
    refspec: `+refs/tags/${name}:refs/slipway/tags/${name}`,
    localRef: `refs/slipway/tags/${name}`,
    label: `tag ${name}`,
  };
}

/**
 * A full SHA, or the tag or branch the remote has under this name — a tag first, as `git rev-parse`
 * disambiguates (gitrevisions: refs/tags/<name> before refs/heads/<name>).
 */
export async function revisionTarget(git: RevisionGit, rev: string, remote: string): Promise<FetchTarget> {
  const text = rev.trim();
  if (isCommitSha(text.toLowerCase())) return fetchTarget(text);
  if (text === "HEAD") {
    // The remote's default branch, as `git clone` would check it out: fetched by its commit.
    const head = (await git.lsRemote(["HEAD"])).split("\n").find((l) => l.endsWith("\tHEAD"));
    const sha = head?.split("\t")[0]?.toLowerCase();
    if (!sha || !isCommitSha(sha))
      throw new GitMirrorFault("not-found", `${remote} has no default branch (HEAD)`);
    return fetchTarget(sha);
  }
  const name = branchName(text.replace(/^refs\/(heads|tags)\//, ""));
  const listed = await git.lsRemote([`refs/heads/${name}`, `refs/tags/${name}`]);
  const refs = listed.split("\n").map((l) => l.split("\t")[1]);
  if (refs.includes(`refs/tags/${name}`)) return tagTarget(name);
  if (refs.includes(`refs/heads/${name}`)) return fetchTarget(name);
  throw new GitMirrorFault(
    "not-found",
    /^[0-9a-f]{7,39}$/i.test(text)
      ? `${JSON.stringify(text)} looks like an abbreviated commit SHA; give all 40 characters (${remote} has no branch or tag of that name)`
      : `${remote} has no branch or tag ${JSON.stringify(name)}`,
  );
}

/** Every file path of a commit (symbolic links and submodules left out). */
export async function listPaths(git: RevisionGit, sha: string): Promise<string[]> {
  return parseLsTree(await git.listTree(sha))
    .filter((e) => e.type === "blob" && e.mode !== "120000")
    .map((e) => e.path);
}

/** The files among `paths` present in the commit, each at most `maxBytes` (a larger one is a fault). */
export async function readPaths(
  git: RevisionGit,
  sha: string,
  paths: readonly string[],
  maxBytes: number,
): Promise<Map<string, Uint8Array>> {
  // A path with a control character (a newline would end the batch line) names no file of git's.
  const usable = paths.filter((p) => p.length > 0 && [...p].every((c) => c.charCodeAt(0) >= 0x20));
  const found = new Map<string, Uint8Array>();
  if (usable.length === 0) return found;
  const checked = (await git.batchCheck(`${usable.map((p) => `${sha}:${p}`).join("\n")}\n`)).split("\n");
  const oids = new Map<string, string>();
  for (const [i, line] of checked.slice(0, usable.length).entries()) {
    const [oid, type, size] = line.split(" ");
    const path = usable[i] as string;
    if (type !== "blob" || oid === undefined) continue; // missing, or a directory
    if (Number(size) > maxBytes)
      throw new GitMirrorFault(
        "invalid",
        `${path} at ${sha.slice(0, 12)} is ${size} bytes; the limit is ${maxBytes}`,
      );
    oids.set(path, oid);
  }
  if (oids.size === 0) return found;
  const blobs = parseCatFileBatch(await git.batch(`${[...new Set(oids.values())].join("\n")}\n`));
  for (const [path, oid] of oids) {
    const bytes = blobs.get(oid);
    if (bytes) found.set(path, bytes);
  }
  return found;
}
