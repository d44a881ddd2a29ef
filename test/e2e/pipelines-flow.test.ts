import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../fakes/fake-github.ts";
import type { FakeKfp } from "../fakes/kfp/fake.ts";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployE2E, KFP_TOKEN, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

const PIPELINE = "pipelines/fraud-detection-retrain.yaml";

// Issue #18 end to end through the real `slipway serve`: a merge schedules the template's retrain in
// Kubeflow Pipelines once; a push with the same spec writes nothing there; a changed parameter replaces
// it; a recurring run disabled in KFP is reported as config drift (a one-second reconcile interval here);
// removing the manifest disables it, and the drift issue closes.
describe("end to end: Pipelines as desired state in Kubeflow Pipelines", () => {
  let e2e: DeployE2E;
  let github: FakeGitHub;
  let kfp: FakeKfp;
  let original = "";

  beforeAll(async () => {
    original = (await templateFiles())[PIPELINE] as string;
    // The default branch starts without the Pipeline: the first merge brings it.
    e2e = await startDeployE2E(
      { SLIPWAY_RECONCILE_INTERVAL_SECONDS: "1" },
      { seed: (files) => delete files[PIPELINE] },
    );
    ({ github, kfp } = e2e);
  });
  afterAll(async () => {
    expect(await e2e.close()).toBe(0);
  });

  const jobs = () => [...kfp.state.recurringRuns.values()];
  const said = (pr: number) => github.comments(OWNER, REPO, pr).map((c) => c.body);

  /** Opens, merges and pushes a pull request changing `files` (no review wait: pipelines need none). */
  async function merge(files: Record<string, string | null>): Promise<number> {
    const { number } = github.openPullRequest({ owner: OWNER, repo: REPO, user: "alice", files });
    const before = github.branchHead(OWNER, REPO, "main") ?? "";
    const after = github.mergePullRequest(OWNER, REPO, number);
    await github.deliver(
      e2e.server.webhookUrl,
      "push",
      github.pushEvent(OWNER, REPO, { ref: "main", before, after }),
    );
    return number;
  }

  it("a merge creates the recurring run once, in the binding's namespace, and says so on the pull request", async () => {
    await untilIdle(e2e.server);
    expect(jobs()).toHaveLength(0);
    const pr = await merge({ [PIPELINE]: original.replace("num_leaves: 63", "num_leaves: 64") });
    await until(
      () => said(pr).some((b) => b.startsWith("**Kubeflow Pipelines**")),
      "the sync report",
      60_000,
    );
    expect(jobs()).toHaveLength(1);
    expect(jobs()[0]).toMatchObject({
      display_name: "fraud-detection-retrain (acme/ml-platform)",
      namespace: "ml-platform",
      trigger: { cron_schedule: { cron: "0 0 3 1 * *" } },
      status: "ENABLED",
    });
    expect(kfp.requests.every((r) => r.user === "system:serviceaccount:kubeflow:slipway")).toBe(true);
    expect(said(pr).find((b) => b.startsWith("**Kubeflow Pipelines**"))).toMatch(
      /created the recurring run of `fraud-detection-retrain`: `0 3 1 \* \*` \(KFP `0 0 3 1 \* \*`\)/,
    );
    for (const body of said(pr)) expect(body).not.toContain(KFP_TOKEN);
  }, 90_000);

  it("a push with the same spec writes nothing in KFP", async () => {
    await untilIdle(e2e.server);
    const writes = kfp.writes().length;
    const pr = await merge({ "README.md": "Platform repository.\n" });
    await untilIdle(e2e.server);
    expect(kfp.writes()).toHaveLength(writes);
    expect(said(pr).some((b) => b.startsWith("**Kubeflow Pipelines**"))).toBe(false);
  }, 90_000);

  it("a changed parameter replaces the recurring run with the new value", async () => {
    const before = jobs()[0]?.recurring_run_id;
    const pr = await merge({ [PIPELINE]: original.replace("num_leaves: 63", "num_leaves: 127") });
    await until(
      () => said(pr).some((b) => b.startsWith("**Kubeflow Pipelines**")),
      "the update report",
      60_000,
    );
    expect(said(pr).find((b) => b.startsWith("**Kubeflow Pipelines**"))).toContain(
      "updated the recurring run of `fraud-detection-retrain`: `parameters.num_leaves` 64 → 127",
    );
    expect(jobs()).toHaveLength(1);
    expect(jobs()[0]?.recurring_run_id).not.toBe(before);
    expect(jobs()[0]?.runtime_config.parameters.num_leaves).toBe(127);
  }, 90_000);

  it("a recurring run disabled in KFP is config drift; removing the manifest disables it and clears the issue", async () => {
    const id = jobs()[0]?.recurring_run_id as string;
    // Someone pauses the schedule in the KFP UI.
    await fetch(`${kfp.url}/apis/v2beta1/recurringruns/${id}:disable`, {
      method: "POST",
      headers: {
        "kubeflow-userid": "system:serviceaccount:kubeflow:slipway",
        authorization: `Bearer ${KFP_TOKEN}`,
      },
    });
    const issue = () =>
      github.issues(OWNER, REPO).find((i) => i.title === "Config drift in Kubeflow Pipelines");
    await until(() => issue()?.state === "open", "the Kubeflow Pipelines drift issue", 60_000);
    expect(issue()?.body).toContain("| disabled in KFP |");
    expect(issue()?.body).toContain("`fraud-detection-retrain`");

    const pr = await merge({ [PIPELINE]: null });
    await until(
      () => said(pr).some((b) => b.includes("disabled the recurring run of `fraud-detection-retrain`")),
      "the disable report",
      60_000,
    );
    expect(jobs()).toHaveLength(1);
    expect(jobs()[0]?.status).toBe("DISABLED");
    await until(() => issue()?.state === "closed", "the drift issue closed", 60_000);
  }, 120_000);
});
