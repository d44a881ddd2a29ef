import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import type { SourceTree } from "../manifests/source-tree.ts";

const run = promisify(execFile);
const YAML_FILE = /\.ya?ml$/i;

/** `git` in `dir`; null when it fails (not a repository, unknown commit, no git). */
async function git(dir: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run("git", ["-C", dir, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch {
    return null;
  }
}

/**
 * The commit the directory's files are at: HEAD, when the working tree has no changes under `dir`
 * (otherwise what is rendered is not any commit, and null says so).
 */
export async function cleanHeadCommit(dir: string): Promise<string | null> {
  const status = await git(dir, ["status", "--porcelain", "--", "."]);
  if (status === null || status.trim() !== "") return null;
  return (await git(dir, ["rev-parse", "HEAD"]))?.trim() || null;
}

/**
 * The platform repository at `dir` as it was at `commit`, read from git (`ls-tree` + `cat-file
 * --batch`) without touching the working tree: what a rollback re-renders. YAML files with their bytes,
 * other files by path, like readDirectory.
 */
export async function gitTreeAt(dir: string, commit: string): Promise<SourceTree> {
  if (!/^[0-9a-f]{7,64}$/.test(commit)) throw new Error(`'${commit}' is not a commit id`);
  const prefix = (await git(dir, ["rev-parse", "--show-prefix"]))?.trim();
  if (prefix === undefined) throw new Error(`${dir} is not in a git repository`);
  const listing = await git(dir, ["ls-tree", "-r", "-z", `${commit}:${prefix}`]);
  if (listing === null) throw new Error(`commit ${commit} is not in the repository at ${dir}`);
  const blobs: { path: string; sha: string }[] = [];
  const otherPaths: string[] = [];
  for (const line of listing.split("\0")) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(line);
    if (!match) continue;
    const [, sha, path] = match as unknown as [string, string, string];
    if (YAML_FILE.test(path)) blobs.push({ path, sha });
    else otherPaths.push(path);
  }
  const contents = await catFiles(
    dir,
    blobs.map((b) => b.sha),
  );
  const files = new Map(blobs.map((b, i) => [b.path, contents[i] as Uint8Array]));
  return { files, otherPaths };
}

/** Blob contents through one `git cat-file --batch`, in the order asked. */
function catFiles(dir: string, shas: readonly string[]): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", dir, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`git cat-file exited with ${code}`));
      const out = Buffer.concat(chunks);
      const blobs: Uint8Array[] = [];
      let at = 0;
      for (const _ of shas) {
        const eol = out.indexOf(10, at);
        const size = Number(out.subarray(at, eol).toString("latin1").split(" ")[2]);
        if (!Number.isFinite(size)) return reject(new Error("git cat-file answered unexpectedly"));
        blobs.push(new Uint8Array(out.subarray(eol + 1, eol + 1 + size)));
        at = eol + 1 + size + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(shas.map((s) => `${s}\n`).join(""));
  });
}
