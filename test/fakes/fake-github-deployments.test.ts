import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.ts";
import { installationOctokit, statusOf } from "./github-client.ts";

let fake: FakeGitHub;
let sha: string;
const repo = { owner: "acme", repo: "platform" };

beforeEach(async () => {
  fake = await startFakeGitHub();
  fake.addRepo({ owner: "acme", name: "platform", files: { "README.md": "# platform\n" } });
  sha = fake.commit("acme", "platform", "main", { "models/churn.yaml": "kind: Model\n" });
});

afterEach(async () => {
  await fake.close();
});

/** Creates a deployment; a 202 (auto-merge) answer fails the call, so `data` is a deployment. */
async function deploy(environment: string, at = sha, extra: Record<string, unknown> = {}) {
  const response = await installationOctokit(fake).rest.repos.createDeployment({
    ...repo,
    ref: at,
    environment,
    auto_merge: false,
    required_contexts: [],
    ...extra,
  });
  if (!("id" in response.data)) throw new Error(`no deployment: ${response.data.message}`);
  return { status: response.status, data: response.data };
}

const status = (
  id: number,
  state: "success" | "failure" | "in_progress",
  extra: Record<string, unknown> = {},
) =>
  installationOctokit(fake).rest.repos.createDeploymentStatus({
    ...repo,
    deployment_id: id,
    state,
    ...extra,
  });

async function finishedCheck(name: string, conclusion: string | null) {
  await installationOctokit(fake).rest.checks.create({
    ...repo,
    name,
    head_sha: sha,
    ...(conclusion ? { status: "completed", conclusion } : { status: "in_progress" }),
  } as never);
}

