import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scenario } from "../evidence/scenario.ts";
import type { FakeGitHub } from "../fakes/fake-github.ts";
import type { FakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { type RunningServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployE2E, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

// Issue 9 end to end through the real server: PR → gates → merge → staging → approval → production →
// alias moved → deployment success, with the environment state kept in the clusters.
describe("end to end: merge-to-deploy", () => {
  let e2e: DeployE2E;
  let github: FakeGitHub;
  let server: RunningServer;
  let mlflow: Scenario;
  let clusters: Record<string, FakeKubernetes>;

  beforeAll(async () => {
    e2e = await startDeployE2E();
    ({ github, server, mlflow, clusters } = e2e);
  });
  afterAll(async () => {
    expect(await e2e.close()).toBe(0);
  });

  const replies = (login: string) =>
    github
      .comments(OWNER, REPO, 1)
      .filter((c) => c.body.startsWith(`@${login} `))
      .map((c) => c.body);
  const reports = () => github.comments(OWNER, REPO, 1).map((c) => c.body);
  const latest = (environment: string) =>
    github.deployments(OWNER, REPO, environment).map((d) => d.statuses.map((s) => s.state));

  it("deploys staging on merge, production after a declared approver's /slipway approve, and moves the alias last", async () => {
    const head = await templateFiles();
    const pull = github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      user: "alice",
      files: { "models/fraud-detection.yaml": head["models/fraud-detection.yaml"] ?? "" },
    });
    await github.deliver(
      server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, 1, "opened"),
    );
    await until(
      () =>
        github
          .checkRuns(OWNER, REPO, pull.headSha)
          .some((r) => r.name === "slipway/gates" && r.conclusion === "success"),
      "the gates",
    );
    await untilIdle(server);

    const before = github.pull(OWNER, REPO, 1).baseSha;
    const merge = github.mergePullRequest(OWNER, REPO, 1);
    await github.deliver(
      server.webhookUrl,
      "push",
      github.pushEvent(OWNER, REPO, { ref: "main", before, after: merge }),
    );
    await until(
      () => reports().some((b) => b.includes("**production** waits for approval")),
      "staging, then the wait",
      60_000,
    );
    expect(latest("staging")).toEqual([["in_progress", "success"]]);
    expect(clusters.staging?.objects("InferenceService")).toHaveLength(1);
    expect(clusters.production?.objects("InferenceService")).toHaveLength(0);
    // The environment state and the inventory live in the cluster, beside each other.
    const configMaps = (clusters.staging?.objects("ConfigMap") ?? []).map((o) => o.metadata.name);
    expect(configMaps).toEqual(
      expect.arrayContaining(["slipway-inventory-staging", "slipway-state-staging"]),
    );

    // The author cannot approve; someone who is not a declared approver cannot either.
    for (const [user, refusal] of [
      ["alice", "the author of a pull request cannot approve its deploy"],
      ["dave", "only a declared approver of `production` (@carol) can approve"],
    ] as const) {
      const c = github.addComment(OWNER, REPO, 1, { user, body: "/slipway approve" });
      await github.deliver(server.webhookUrl, "issue_comment", github.issueCommentEvent(OWNER, REPO, c.id));
      await until(() => replies(user).some((b) => b.includes(refusal)), `${user}'s refusal`);
    }
    expect(latest("production")).toEqual([]);

    const approval = github.addComment(OWNER, REPO, 1, { user: "carol", body: "/slipway approve" });
    await github.deliver(
      server.webhookUrl,
      "issue_comment",
      github.issueCommentEvent(OWNER, REPO, approval.id),
    );
    await until(
      () => latest("production").some((s) => s.includes("success")),
      "the production deploy",
      60_000,
    );
    expect(latest("production")).toEqual([["in_progress", "success"]]);
    const status = github.deployments(OWNER, REPO, "production")[0]?.statuses.at(-1);
    expect(status?.environmentUrl).toBe("https://production.models.example");
    const registered = await mlflow.tracker.getRegisteredModel("fraud-detection");
    expect(registered.aliases.find((a) => a.alias === "champion")?.version).toBe("7");
    await until(() => reports().some((b) => b.includes("has reached every environment")), "the final report");

    // A repeated push of the same commit writes nothing.
    await untilIdle(server);
    const patches = clusters.production?.counts().patch;
    await github.deliver(
      server.webhookUrl,
      "push",
      github.pushEvent(OWNER, REPO, { ref: "main", before, after: merge }),
    );
    await untilIdle(server);
    expect(clusters.production?.counts().patch).toBe(patches);
    expect(github.deployments(OWNER, REPO)).toHaveLength(2);
  }, 180_000);

  it("applies an open pull request to staging before merge, locked to it until /slipway unlock; never production", async () => {
    await untilIdle(server);
    const model = ((await templateFiles())["models/fraud-detection.yaml"] ?? "").replace(
      "max: 10",
      "max: 12",
    );
    const pull = github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 2,
      user: "bob",
      files: { "models/fraud-detection.yaml": model },
    });
    await github.deliver(
      server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, 2, "opened"),
    );
    const sticky = () =>
      github.comments(OWNER, REPO, 2).find((c) => c.body.includes("<!-- slipway:sticky -->"));
    await until(() => sticky()?.body.includes(pull.headSha.slice(0, 7)) ?? false, "the review of #2");
    await untilIdle(server);
    const replies2 = (login: string) =>
      github
        .comments(OWNER, REPO, 2)
        .filter((c) => c.body.startsWith(`@${login} `))
        .map((c) => c.body);
    const say = async (user: string, body: string) => {
      const c = github.addComment(OWNER, REPO, 2, { user, body });
      await github.deliver(server.webhookUrl, "issue_comment", github.issueCommentEvent(OWNER, REPO, c.id));
    };

    await say("carol", "/slipway apply production");
    await until(() => replies2("carol").length === 1, "the refusal for production");
    expect(replies2("carol")[0]).toContain("production");

    // A plan hash that is not the plan computed now is refused, and nothing is written.
    const writes = () =>
      (clusters.staging?.requests ?? []).filter(
        (r) => r.verb === "patch" && !["configmaps", "leases"].includes(r.resource ?? ""),
      ).length;
    const before = writes();
    await say("carol", `/slipway apply staging --plan sha256:${"0".repeat(64)}`);
    await until(() => replies2("carol").length === 2, "the refusal of a stale plan");
    expect(replies2("carol")[1]).toContain("but the plan computed now is");
    await untilIdle(server);
    expect(writes()).toBe(before);

    await say("carol", "/slipway apply staging");
    await until(() => replies2("carol").some((b) => b.includes("locked to this pull request")), "the apply");
    const maxReplicas = () =>
      JSON.stringify(clusters.staging?.objects("InferenceService")[0] ?? {}).includes('"maxReplicas":12');
    await until(maxReplicas, "staging to run the pull request's head", 60_000);
    await untilIdle(server);
    const state = clusters.staging
      ?.objects("ConfigMap")
      .find((o) => o.metadata.name === "slipway-state-staging");
    expect(JSON.stringify(state)).toContain('\\"pr\\":2');

    // Another pull request merged meanwhile waits in line behind the lock.
    const monitor = ((await templateFiles())["monitors/fraud-detection-drift.yaml"] ?? "").replace(
      'schedule: "0 6 * * 1"',
      'schedule: "30 5 * * *"',
    );
    github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 3,
      user: "bob",
      files: { "monitors/fraud-detection-drift.yaml": monitor },
    });
    const tip = github.branchHead(OWNER, REPO, "main") ?? "";
    const merge3 = github.mergePullRequest(OWNER, REPO, 3);
    await github.deliver(
      server.webhookUrl,
      "push",
      github.pushEvent(OWNER, REPO, { ref: "main", before: tip, after: merge3 }),
    );
    const on3 = () => github.comments(OWNER, REPO, 3).map((c) => c.body);
    await until(
      () => on3().some((b) => b.includes("`staging` is locked to #2 (applied before merge by @carol)")),
      "#3's deploy waiting behind the lock",
    );
    expect(github.deployments(OWNER, REPO, "staging").filter((d) => d.sha === merge3)).toEqual([]);
    // It is told what it waits behind, never that it is deploying.
    expect(on3().filter((b) => b.startsWith("🚀"))).toEqual([]);

    await say("carol", "/slipway unlock");
    await until(() => replies2("carol").some((b) => b.includes("unlocked `staging`")), "the unlock");
    // Unlocked, the queued deploy runs: staging is git's again, with #3's change.
    await until(
      () =>
        github
          .deployments(OWNER, REPO, "staging")
          .some((d) => d.sha === merge3 && d.statuses.some((st) => st.state === "success")),
      "#3's deploy after the unlock",
      60_000,
    );
    const cron = clusters.staging
      ?.objects("CronJob")
      .find((o) => o.metadata.name.startsWith("slipway-monitor-"));
    expect(JSON.stringify(cron)).toContain("30 5 * * *");
    expect(maxReplicas()).toBe(false);
  }, 240_000);
});
