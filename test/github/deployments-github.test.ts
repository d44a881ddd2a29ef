import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { githubDeployPort } from "../../src/github/deployments-github.ts";
import { GitHubCallFault } from "../../src/github/github-call-fault.ts";
import { describeFault } from "../../src/workflows/faults.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { installationOctokit } from "../fakes/github-client.ts";
import { seedPlatform } from "../fakes/seed-platform.ts";

let fake: FakeGitHub;
let octokit: ReturnType<typeof installationOctokit>;

beforeEach(async () => {
  fake = await startFakeGitHub();
  seedPlatform(fake);
  octokit = installationOctokit(fake);
});

afterEach(async () => {
  await fake.close();
});

const port = (secrets?: string[]) =>
  githubDeployPort({ owner: "acme", repo: "platform" }, { octokit, appId: fake.appId, secrets });

const mainTip = (): string => fake.state.repo("acme", "platform")?.refs.get("main") ?? "";

const deployment = (id: number) => fake.deployments("acme", "platform").find((d) => d.id === id);

const input = (sha: string, environment = "production") => ({
  sha,
  environment,
  description: `Deploy ${sha.slice(0, 7)}`,
  productionEnvironment: environment === "production",
  payload: { commit: sha, environment },
});

describe("deployments", () => {
  it("creates a deployment of the SHA with auto_merge off and no required contexts", async () => {
    const sha = mainTip();
    // A failing check on the commit would stop a deployment with GitHub's default contexts.
    await octokit.rest.checks.create({
      owner: "acme",
      repo: "platform",
      name: "ci/lint",
      head_sha: sha,
      status: "completed",
      conclusion: "failure",
    });
    const id = await port().createDeployment(input(sha, "staging"));
    expect(deployment(id)).toMatchObject({
      sha,
      ref: sha,
      environment: "staging",
      productionEnvironment: false,
      payload: { commit: sha, environment: "staging" },
      description: `Deploy ${sha.slice(0, 7)}`,
    });
    const [sent] = fake.requestsTo("POST /repos/{owner}/{repo}/deployments");
    expect(sent?.body).toMatchObject({ auto_merge: false, required_contexts: [], ref: sha });
  });

  it("walks in_progress → success with the environment URL; the earlier success becomes inactive", async () => {
    const github = port();
    const first = await github.createDeployment(input(mainTip()));
    await github.setDeploymentStatus(first, "in_progress", { description: "applying" });
    await github.setDeploymentStatus(first, "success", {
      description: "deployed",
      environmentUrl: "https://churn.example.com",
      logUrl: "https://slipway.example.com/runs/1",
    });
    const next = fake.commit("acme", "platform", "main", { "models/x.yaml": "kind: Model\n" });
    const second = await github.createDeployment(input(next));
    await github.setDeploymentStatus(second, "in_progress", { description: "applying" });
    expect(deployment(first)?.statuses.at(-1)?.state).toBe("success");
    await github.setDeploymentStatus(second, "success", { description: "deployed" });
    expect(deployment(first)?.statuses.map((s) => s.state)).toEqual(["in_progress", "success", "inactive"]);
    expect(deployment(second)?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(deployment(first)?.statuses[1]).toMatchObject({
      environmentUrl: "https://churn.example.com",
      logUrl: "https://slipway.example.com/runs/1",
    });
  });

  it("cuts descriptions to GitHub's 140 characters with an ellipsis", async () => {
    const github = port();
    const long = "ü".repeat(300);
    const id = await github.createDeployment({ ...input(mainTip()), description: long });
    await github.setDeploymentStatus(id, "failure", { description: long });
    await github.setDeploymentStatus(id, "error", { description: "x".repeat(140) });
    const [failure, error] = deployment(id)?.statuses ?? [];
    expect([...(failure?.description ?? "")]).toHaveLength(140);
    expect(failure?.description).toBe(`${"ü".repeat(139)}…`);
    expect(deployment(id)?.description).toBe(`${"ü".repeat(139)}…`);
    expect(error?.description).toBe("x".repeat(140));
  });

  it("never sends a token in a description, URL, payload or comment", async () => {
    const { token } = (await octokit.auth({ type: "installation" })) as { token: string };
    const github = port(["s3cr3t-password"]);
    const leak = `failed with ${token} (Bearer abcdefghijkl) s3cr3t-password`;
    const id = await github.createDeployment({
      ...input(mainTip()),
      description: leak,
      payload: { note: leak },
    });
    await github.setDeploymentStatus(id, "failure", {
      description: leak,
      logUrl: `https://x-access-token:${token}@logs.example.com/run/1`,
    });
    await github.comment(12, `Deploy failed: ${leak}`);
    const written = JSON.stringify({
      deployments: fake.deployments("acme", "platform").map(({ repo: _, ...d }) => d),
      comments: fake.comments("acme", "platform", 12).map((c) => c.body),
    });
    expect(written).not.toContain(token);
    expect(written).not.toContain("abcdefghijkl");
    expect(written).not.toContain("s3cr3t-password");
    expect(written).toContain("https://***@logs.example.com/run/1");
    expect(fake.comments("acme", "platform", 12)[0]?.body).toBe(
      "Deploy failed: failed with *** (Bearer ***) ***",
    );
  });
});

describe("commit order", () => {
  it("answers ahead, behind, identical and diverged from the commit graph", async () => {
    const github = port();
    const a = mainTip();
    const b = fake.commit("acme", "platform", "main", { "b.txt": "b\n" });
    const side = fake.commit("acme", "platform", "side", { "s.txt": "s\n" }, { from: "main" });
    const c = fake.commit("acme", "platform", "main", { "c.txt": "c\n" });
    expect(await github.compareCommits(a, c)).toBe("ahead");
    expect(await github.compareCommits(c, a)).toBe("behind");
    expect(await github.compareCommits(b, b)).toBe("identical");
    expect(await github.compareCommits(c, side)).toBe("diverged");
  });

  it("treats unrelated histories as diverged and an unknown SHA as a located fault", async () => {
    const state = fake.state.repo("acme", "platform");
    const { writeCommit, writeTree } = await import("../fakes/github/git-objects.ts");
    if (!state) throw new Error("no repo");
    const orphan = writeCommit(state.objects, writeTree(state.objects, new Map()), [], "orphan", new Date(0));
    expect(await port().compareCommits(mainTip(), orphan)).toBe("diverged");
    const unknown = "b".repeat(40);
    const error = await port()
      .compareCommits(mainTip(), unknown)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubCallFault);
    expect((error as GitHubCallFault).message).toBe(
      `comparing ${mainTip().slice(0, 12)} with bbbbbbbbbbbb: GitHub answered HTTP 404: Not Found`,
    );
    expect(describeFault(error)).toContain("HTTP 404");
  });
});

