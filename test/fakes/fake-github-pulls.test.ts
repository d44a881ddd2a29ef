import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.ts";
import { installationOctokit } from "./github-client.ts";
import { seedPlatform } from "./seed-platform.ts";

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub();
});

afterEach(async () => {
  await fake.close();
});

describe("pull requests", () => {
  it("serves the fields a review reads: head, base, author, state, draft, html_url", async () => {
    const { pull } = seedPlatform(fake);
    const { data } = await installationOctokit(fake).rest.pulls.get({
      owner: "acme",
      repo: "platform",
      pull_number: 12,
    });
    expect(data).toMatchObject({
      number: 12,
      state: "open",
      draft: false,
      html_url: `${fake.url}/acme/platform/pull/12`,
      user: { login: "alice", type: "User" },
      head: { sha: pull.headSha, ref: "change-12", repo: { full_name: "acme/platform", fork: false } },
      base: { ref: "main", sha: pull.baseSha, repo: { full_name: "acme/platform" } },
    });
  });

  it("lists the changed files of the three-dot diff with status and blob SHA", async () => {
    seedPlatform(fake);
    const octokit = installationOctokit(fake);
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: "acme",
      repo: "platform",
      pull_number: 12,
    });
    expect(files.map((f) => [f.filename, f.status])).toEqual([
      ["platform/models/churn.yaml", "modified"],
      ["platform/models/fraud.yaml", "removed"],
      ["platform/models/uplift.yaml", "added"],
    ]);
    expect(files[0]).toMatchObject({ additions: 1, deletions: 0, changes: 1 });
  });

  it("lists at most 3,000 files, as GitHub does, across pages", async () => {
    fake.addRepo({ owner: "acme", name: "platform" });
    const files: Record<string, string> = {};
    for (let i = 0; i < 3010; i++) files[`f/${String(i).padStart(4, "0")}.yaml`] = `i: ${i}\n`;
    fake.openPullRequest({ owner: "acme", repo: "platform", number: 1, files });
    const octokit = installationOctokit(fake);
    const listed = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: "acme",
      repo: "platform",
      pull_number: 1,
      per_page: 100,
    });
    expect(listed).toHaveLength(3000);
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}/files")).toHaveLength(30);
  });

  it("lists open pull requests newest first across pages, leaving closed ones out", async () => {
    fake.addRepo({ owner: "acme", name: "platform" });
    for (let n = 1; n <= 5; n++) fake.openPullRequest({ owner: "acme", repo: "platform", number: n });
    fake.pull("acme", "platform", 2).state = "closed";
    const octokit = installationOctokit(fake);
    const open = await octokit.paginate(octokit.rest.pulls.list, {
      owner: "acme",
      repo: "platform",
      state: "open",
      per_page: 2,
    });
    expect(open.map((p) => p.number)).toEqual([5, 4, 3, 1]);
    const link = fake.requestsTo("GET /repos/{owner}/{repo}/pulls")[0]?.query;
    expect(link).toMatchObject({ state: "open", per_page: "2" });
  });

  it("serves a fork's head from the fork, readable through the base repository", async () => {
    seedPlatform(fake);
    const pull = fake.openPullRequest({
      owner: "acme",
      repo: "platform",
      number: 13,
      user: "mallory",
      fork: true,
      files: { "platform/models/evil.yaml": "kind: Model\n" },
    });
    const octokit = installationOctokit(fake);
    const { data } = await octokit.rest.pulls.get({ owner: "acme", repo: "platform", pull_number: 13 });
    expect(data.head.repo).toMatchObject({ full_name: "mallory/platform", fork: true });
    expect(data.head.sha).toBe(pull.headSha);
    const { data: tree } = await octokit.rest.git.getTree({
      owner: "acme",
      repo: "platform",
      tree_sha: pull.headSha,
      recursive: "1",
    });
    expect(tree.tree.some((e) => e.path === "platform/models/evil.yaml")).toBe(true);
  });

  it("moves the head on a push and builds the matching synchronize payload", () => {
    const { pull } = seedPlatform(fake);
    const before = pull.headSha;
    const after = fake.pushToPullRequest("acme", "platform", 12, {
      "platform/models/churn.yaml": "kind: Model\n",
    });
    expect(after).not.toBe(before);
    const payload = fake.pullRequestEvent("acme", "platform", 12, "synchronize");
    expect(payload).toMatchObject({ action: "synchronize", pull_request: { head: { sha: after } } });
  });
});