describe("creating deployments", () => {
  it("answers 201 with GitHub's deployment shape, created by the app's bot", async () => {
    const { status: code, data } = await deploy("production", sha, {
      payload: { commit: sha, models: ["churn"] },
      description: "Deploy churn v7",
    });
    expect(code).toBe(201);
    expect(data).toMatchObject({
      sha,
      ref: sha,
      task: "deploy",
      environment: "production",
      original_environment: "production",
      description: "Deploy churn v7",
      payload: { commit: sha, models: ["churn"] },
      production_environment: true,
      transient_environment: false,
      creator: { login: "slipway[bot]", type: "Bot" },
      performed_via_github_app: { id: fake.appId },
      url: `${fake.apiUrl}/repos/acme/platform/deployments/${data.id}`,
      statuses_url: `${fake.apiUrl}/repos/acme/platform/deployments/${data.id}/statuses`,
    });
    const { data: staging } = await deploy("staging");
    expect(staging.production_environment).toBe(false);
    expect(fake.deployments("acme", "platform").map((d) => d.environment)).toEqual(["production", "staging"]);
  });

  it("refuses with 409 when a check on the commit did not pass, unless required_contexts is []", async () => {
    await finishedCheck("slipway/validate", "success");
    await finishedCheck("ci/lint", "failure");
    const all = await statusOf(deploy("production", sha, { required_contexts: undefined }));
    expect(all).toMatchObject({
      status: 409,
      message: `Conflict: Commit status checks failed for ${sha}.`,
      body: {
        errors: [
          {
            resource: "Deployment",
            field: "required_contexts",
            code: "invalid",
            contexts: [{ context: "ci/lint", state: "failure" }],
          },
        ],
      },
    });
    const named = await statusOf(deploy("production", sha, { required_contexts: ["ci/lint", "ci/e2e"] }));
    expect((named.body as { errors: { contexts: unknown }[] }).errors[0]?.contexts).toEqual([
      { context: "ci/lint", state: "failure" },
      { context: "ci/e2e", state: "pending" },
    ]);
    expect((await deploy("production", sha, { required_contexts: ["slipway/validate"] })).status).toBe(201);
    expect((await deploy("production")).status).toBe(201);
    expect(fake.deployments("acme", "platform")).toHaveLength(2);
  });

  it("counts a check still running as pending", async () => {
    await finishedCheck("slipway/validate", null);
    const refused = await statusOf(deploy("production", sha, { required_contexts: undefined }));
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('"state":"pending"');
  });

  it("rejects a missing or unknown ref and a mistyped payload with 422", async () => {
    const octokit = installationOctokit(fake);
    expect(await statusOf(deploy("production", "no-such-branch"))).toMatchObject({
      status: 422,
      message: "No ref found for: no-such-branch",
    });
    const missing = await statusOf(
      octokit.request("POST /repos/{owner}/{repo}/deployments", { ...repo, environment: "x" } as never),
    );
    expect(missing).toMatchObject({ status: 422, message: `Invalid request.\n\n"ref" wasn't supplied.` });
    const payload = await statusOf(deploy("production", sha, { payload: 5 }));
    expect(payload.status).toBe(422);
    expect(fake.deployments("acme", "platform")).toEqual([]);
  });

  it("auto_merge (GitHub's default) merges the default branch into a branch behind it and answers 202", async () => {
    const topic = fake.commit("acme", "platform", "topic", { "models/uplift.yaml": "kind: Model\n" });
    const mainTip = fake.commit("acme", "platform", "main", { "models/fraud.yaml": "kind: Model\n" });
    const octokit = installationOctokit(fake);
    const merged = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: "topic",
      required_contexts: [],
    });
    expect(merged.status).toBe(202);
    expect(merged.data).toEqual({ message: "Auto-merged main into topic on deployment." });
    const { data: tip } = await octokit.rest.repos.getCommit({ ...repo, ref: "topic" });
    expect(tip.parents.map((p) => p.sha)).toEqual([topic, mainTip]);
    expect(fake.deployments("acme", "platform")).toEqual([]);
    // Up to date now, the same request deploys.
    const again = await octokit.rest.repos.createDeployment({ ...repo, ref: "topic", required_contexts: [] });
    expect(again.status).toBe(201);
  });

  it("auto_merge answers 409 on a merge conflict, and auto_merge: false deploys the branch as it is", async () => {
    const topic = fake.commit("acme", "platform", "topic", { "README.md": "topic\n" });
    fake.commit("acme", "platform", "main", { "README.md": "main\n" });
    const octokit = installationOctokit(fake);
    const conflict = await statusOf(
      octokit.rest.repos.createDeployment({ ...repo, ref: "topic", required_contexts: [] }),
    );
    expect(conflict).toMatchObject({ status: 409, message: "Conflict merging main into topic." });
    const { data } = await deploy("staging", "topic");
    expect(data).toMatchObject({ sha: topic, ref: "topic" });
  });

  it("is invisible to a repository the app is not installed on", async () => {
    fake.addRepo({ owner: "acme", name: "other", installed: false });
    const octokit = installationOctokit(fake);
    const refused = await statusOf(
      octokit.rest.repos.createDeployment({
        owner: "acme",
        repo: "other",
        ref: "main",
        required_contexts: [],
      }),
    );
    expect(refused.status).toBe(404);
  });
});

