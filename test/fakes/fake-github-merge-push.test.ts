import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub, ZERO_SHA } from "./fake-github.ts";
import { installationOctokit, statusOf } from "./github-client.ts";
import { seedPlatform } from "./seed-platform.ts";

// Real payloads, as GitHub sends them, from @octokit/webhooks-examples.
const require = createRequire(import.meta.url);
const EXAMPLES = require("@octokit/webhooks-examples/api.github.com/index.json") as {
  name: string;
  examples: Record<string, unknown>[];
}[];

let fake: FakeGitHub;
const repo = { owner: "acme", repo: "platform" };
const keysOf = (value: unknown): string[] => Object.keys(value as object).sort();

beforeEach(async () => {
  fake = await startFakeGitHub();
});

afterEach(async () => {
  await fake.close();
});

describe("merging a pull request", () => {
  it("moves the base branch to a merge commit over the old tip and the head, and marks the PR merged", async () => {
    const { pull } = seedPlatform(fake);
    const later = fake.commit("acme", "platform", "main", { "platform/stack.yaml": "kind: Platform\n" });
    const sha = fake.mergePullRequest("acme", "platform", 12);
    const octokit = installationOctokit(fake);
    const { data: commit } = await octokit.rest.repos.getCommit({ ...repo, ref: "main" });
    expect(commit.sha).toBe(sha);
    expect(commit.parents.map((p) => p.sha)).toEqual([later, pull.headSha]);
    const file = (path: string) => octokit.rest.repos.getContent({ ...repo, path, ref: sha });
    expect((await file("platform/models/uplift.yaml")).status).toBe(200);
    expect((await file("platform/stack.yaml")).status).toBe(200);
    expect((await statusOf(file("platform/models/fraud.yaml"))).status).toBe(404);
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: 12 });
    expect(data).toMatchObject({ state: "closed", merged: true, merge_commit_sha: sha });
    expect(data.merged_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(data.closed_at).toBe(data.merged_at);
    const event = fake.pullRequestEvent("acme", "platform", 12, "closed");
    expect(event).toMatchObject({
      action: "closed",
      pull_request: { merged: true, merge_commit_sha: sha, state: "closed" },
    });
  });

  it("squashes into one commit whose only parent is the old base tip", async () => {
    const { pull } = seedPlatform(fake);
    const sha = fake.mergePullRequest("acme", "platform", 12, { method: "squash" });
    const { data } = await installationOctokit(fake).rest.repos.getCommit({ ...repo, ref: sha });
    expect(data.parents.map((p) => p.sha)).toEqual([pull.baseSha]);
    expect(data.commit.message).toBe("Retune churn (#12)");
  });

  it("refuses a pull request that is merged already or conflicts with its base", () => {
    seedPlatform(fake);
    fake.mergePullRequest("acme", "platform", 12);
    expect(() => fake.mergePullRequest("acme", "platform", 12)).toThrow(/is not open/);
    fake.openPullRequest({ ...repo, number: 13, files: { "README.md": "mine\n" } });
    fake.commit("acme", "platform", "main", { "README.md": "theirs\n" });
    expect(() => fake.mergePullRequest("acme", "platform", 13)).toThrow(/conflicts with main in README.md/);
  });
});

describe("pull requests for a commit", () => {
  it("names the merged pull request for its merge commit and its own commits, open ones off main", async () => {
    const { pull } = seedPlatform(fake);
    const open = fake.openPullRequest({ ...repo, number: 13, files: { "b.txt": "b\n" } });
    const direct = fake.commit("acme", "platform", "main", { "c.txt": "c\n" });
    const merge = fake.mergePullRequest("acme", "platform", 12);
    const octokit = installationOctokit(fake);
    const numbers = async (sha: string) =>
      (await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha })).data.map(
        (p) => p.number,
      );
    expect(await numbers(merge)).toEqual([12]);
    expect(await numbers(pull.headSha)).toEqual([12]);
    expect(await numbers(open.headSha)).toEqual([13]);
    expect(await numbers(direct)).toEqual([]);
    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: merge,
    });
    expect(data[0]).toMatchObject({ merged_at: expect.any(String), merge_commit_sha: merge });
    expect((await statusOf(numbers("f".repeat(40)))).status).toBe(422);
  });
});

