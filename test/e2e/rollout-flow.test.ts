import { afterEach, describe, expect, it } from "vitest";
import { type FakePrometheus, startFakePrometheus } from "../fakes/prometheus/fake.ts";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployE2E, mergePull, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

const PROM_TOKEN = "prom-e2e-token-0123456789abcdef";

type Isvc = {
  spec: { predictor: { model: { storageUri: string } }; canary?: { trafficPercent: number }[] };
};

/** The template at version 7 walking 10% then 50%, each for `interval`, checked on its error rate. */
async function rolloutModel(interval: string): Promise<string> {
  const head = await templateFiles();
  return (head["models/fraud-detection.yaml"] ?? "").replace(
    "    canary:\n      percent: 10\n",
    `    canary:
      steps: [10, 50]
      interval: ${interval}
      analysis:
        checks:
          - name: error-rate
            query: sum(rate(errors_total{namespace="{{namespace}}",track="{{track}}"}[{{interval}}]))
            vs: stable
            maxIncrease: 0.005
`,
  );
}

interface RolloutE2E {
  e2e: DeployE2E;
  prom: FakePrometheus;
  isvc: (environment?: "staging" | "production") => Isvc | undefined;
  comments: (pr: number) => string[];
  deployments: (environment: string) => string[][];
}

/**
 * The real server with a fake Prometheus bound as the repository's `metrics` integration, and version 6
 * deployed to staging and production by a first merge (#1), so version 7 has a stable version to be
 * compared with in both.
 */
async function start(env: NodeJS.ProcessEnv = {}): Promise<RolloutE2E> {
  const prom = await startFakePrometheus({ token: PROM_TOKEN });
  const e2e = await startDeployE2E(
    { PROM_TOKEN, SLIPWAY_RECOVERY_INTERVAL_SECONDS: "1", ...env },
    {
      slipwayYml: (text) =>
        text.replace("  pipelines: kubeflow\n", "  pipelines: kubeflow\n  metrics: prometheus\n"),
      configure: (yaml) =>
        `${yaml}      prometheus: { type: prometheus, endpoint: "${prom.url}", token: { env: PROM_TOKEN } }\n`,
    },
  );
  const { github } = e2e;
  const comments = (pr: number) => github.comments(OWNER, REPO, pr).map((c) => c.body);
  await mergePull(e2e, 1, { "README.md": "# ML platform\n" });
  await until(
    () => comments(1).some((b) => b.includes("**production** waits for approval")),
    "v6 in staging",
    60_000,
  );
  const approval = github.addComment(OWNER, REPO, 1, { user: "carol", body: "/slipway approve" });
  await github.deliver(
    e2e.server.webhookUrl,
    "issue_comment",
    github.issueCommentEvent(OWNER, REPO, approval.id),
  );
  await until(
    () => comments(1).some((b) => b.includes("has reached every environment")),
    "v6 in production",
    60_000,
  );
  await untilIdle(e2e.server);
  return {
    e2e,
    prom,
    isvc: (environment = "staging") =>
      e2e.clusters[environment].objects("InferenceService")[0] as unknown as Isvc | undefined,
    comments,
    deployments: (environment) =>
      github.deployments(OWNER, REPO, environment).map((d) => d.statuses.map((s) => s.state)),
  };
}

