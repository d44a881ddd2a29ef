import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { githubBranchWrites } from "../../src/github/branch-write-github.ts";
import { GitHubCallFault } from "../../src/github/github-call-fault.ts";
import { BranchMovedError } from "../../src/workflows/branch-write-port.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { installationOctokit } from "../fakes/github-client.ts";
import { seedPlatform } from "../fakes/seed-platform.ts";

let fake: FakeGitHub;
let octokit: ReturnType<typeof installationOctokit>;
const repo = { owner: "acme", repo: "platform" };

beforeEach(async () => {
  fake = await startFakeGitHub();
  seedPlatform(fake);
  octokit = installationOctokit(fake);
});

afterEach(async () => {
  await fake.close();
});

const port = () => githubBranchWrites(octokit, repo);
const refWrites = () =>
  fake.requests.filter(
    (r) =>
      r.route === "PATCH /repos/{owner}/{repo}/git/refs/{ref}" ||
      r.route === "POST /repos/{owner}/{repo}/git/refs",
  );
const objectWrites = () => fake.requests.filter((r) => r.method === "POST" && r.path.includes("/git/"));
const promoted = "kind: Model\nname: churn\nversion: 8\n";

/** A file's text at a ref, read through the contents API. */
async function contents(ref: string, path: string): Promise<string> {
  const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref });
  if (Array.isArray(data) || data.type !== "file") throw new Error(`${path} is not a file`);
  return Buffer.from(data.content, "base64").toString("utf8");
}

describe("committing to a branch", () => {
  it("writes one commit on the expected head and fast-forwards the branch; the pull request follows", async () => {
    const pull = fake.pull("acme", "platform", 12);
    const before = pull.headSha;
    const { sha } = await port().commitToBranch({
      branch: pull.headRef,
      expectedHead: before,
      message: "Promote churn to version 8",
      changes: [
        { path: "platform/models/churn.yaml", content: promoted },
        { path: "platform/models/new/extra.yaml", content: "kind: Model\n" },
      ],
    });
    expect(fake.branchHead("acme", "platform", pull.headRef)).toBe(sha);
    const { data: commit } = await octokit.rest.git.getCommit({ ...repo, commit_sha: sha });
    expect(commit).toMatchObject({ message: "Promote churn to version 8", parents: [{ sha: before }] });
    expect(await contents(sha, "platform/models/churn.yaml")).toBe(promoted);
    expect(await contents(sha, "platform/models/new/extra.yaml")).toBe("kind: Model\n");
    // Untouched files stay as they were on the head.
    expect(await contents(sha, "platform/models/uplift.yaml")).toBe("kind: Model\nname: uplift\n");
    expect(fake.pull("acme", "platform", 12).headSha).toBe(sha);
    expect(fake.synchronizations("acme", "platform")).toMatchObject([{ number: 12, before, after: sha }]);
    expect(refWrites().map((r) => r.body)).toEqual([{ sha, force: false }]);
  });

  it("refuses a branch that moved before the write, with nothing written", async () => {
    const stale = fake.pull("acme", "platform", 12).headSha;
    const moved = fake.pushToPullRequest("acme", "platform", 12, { "README.md": "# moved\n" });
    const failure = await port()
      .commitToBranch({
        branch: "change-12",
        expectedHead: stale,
        message: "m",
        changes: [{ path: "a", content: "a" }],
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BranchMovedError);
    expect(failure).toMatchObject({ branch: "change-12", expected: stale, actual: moved });
    expect(refWrites()).toEqual([]);
    expect(objectWrites()).toEqual([]);
    expect(fake.branchHead("acme", "platform", "change-12")).toBe(moved);
  });

  it("refuses a branch that moved between the read and the ref write: GitHub's fast-forward check holds", async () => {
    const head = fake.pull("acme", "platform", 12).headSha;
    let racer = "";
    // A push lands after the adapter wrote its commit and before it moves the ref.
    octokit.hook.before("request", (options) => {
      if (options.method === "PATCH" && String(options.url).includes("/git/refs/") && racer === "")
        racer = fake.pushToPullRequest("acme", "platform", 12, { "README.md": "# raced\n" });
    });
    const failure = await port()
      .commitToBranch({
        branch: "change-12",
        expectedHead: head,
        message: "m",
        changes: [{ path: "a", content: "a" }],
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BranchMovedError);
    expect(failure).toMatchObject({ expected: head, actual: racer });
    expect(fake.branchHead("acme", "platform", "change-12")).toBe(racer);
    expect(refWrites().map((r) => r.status)).toEqual([422]);
  });

  it("reports a missing branch as a GitHub fault naming it", async () => {
    const failure = await port()
      .commitToBranch({ branch: "gone", expectedHead: "a".repeat(40), message: "m", changes: [] })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GitHubCallFault);
    expect((failure as Error).message).toMatch(
      /committing to gone in acme\/platform: branch gone does not exist/,
    );
  });
});

describe("opening a pull request", () => {
  it("creates the branch at one new commit and a pull request to the base with the right files", async () => {
    const from = fake.branchHead("acme", "platform", "main") ?? "";
    const opened = await port().openPullRequest({
      branch: "slipway/promote-churn-8",
      fromCommit: from,
      baseBranch: "main",
      title: "Promote churn to version 8",
      body: "Evidence: run 3f2a",
      message: "Promote churn to version 8",
      changes: [{ path: "platform/models/churn.yaml", content: promoted }],
    });
    expect(opened).toEqual({
      number: 13,
      url: `${fake.url}/acme/platform/pull/13`,
      headSha: fake.branchHead("acme", "platform", "slipway/promote-churn-8"),
    });
    expect(await contents("slipway/promote-churn-8", "platform/models/churn.yaml")).toBe(promoted);
    expect(await contents("slipway/promote-churn-8", "platform/models/fraud.yaml")).toBe(
      "kind: Model\nname: fraud\n",
    );
    const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: 13 });
    expect(pull).toMatchObject({
      title: "Promote churn to version 8",
      body: "Evidence: run 3f2a",
      base: { ref: "main", sha: from },
      head: { ref: "slipway/promote-churn-8", sha: opened.headSha },
      user: { login: "slipway[bot]" },
    });
    const { data: files } = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 13 });
    expect(files.map((f) => [f.filename, f.status])).toEqual([["platform/models/churn.yaml", "modified"]]);
    expect(refWrites().map((r) => r.body)).toEqual([
      { ref: "refs/heads/slipway/promote-churn-8", sha: opened.headSha },
    ]);
  });

  it("refuses a branch that exists, naming it, and writes nothing", async () => {
    const input = {
      branch: "change-12",
      fromCommit: fake.branchHead("acme", "platform", "main") ?? "",
      baseBranch: "main",
      title: "t",
      body: "b",
      message: "m",
      changes: [{ path: "x", content: "x" }],
    };
    await expect(port().openPullRequest(input)).rejects.toThrow(
      /branch change-12 exists already; nothing was written/,
    );
    expect(objectWrites()).toEqual([]);
    expect(fake.state.pulls).toHaveLength(1);
  });
});