describe("deployment statuses", () => {
  it("answers 201 with the status shape; log_url and target_url carry the same link", async () => {
    const { data: d } = await deploy("production");
    const { status: code, data } = await status(d.id, "success", {
      description: "Deployed churn v7",
      environment_url: "https://churn.example.com",
      log_url: "https://slipway.example.com/log/1",
    });
    expect(code).toBe(201);
    expect(data).toMatchObject({
      state: "success",
      description: "Deployed churn v7",
      environment: "production",
      environment_url: "https://churn.example.com",
      log_url: "https://slipway.example.com/log/1",
      target_url: "https://slipway.example.com/log/1",
      creator: { login: "slipway[bot]" },
      deployment_url: d.url,
    });
    const { data: one } = await installationOctokit(fake).rest.repos.getDeploymentStatus({
      ...repo,
      deployment_id: d.id,
      status_id: data.id,
    });
    expect(one.id).toBe(data.id);
  });

  it("accepts 140 characters of description and rejects 141 with 422, counting characters", async () => {
    const { data: d } = await deploy("production");
    expect((await status(d.id, "in_progress", { description: "é".repeat(140) })).status).toBe(201);
    const refused = await statusOf(status(d.id, "in_progress", { description: "é".repeat(141) }));
    expect(refused).toMatchObject({
      status: 422,
      message: "Validation Failed",
      body: { errors: [{ resource: "DeploymentStatus", field: "description", code: "custom" }] },
    });
    expect(fake.deployments("acme", "platform")[0]?.statuses).toHaveLength(1);
  });

  it("rejects an unknown state and an unknown deployment", async () => {
    const { data: d } = await deploy("production");
    const bad = await statusOf(status(d.id, "done" as never));
    expect(bad.status).toBe(422);
    expect(bad.message).toContain(`"done" is not one of`);
    expect((await statusOf(status(999_999, "success"))).status).toBe(404);
  });

  it("auto_inactive: a success makes earlier successful deployments of the same environment inactive", async () => {
    const { data: first } = await deploy("production");
    await status(first.id, "success");
    const { data: staging } = await deploy("staging");
    await status(staging.id, "success");
    const { data: failed } = await deploy("production");
    await status(failed.id, "failure");
    const { data: second } = await deploy("production");
    await status(second.id, "in_progress");
    const octokit = installationOctokit(fake);
    const states = async (id: number) =>
      (await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id })).data.map(
        (s) => s.state,
      );
    expect(await states(first.id)).toEqual(["success"]);
    await status(second.id, "success");
    // Newest first, as GitHub lists them.
    expect(await states(first.id)).toEqual(["inactive", "success"]);
    expect(await states(failed.id)).toEqual(["failure"]);
    expect(await states(staging.id)).toEqual(["success"]);
    expect(await states(second.id)).toEqual(["success", "in_progress"]);
    const inactive = fake.deployments("acme", "platform", "production")[0]?.statuses.at(-1);
    expect(inactive).toMatchObject({ state: "inactive", viaApp: false });
  });

  it("leaves earlier deployments active with auto_inactive: false, and transient ones always", async () => {
    const { data: kept } = await deploy("production");
    await status(kept.id, "success");
    const { data: transient } = await deploy("production", sha, { transient_environment: true });
    await status(transient.id, "success", { auto_inactive: false });
    const { data: latest } = await deploy("production");
    await status(latest.id, "success", { auto_inactive: false });
    const last = (id: number) =>
      fake
        .deployments("acme", "platform")
        .find((d) => d.id === id)
        ?.statuses.at(-1);
    expect(last(kept.id)?.state).toBe("success");
    await status(latest.id, "success");
    expect(last(kept.id)?.state).toBe("inactive");
    expect(last(transient.id)?.state).toBe("success");
  });

  it("moves a deployment to another environment when a status names one", async () => {
    const { data: d } = await deploy("review");
    await status(d.id, "in_progress", { environment: "staging" });
    const { data } = await installationOctokit(fake).rest.repos.getDeployment({
      ...repo,
      deployment_id: d.id,
    });
    expect(data).toMatchObject({ environment: "staging", original_environment: "review" });
  });
});

describe("listing deployments", () => {
  it("filters by sha, ref and environment, newest first", async () => {
    const later = fake.commit("acme", "platform", "main", { "models/fraud.yaml": "kind: Model\n" });
    const a = (await deploy("staging")).data.id;
    const b = (await deploy("production")).data.id;
    const c = (await deploy("staging", later)).data.id;
    const d = (await deploy("staging", "main")).data.id;
    const octokit = installationOctokit(fake);
    const ids = async (filter: Record<string, string>) =>
      (await octokit.rest.repos.listDeployments({ ...repo, ...filter })).data.map((x) => x.id);
    expect(await ids({})).toEqual([d, c, b, a]);
    expect(await ids({ environment: "staging" })).toEqual([d, c, a]);
    expect(await ids({ sha: later })).toEqual([d, c]);
    expect(await ids({ ref: "main" })).toEqual([d]);
    expect(await ids({ environment: "qa" })).toEqual([]);
  });

  it("pages with GitHub's Link header, so Octokit's paginate collects every deployment", async () => {
    const created: number[] = [];
    for (let i = 0; i < 5; i++) created.push((await deploy("production")).data.id);
    const octokit = installationOctokit(fake);
    const first = await octokit.rest.repos.listDeployments({ ...repo, per_page: 2 });
    expect(first.data.map((x) => x.id)).toEqual([created[4], created[3]]);
    expect(first.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.repos.listDeployments, { ...repo, per_page: 2 });
    expect(all.map((x) => x.id)).toEqual([...created].reverse());
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/deployments")).toHaveLength(4);
  });
});
