import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.ts";
import { writeCommit, writeTree } from "./github/git-objects.ts";
import { installationOctokit, statusOf } from "./github-client.ts";

let fake: FakeGitHub;
const repo = { owner: "acme", repo: "platform" };

/**
 *   A ── B ── E          main
 *         \
 *          C ── D        feature
 */
let g: Record<"A" | "B" | "C" | "D" | "E", string>;

beforeAll(async () => {
  fake = await startFakeGitHub();
  fake.addRepo({ owner: "acme", name: "platform", files: { "README.md": "a\n" } });
  const A = fake.state.repo("acme", "platform")?.refs.get("main") ?? "";
  const B = fake.commit("acme", "platform", "main", { "b.txt": "b\n" });
  const C = fake.commit("acme", "platform", "feature", { "c.txt": "c\n" });
  const D = fake.commit("acme", "platform", "feature", { "c.txt": "c\nd\n", "README.md": null });
  const E = fake.commit("acme", "platform", "main", { "e.txt": "e\n" });
  g = { A, B, C, D, E };
});

afterEach(() => {
  fake.requests.length = 0;
});

const compare = (base: string, head: string, extra: Record<string, unknown> = {}) =>
  installationOctokit(fake).rest.repos.compareCommitsWithBasehead({
    ...repo,
    basehead: `${base}...${head}`,
    ...extra,
  });

describe("compare", () => {
  it("says ahead when head descends from base, with the commits between, oldest first", async () => {
    const { data } = await compare(g.B, g.D);
    expect(data).toMatchObject({ status: "ahead", ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(data.merge_base_commit.sha).toBe(g.B);
    expect(data.base_commit.sha).toBe(g.B);
    expect(data.commits.map((c) => c.sha)).toEqual([g.C, g.D]);
    expect(data.commits[1]?.parents.map((p) => p.sha)).toEqual([g.C]);
    expect(data.files?.map((f) => [f.filename, f.status])).toEqual([
      ["README.md", "removed"],
      ["c.txt", "added"],
    ]);
  });

  it("says behind, identical and diverged with both counts and the merge base", async () => {
    expect((await compare(g.D, g.B)).data).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 2 });
    expect((await compare(g.D, g.D)).data).toMatchObject({ status: "identical", ahead_by: 0, behind_by: 0 });
    const { data } = await compare(g.E, g.D);
    expect(data).toMatchObject({ status: "diverged", ahead_by: 2, behind_by: 1 });
    expect(data.merge_base_commit.sha).toBe(g.B);
    expect((await compare(g.A, g.E)).data).toMatchObject({ status: "ahead", ahead_by: 2 });
  });

  it("resolves branch names and short SHAs, and the older base...head route gives the same answer", async () => {
    const { data } = await compare("main", "feature");
    expect(data).toMatchObject({ status: "diverged", ahead_by: 2, behind_by: 1 });
    expect((await compare(g.B.slice(0, 7), g.E.slice(0, 7))).data.status).toBe("ahead");
    const { data: old } = await installationOctokit(fake).request(
      "GET /repos/{owner}/{repo}/compare/{base}...{head}",
      { ...repo, base: "main", head: "feature" },
    );
    expect((old as { status: string }).status).toBe("diverged");
  });

  it("counts commits through a merge commit, as git does", async () => {
    fake.openPullRequest({ owner: "acme", repo: "platform", number: 3, head: "feature", files: {} });
    const merged = fake.mergePullRequest("acme", "platform", 3);
    // Opening the pull request commits once more on feature; the merge commit comes last.
    const { data } = await compare(g.E, merged);
    expect(data).toMatchObject({ status: "ahead", behind_by: 0 });
    expect(data.commits.map((c) => c.sha).slice(0, 2)).toEqual([g.C, g.D]);
    expect(data.commits.at(-1)?.sha).toBe(merged);
    expect((await compare(g.D, merged)).data.status).toBe("ahead");
    expect((await compare(merged, g.D)).data).toMatchObject({ status: "behind", ahead_by: 0 });
  });

  it("pages the commits and sends the files with the first page only", async () => {
    const first = await compare(g.A, g.E, { per_page: 1 });
    expect(first.data.commits.map((c) => c.sha)).toEqual([g.B]);
    expect(first.data.ahead_by).toBe(2);
    expect(first.data.files?.length).toBeGreaterThan(0);
    expect(first.headers.link).toContain('rel="next"');
    const second = await compare(g.A, g.E, { per_page: 1, page: 2 });
    expect(second.data.commits.map((c) => c.sha)).toEqual([g.E]);
    expect(second.data.files).toEqual([]);
  });

  it("answers 404 for an unknown ref, a malformed range and unrelated histories", async () => {
    expect((await statusOf(compare("main", "no-such-branch"))).status).toBe(404);
    const octokit = installationOctokit(fake);
    const twoDots = await statusOf(
      octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: "main..feature" }),
    );
    expect(twoDots.status).toBe(404);
    const state = fake.state.repo("acme", "platform");
    if (!state) throw new Error("no repo");
    const tree = writeTree(state.objects, new Map([["x", Buffer.from("x")]]));
    state.refs.set("orphan", writeCommit(state.objects, tree, [], "orphan", new Date(0)));
    expect(await statusOf(compare("main", "orphan"))).toMatchObject({
      status: 404,
      message: "No common ancestor between main and orphan.",
    });
  });

  it("serves a single commit with its parents", async () => {
    const { data } = await installationOctokit(fake).rest.repos.getCommit({ ...repo, ref: g.D });
    expect(data).toMatchObject({ sha: g.D, parents: [{ sha: g.C }] });
  });
});
