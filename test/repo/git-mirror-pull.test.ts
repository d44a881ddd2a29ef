import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GitMirror, openGitMirror } from "../../src/repo/git-mirror.ts";
import { git, SourceRepo } from "./git-fixture.ts";

const IDENTITY = ["-c", "user.name=Dev", "-c", "user.email=dev@example.com"];

/** Commits in the work tree on whatever branch is checked out, and pushes it to `ref`. */
function commitTo(source: SourceRepo, ref: string, files: Record<string, string>, message: string): string {
  for (const [path, content] of Object.entries(files)) writeFileSync(join(source.work, path), content);
  git(source.work, "add", "--all");
  git(source.work, ...IDENTITY, "commit", "--quiet", "-m", message);
  git(source.work, "push", "--quiet", "--force", "origin", `HEAD:${ref}`);
  return git(source.work, "rev-parse", "HEAD").trim();
}

describe("pull request heads in the mirror: their own commits, their merge base, their changes", () => {
  let source: SourceRepo;
  let state: string;
  let mirror: GitMirror;
  let base: string;

  beforeEach(async () => {
    source = new SourceRepo();
    state = mkdtempSync(join(tmpdir(), "slipway-mirror-state-"));
    git(source.bare, "config", "uploadpack.allowFilter", "true");
    base = source.commit({ ".slipway.yml": "version: 1\n", "models/a.yaml": "a: 1\n", "README.md": "r\n" });
    mirror = await openGitMirror({ url: source.bare, dir: state });
  });

  afterEach(async () => {
    await mirror.close();
    source.remove();
    rmSync(state, { recursive: true, force: true });
  });

  it("finds where a pull request left its base branch, though the branch moved on since", async () => {
    git(source.work, "checkout", "--quiet", "-b", "feature");
    commitTo(source, "refs/heads/feature", { "models/a.yaml": "a: 2\n" }, "change a");
    const head = commitTo(source, "refs/pull/7/head", { "models/b.yaml": "b: 1\n" }, "add b");
    git(source.work, "checkout", "--quiet", "main");
    const moved = commitTo(source, "refs/heads/main", { "README.md": "changed on main\n" }, "docs");

    await mirror.fetch(moved);
    await mirror.fetchPull({ sha: head, number: 7, base: "main" });
    expect(await mirror.mergeBase(head)).toBe(base);
    expect((await mirror.changedPaths(base, head)).sort()).toEqual(["models/a.yaml", "models/b.yaml"]);
    // Against the moved branch tip the README would count too: that is why the merge base matters.
    expect((await mirror.changedPaths(moved, head)).sort()).toEqual([
      "README.md",
      "models/a.yaml",
      "models/b.yaml",
    ]);
    expect(new TextDecoder().decode((await mirror.readTree(head)).files.get("models/b.yaml"))).toBe("b: 1\n");
    // Only the pull request's own commits came: the base branch's history was never fetched.
    expect(git(mirror.gitDir, "rev-list", "--count", head).trim()).toBe("2");
  });

  it("leaves the merge base to the caller when the base branch was merged into the pull request", async () => {
    git(source.work, "checkout", "--quiet", "-b", "feature");
    commitTo(source, "refs/heads/feature", { "models/a.yaml": "a: 2\n" }, "change a");
    git(source.work, "checkout", "--quiet", "main");
    commitTo(source, "refs/heads/main", { "README.md": "changed on main\n" }, "docs");
    git(source.work, "checkout", "--quiet", "feature");
    git(source.work, ...IDENTITY, "merge", "--quiet", "--no-edit", "main");
    const head = commitTo(source, "refs/pull/8/head", { "models/b.yaml": "b: 1\n" }, "add b");

    await mirror.fetchPull({ sha: head, number: 8, base: "main" });
    expect(await mirror.mergeBase(head)).toBeNull();
    expect(new TextDecoder().decode((await mirror.readTree(head)).files.get("models/a.yaml"))).toBe("a: 2\n");
  });

  it("fetches a head already on the base branch one commit deep, with no merge base to tell", async () => {
    const head = source.commit({ "models/a.yaml": "a: 3\n" });
    await mirror.fetchPull({ sha: head, number: 9, base: "main" });
    expect(await mirror.mergeBase(head)).toBeNull();
    expect(new TextDecoder().decode((await mirror.readTree(head)).files.get("models/a.yaml"))).toBe("a: 3\n");
  });

  it("does not fetch a head twice", async () => {
    git(source.work, "checkout", "--quiet", "-b", "feature");
    const head = commitTo(source, "refs/pull/7/head", { "models/b.yaml": "b: 1\n" }, "add b");
    await mirror.fetchPull({ sha: head, number: 7, base: "main" });
    rmSync(source.bare, { recursive: true, force: true }); // the remote is gone: anything asked of it fails
    await mirror.fetchPull({ sha: head, number: 7, base: "main" });
    expect(await mirror.mergeBase(head)).toBe(base);
  });
});