describe("push payloads", () => {
  it("has every top-level key and commit key of a real push payload", () => {
    seedPlatform(fake);
    const before = fake.state.repo("acme", "platform")?.refs.get("main") ?? "";
    const after = fake.commit("acme", "platform", "main", { "x.txt": "x\n" });
    const payload = fake.pushEvent("acme", "platform", { ref: "main", before, after });
    const real = EXAMPLES.find((e) => e.name === "push")?.examples.find(
      (p) => "installation" in p && (p.commits as unknown[]).length > 0,
    );
    if (!real) throw new Error("no real push example with commits");
    expect(keysOf(payload)).toEqual(keysOf(real));
    const [realCommit] = real.commits as unknown[];
    expect(keysOf((payload.commits as unknown[])[0])).toEqual(keysOf(realCommit));
    expect(keysOf(payload.head_commit)).toEqual(keysOf(real.head_commit));
    expect(keysOf(payload.pusher)).toEqual(keysOf(real.pusher));
  });

  it("lists the pushed commits oldest first with the paths each added, removed and modified", () => {
    seedPlatform(fake);
    const before = fake.state.repo("acme", "platform")?.refs.get("main") ?? "";
    const one = fake.commit("acme", "platform", "main", { "a.txt": "a\n", "README.md": null });
    const two = fake.commit("acme", "platform", "main", { "a.txt": "a2\n" });
    const payload = fake.pushEvent("acme", "platform", { ref: "refs/heads/main", before, after: two });
    expect(payload).toMatchObject({
      ref: "refs/heads/main",
      before,
      after: two,
      created: false,
      deleted: false,
      forced: false,
      head_commit: { id: two, modified: ["a.txt"] },
      installation: { id: fake.installationId },
      repository: { full_name: "acme/platform", default_branch: "main" },
      sender: { login: "octocat" },
    });
    expect(payload.commits).toMatchObject([
      { id: one, added: ["a.txt"], removed: ["README.md"], modified: [] },
      { id: two, added: [], removed: [], modified: ["a.txt"] },
    ]);
  });

  it("marks a created branch, a deleted one and a force-push", () => {
    seedPlatform(fake);
    const main = fake.state.repo("acme", "platform")?.refs.get("main") ?? "";
    const topic = fake.commit("acme", "platform", "topic", { "t.txt": "t\n" });
    const created = fake.pushEvent("acme", "platform", { ref: "topic", before: ZERO_SHA, after: topic });
    expect(created).toMatchObject({ created: true, deleted: false, forced: false });
    expect((created.commits as unknown[]).length).toBeGreaterThan(0);
    const deleted = fake.pushEvent("acme", "platform", { ref: "topic", before: topic, after: ZERO_SHA });
    expect(deleted).toMatchObject({ created: false, deleted: true, head_commit: null, commits: [] });
    const other = fake.commit("acme", "platform", "other", { "o.txt": "o\n" }, { from: "main" });
    const forced = fake.pushEvent("acme", "platform", { ref: "topic", before: topic, after: other });
    expect(forced).toMatchObject({ forced: true });
    const repeated = fake.pushEvent("acme", "platform", { ref: "main", before: main, after: main });
    expect(repeated).toMatchObject({ forced: false, commits: [] });
  });

  it("refuses a SHA that is not a commit of the repository", () => {
    seedPlatform(fake);
    expect(() =>
      fake.pushEvent("acme", "platform", { ref: "main", before: ZERO_SHA, after: "a".repeat(40) }),
    ).toThrow(/is not a commit of acme\/platform/);
  });
});