// Issue #22 end to end through `slipway serve`: canaries verified on live metrics, promoted or rolled back.
describe("end to end: progressive delivery", () => {
  let r: RolloutE2E | undefined;
  afterEach(async () => {
    if (!r) return;
    expect(await r.e2e.close()).toBe(0);
    await r.prom.close();
    r = undefined;
  });

  it("walks every step in staging, then in production after approval, and moves the alias last", async () => {
    r = await start();
    const { e2e, prom } = r;
    prom.answer(() => 0.01);
    await mergePull(e2e, 2, { "models/fraud-detection.yaml": await rolloutModel("1s") });
    await until(
      () => r?.comments(2).some((b) => b.includes("rolled out: `fraud-detection` 7")) ?? false,
      "staging's rollout",
      90_000,
    );
    const staging = r.comments(2).join("\n");
    expect(staging).toContain("step 1 of 2 (10% for 1s)");
    expect(staging).toContain("step 2 of 2 (50% for 1s)");
    expect(staging).toContain("| 0.01 | 0.01 | ≤ stable + 0.005 (0.015) | ✅ pass |");
    expect(r.isvc()?.spec.canary).toBeUndefined();
    expect(r.deployments("staging").at(-1)?.at(-1)).toBe("success");
    const registered = async () =>
      (await e2e.mlflow.tracker.getRegisteredModel("fraud-detection")).aliases.find(
        (a) => a.alias === "champion",
      )?.version;
    expect(await registered()).toBe("6");

    const approval = e2e.github.addComment(OWNER, REPO, 2, { user: "carol", body: "/slipway approve" });
    await e2e.github.deliver(
      e2e.server.webhookUrl,
      "issue_comment",
      e2e.github.issueCommentEvent(OWNER, REPO, approval.id),
    );
    await until(
      () => r?.comments(2).some((b) => b.includes("has reached every environment")) ?? false,
      "production's rollout",
      90_000,
    );
    expect(r.comments(2).filter((b) => b.includes("**production**: rolled out"))).toHaveLength(1);
    expect(r.deployments("production").at(-1)).toEqual(expect.arrayContaining(["in_progress", "success"]));
    expect(await registered()).toBe("7");
    // The stable side was asked too, with the same query.
    expect(prom.queries.map((q) => q.query)).toContain(
      'sum(rate(errors_total{namespace="ml-serving",track="stable"}[1s]))',
    );
  }, 240_000);

  it("rolls back to the stable version when the error rate fails at 50%, and holds the revision", async () => {
    r = await start();
    const { e2e, prom } = r;
    const at50 = () => r?.isvc()?.spec.canary?.[0]?.trafficPercent === 50;
    prom.answer((query) => (query.includes('track="canary"') && at50() ? 0.05 : 0.01));
    await mergePull(e2e, 2, { "models/fraud-detection.yaml": await rolloutModel("1s") });
    await until(() => r?.comments(2).some((b) => b.includes("rolled back")) ?? false, "the rollback", 90_000);
    const said = r.comments(2).find((b) => b.includes("rolled back")) ?? "";
    expect(said).toContain(
      "check `error-rate` failed at step 2 (canary 0.05, stable 0.01, bound ≤ stable + 0.005 (0.015))",
    );
    expect(said).toContain("| 0.05 | 0.01 | ≤ stable + 0.005 (0.015) | ❌ fail |");
    expect(said).toContain("is held");
    expect(r.isvc()?.spec.canary).toBeUndefined();
    expect(JSON.stringify(r.isvc())).not.toContain("fraud-detection/7");
    expect(r.deployments("staging").at(-1)?.at(-1)).toBe("failure");
    expect(r.deployments("production")).toHaveLength(1);
  }, 240_000);

  it("a rollout left by a killed server resumes at its step; the reconcile loop leaves it alone; abort rolls it back", async () => {
    r = await start({ SLIPWAY_RECONCILE_INTERVAL_SECONDS: "0" });
    const { e2e, prom } = r;
    prom.answer(() => 0.01);
    await mergePull(e2e, 2, { "models/fraud-detection.yaml": await rolloutModel("1h") });
    await until(() => r?.isvc()?.spec.canary?.[0]?.trafficPercent === 10, "the first split", 60_000);
    await until(() => r?.comments(2).some((b) => b.includes("rolling out")) ?? false, "the rollout's start");
    expect(await e2e.server.signal("SIGKILL")).toBeNull();

    // The restarted server reconciles every second: it compares staging at its split — in sync, nothing
    // healed — and finds the rollout at step 1 in the same Deployment: nothing re-applied from zero,
    // nothing evaluated before the step's hour is up.
    await e2e.restart({ SLIPWAY_RECONCILE_INTERVAL_SECONDS: "1" });
    const passes = () =>
      (e2e.server.output().match(/"environment":"staging"[^\n]*"outcome":"in-sync"/g) ?? []).length;
    await until(() => passes() > 1, "reconcile passes over staging mid-rollout", 60_000);
    expect(e2e.server.output()).not.toMatch(/"environment":"staging"[^\n]*"outcome":"(healed|drifted)"/);
    expect(r.isvc()?.spec.canary?.[0]?.trafficPercent).toBe(10);
    expect(r.deployments("staging")).toHaveLength(2);
    expect(r.deployments("staging").at(-1)?.at(-1)).toBe("in_progress");
    expect(prom.queries).toHaveLength(0);

    const refused = e2e.github.addComment(OWNER, REPO, 2, {
      user: "dave",
      body: "/slipway rollout abort staging",
    });
    await e2e.github.deliver(
      e2e.server.webhookUrl,
      "issue_comment",
      e2e.github.issueCommentEvent(OWNER, REPO, refused.id),
    );
    await until(
      () =>
        r?.comments(2).some((b) => b.startsWith("@dave ") && b.includes("only a declared approver")) ?? false,
      "dave's refusal",
      60_000,
    );
    const abort = e2e.github.addComment(OWNER, REPO, 2, {
      user: "carol",
      body: "/slipway rollout abort staging",
    });
    await e2e.github.deliver(
      e2e.server.webhookUrl,
      "issue_comment",
      e2e.github.issueCommentEvent(OWNER, REPO, abort.id),
    );
    await until(
      () => r?.comments(2).some((b) => b.includes("rolled back") && b.includes("aborted by @carol")) ?? false,
      "the abort",
      60_000,
    );
    expect(r.isvc()?.spec.canary).toBeUndefined();
    expect(JSON.stringify(r.isvc())).not.toContain("fraud-detection/7");
    expect(r.deployments("staging").at(-1)?.at(-1)).toBe("failure");
  }, 300_000);
});