describe("checks, merged pull requests and comments", () => {
  it("reads the conclusion of this app's newest run of a check, ignoring other apps", async () => {
    const github = port();
    const sha = fake.pull("acme", "platform", 12).headSha;
    expect(await github.checkConclusion(sha, "slipway/gates")).toBeNull();
    const post = (conclusion: "failure" | "success") =>
      octokit.rest.checks.create({
        owner: "acme",
        repo: "platform",
        name: "slipway/gates",
        head_sha: sha,
        status: "completed",
        conclusion,
      });
    await post("failure");
    expect(await github.checkConclusion(sha, "slipway/gates")).toBe("failure");
    await post("success");
    const [mine] = fake.checkRuns("acme", "platform", sha);
    if (!mine) throw new Error("no run");
    // A newer run of the same name by another app must not count.
    fake.state.checkRuns.push({ ...mine, id: fake.state.nextId(), appId: 1, conclusion: "failure" });
    expect(await github.checkConclusion(sha, "slipway/gates")).toBe("success");
    expect(await github.checkConclusion(sha, "slipway/validate")).toBeNull();
  });

  it("names only the pull request whose merge commit is the SHA", async () => {
    const github = port();
    const head = fake.pull("acme", "platform", 12).headSha;
    const direct = fake.commit("acme", "platform", "main", { "d.txt": "d\n" });
    const merge = fake.mergePullRequest("acme", "platform", 12);
    expect(await github.pullsForCommit(merge)).toEqual([12]);
    // GitHub lists #12 for its head commit too; that commit was not what the push deployed.
    expect(await github.pullsForCommit(head)).toEqual([]);
    expect(await github.pullsForCommit(direct)).toEqual([]);
    const squash = fake.openPullRequest({
      owner: "acme",
      repo: "platform",
      number: 13,
      files: { "e.txt": "e\n" },
    });
    const squashed = fake.mergePullRequest("acme", "platform", squash.number, { method: "squash" });
    expect(await github.pullsForCommit(squashed)).toEqual([13]);
  });

  it("posts a plain comment, cut to GitHub's size limit when the report is larger", async () => {
    const github = port();
    await github.comment(12, "## Deployed\n\nstaging ✔");
    await github.comment(12, "y".repeat(70_000));
    const [small, big] = fake.comments("acme", "platform", 12);
    expect(small?.body).toBe("## Deployed\n\nstaging ✔");
    expect([...(big?.body ?? "")].length).toBeLessThanOrEqual(65_536);
    expect(big?.body).toMatch(/cut to GitHub's comment size limit\)$/);
  });

  it("turns GitHub failures into faults naming the operation, without the token", async () => {
    fake.failNext("POST /repos/{owner}/{repo}/deployments", 502, 10);
    const error = await port()
      .createDeployment(input(mainTip()))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubCallFault);
    expect(error).toMatchObject({ status: 502, operation: expect.stringContaining("production deployment") });
    expect(describeFault(error)).toBe("GitHub failed to answer (HTTP 502) after retries.");
    const missing = await port()
      .comment(99, "report")
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({
      status: 404,
      message: "commenting on pull request #99: GitHub answered HTTP 404: Not Found",
    });
  });
});
