import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../fakes/fake-github.ts";
import type { FakeKfp } from "../fakes/kfp/fake.ts";
import { until } from "../helpers/slipway-server.ts";
import { type DeployE2E, KFP_TOKEN, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

// Issue #18 end to end through the real `slipway serve`: `/slipway retrain` on an issue is refused to
// a writer who does not own the model; jdoe (an owner) starts exactly one run — a redelivered comment
// starts nothing more — and the tracking comment follows it to "succeeded" (polled every second here),
// with the MLflow run KFP's plugin reported.
describe("end to end: /slipway retrain", () => {
  let e2e: DeployE2E;
  let github: FakeGitHub;
  let kfp: FakeKfp;
  let issue = 0;

  beforeAll(async () => {
    e2e = await startDeployE2E({ SLIPWAY_PIPELINE_POLL_INTERVAL_SECONDS: "1" });
    ({ github, kfp } = e2e);
    github.setPermission(OWNER, REPO, "jdoe", "write");
    github.setPermission(OWNER, REPO, "mallory", "write");
    issue = github.addIssue(OWNER, REPO, {
      title: "Retrain on last month's fraud labels",
      user: "jdoe",
    }).number;
  }, 60_000);
  afterAll(async () => {
    expect(await e2e.close()).toBe(0);
  });

  const bodies = () => github.comments(OWNER, REPO, issue).map((c) => c.body);
  const tracking = () => bodies().find((b) => b.includes("<!-- slipway:pipeline-run -->")) ?? "";
  const comment = async (user: string, body: string) => {
    const c = github.addComment(OWNER, REPO, issue, { user, body });
    await github.deliver(e2e.server.webhookUrl, "issue_comment", github.issueCommentEvent(OWNER, REPO, c.id));
    return c;
  };

  it("is refused to a writer who does not own the model, and nothing runs", async () => {
    await comment("mallory", "/slipway retrain fraud-detection-retrain");
    await until(() => bodies().some((b) => b.startsWith("@mallory ")), "the reply to mallory");
    expect(bodies().find((b) => b.startsWith("@mallory "))).toBe(
      "@mallory only an owner of `fraud-detection` (@acme/fraud-ml, @jdoe) can retrain `fraud-detection-retrain`; nothing was started.",
    );
    expect(kfp.runs()).toEqual([]);
    // Other commands belong to pull requests; on an issue they are answered, not run.
    await comment("jdoe", "/slipway plan");
    await until(() => bodies().some((b) => b.startsWith("@jdoe ")), "the reply to jdoe");
    expect(bodies().find((b) => b.startsWith("@jdoe "))).toBe(
      "@jdoe `/slipway plan` works on pull requests; on an issue, `/slipway retrain` and `/slipway help` do.",
    );
  });

  it("starts one run for an owner, and its tracking comment reaches succeeded", async () => {
    const c = await comment("jdoe", "/slipway retrain fraud-detection-retrain --param learning_rate=0.1");
    await until(() => tracking().includes("pending"), "the tracking comment", 30_000);
    expect(kfp.runs()).toHaveLength(1);
    const run = kfp.runs()[0];
    expect(run?.runtime_config.parameters.learning_rate).toBe(0.1);
    expect(run?.namespace).toBe("ml-platform");
    expect(tracking()).toContain(`/#/runs/details/${run?.run_id}`);
    // GitHub may deliver the same comment twice: it starts nothing more.
    await github.deliver(e2e.server.webhookUrl, "issue_comment", github.issueCommentEvent(OWNER, REPO, c.id));
    const id = run?.run_id as string;
    kfp.setRunState(id, "RUNNING");
    await until(
      () => tracking().includes("🔄 **Retrain `fraud-detection-retrain`: running**"),
      "running",
      30_000,
    );
    kfp.linkMlflowRun(id, {
      runId: "9b1c2d3e4f5061728394a5b6c7d8e9f0",
      experimentId: "12",
      runUrl: "https://mlflow.example/#/experiments/12/runs/9b1c2d3e4f5061728394a5b6c7d8e9f0",
    });
    kfp.setRunState(id, "SUCCEEDED");
    await until(
      () => tracking().includes("✅ **Retrain `fraud-detection-retrain`: succeeded**"),
      "succeeded",
      30_000,
    );
    expect(tracking()).toContain("MLflow run: [`9b1c2d3e4f5061728394a5b6c7d8e9f0`](https://mlflow.example/");
    expect(kfp.runs()).toHaveLength(1);
    expect(bodies().filter((b) => b.includes("<!-- slipway:pipeline-run -->"))).toHaveLength(1);
    for (const body of bodies()) expect(body).not.toContain(KFP_TOKEN);
  }, 90_000);
});
