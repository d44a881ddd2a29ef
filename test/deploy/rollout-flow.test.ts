import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { breakGlass } from "../../src/workflows/deploy/break-glass.ts";
import { applyCommand } from "../../src/workflows/deploy/lock-commands.ts";
import { recoverDeploys } from "../../src/workflows/deploy/recover-deploys.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { checkRegistryDrift } from "../../src/workflows/loop/registry-drift.ts";
import { detectDrift } from "../../src/workflows/reconcile/detect-drift.ts";
import { COMMIT_A, PR } from "./deploy-harness.ts";
import { COMMIT_C, PROM_TOKEN, type RolloutHarness, startRolloutHarness } from "./rollout-harness.ts";

type Isvc = KubeObject & {
  spec: {
    predictor: { model: { storageUri: string } };
    canary?: { trafficPercent: number; predictor: { model: { storageUri: string } } }[];
  };
};

const isvc = (h: RolloutHarness) => h.clusters.staging.fake.objects("InferenceService")[0] as Isvc;
const texts = (h: RolloutHarness) => h.reports.map((r) => r.text);

async function startRollout(h: RolloutHarness) {
  await advanceDeploy(h.ports, { commit: COMMIT_C, branch: "main", pr: PR });
  await drainEnvironment(h.ports, "staging", h.options);
}

/** What a restarted executor does at its start and on its interval: evaluate what came due. */
const tick = (h: RolloutHarness) => recoverDeploys(h.ports, h.options);

// Issue #22: the executor walks a Model's canary steps on live metrics, then promotes or rolls back.
describe("a rollout walked by the executor", () => {
  let h: RolloutHarness;
  beforeEach(async () => {
    h = await startRolloutHarness();
  });
  afterEach(() => h.close());

  it("passes every step, takes all traffic, then moves on to production", async () => {
    await startRollout(h);
    const stable = isvc(h).spec.predictor.model.storageUri;
    expect(isvc(h).spec.canary?.[0]?.trafficPercent).toBe(10);
    const state = await h.store.readState("staging");
    expect(state).toMatchObject({ phase: "verifying", appliedCommit: COMMIT_C });
    expect(state.rollout?.models).toMatchObject([{ model: "fraud-detection", step: 0, version: "7" }]);
    expect(texts(h).at(-1)).toContain("rolling out");
    // Not complete: production is not announced while staging rolls out.
    expect(texts(h).join("\n")).not.toContain("production");
    // A repeated push (or an approval) while staging rolls out does not move the commit on either.
    expect(await advanceDeploy(h.ports, { commit: COMMIT_C, branch: "main", pr: PR })).toMatchObject({
      kind: "enqueued",
      environment: "staging",
    });
    await drainEnvironment(h.ports, "staging", h.options);
    expect(texts(h).at(-1)).toContain("is under way (`fraud-detection` at step 1)");
    expect(await h.store.list("production", ["queued"])).toHaveLength(0);

    // Before the step's interval ends, nothing is evaluated.
    h.clock.advance(30);
    await tick(h);
    expect(h.prom.queries).toHaveLength(0);

    h.clock.advance(30);
    await tick(h);
    expect(isvc(h).spec.canary?.[0]?.trafficPercent).toBe(50);
    expect(isvc(h).spec.predictor.model.storageUri).toBe(stable);
    const queries = h.prom.queries.map((q) => q.query);
    expect(queries).toContain(
      'sum(rate(errors_total{namespace="ml-serving",track="canary",version="7"}[1m]))',
    );
    expect(queries).toContain(
      'sum(rate(errors_total{namespace="ml-serving",track="stable",version="6"}[1m]))',
    );
    expect(h.prom.queries.every((q) => q.authorization === `Bearer ${PROM_TOKEN}`)).toBe(true);
    const report = texts(h).at(-1) ?? "";
    expect(report).toContain("| check | query | canary | stable | bound | verdict |");
    expect(report).toContain("| 0.01 | 0.01 | ≤ stable + 0.005 (0.015) | ✅ pass |");
    expect(report).toContain("Next: 50% for 10m.");

    h.clock.advance(600);
    await tick(h);
    expect(isvc(h).spec.canary).toBeUndefined();
    expect(isvc(h).spec.predictor.model.storageUri).not.toBe(stable);
    const after = await h.store.readState("staging");
    expect(after).toMatchObject({ phase: "idle", appliedCommit: COMMIT_C, heldRevision: null });
    expect(after.rollout).toBeUndefined();
    expect(h.github.statuses("staging").at(-1)?.at(-1)).toBe("success");
    expect(await h.store.deploys("staging", 1)).toMatchObject([{ commit: COMMIT_C, outcome: "success" }]);
    expect(texts(h).join("\n")).toContain("rolled out: `fraud-detection` 7 take all traffic");
    expect(texts(h).at(-1)).toContain("**production** waits for approval");
  });

  it("rolls back to 0% within one evaluation when the error rate fails at 50%, and holds the revision", async () => {
    await startRollout(h);
    const stable = isvc(h).spec.predictor.model.storageUri;
    h.clock.advance(60);
    await tick(h);
    expect(isvc(h).spec.canary?.[0]?.trafficPercent).toBe(50);

    h.metrics.canary.errors = 0.05;
    h.clock.advance(600);
    await tick(h);
    // The previous commit serves alone again: no canary predictor, the stable artifact.
    expect(isvc(h).spec.canary).toBeUndefined();
    expect(isvc(h).spec.predictor.model.storageUri).toBe(stable);
    const state = await h.store.readState("staging");
    expect(state).toMatchObject({
      phase: "failed",
      appliedCommit: COMMIT_A,
      heldRevision: { commit: COMMIT_C },
    });
    expect(state.heldRevision?.reason).toContain(
      "check `error-rate` failed at step 2 (canary 0.05, stable 0.01, bound ≤ stable + 0.005 (0.015))",
    );
    expect(state.rollout).toBeUndefined();
    const deployment = h.github.deployments.at(-1);
    expect(deployment?.statuses.at(-1)).toMatchObject({ state: "failure" });
    expect(deployment?.statuses.at(-1)?.description).toContain("error-rate");
    const report = texts(h).at(-1) ?? "";
    expect(report).toContain("| 0.05 | 0.01 | ≤ stable + 0.005 (0.015) | ❌ fail |");
    expect(report).toContain("is held");
    // A held revision is not deployed again by a repeated push.
    await advanceDeploy(h.ports, { commit: COMMIT_C, branch: "main", pr: PR });
    expect(await h.store.list("staging", ["queued"])).toHaveLength(0);
  });

  it("resumes at the step a restarted executor finds recorded, without restarting its wait", async () => {
    await startRollout(h);
    h.clock.advance(60);
    await tick(h);
    const at50 = (await h.store.readState("staging")).rollout?.models[0];
    expect(at50).toMatchObject({ step: 1 });
    // Another executor (a new process) looks before and after the step's ten minutes.
    const restarted = { ...h.options, executor: "another-executor" };
    h.clock.advance(300);
    expect(await recoverDeploys(h.ports, restarted)).toEqual([]);
    expect((await h.store.readState("staging")).rollout?.models[0]).toEqual(at50);
    h.clock.advance(300);
    await recoverDeploys(h.ports, restarted);
    expect(isvc(h).spec.canary).toBeUndefined();
    expect((await h.store.readState("staging")).appliedCommit).toBe(COMMIT_C);
  });

  it("the reconcile loop compares a rollout at its split: no drift", async () => {
    await startRollout(h);
    h.clock.advance(60);
    await tick(h);
    const detected = await detectDrift(h.ports, "staging", COMMIT_C);
    if ("problem" in detected) throw new Error(detected.problem);
    expect(detected.drift.objects).toEqual([]);
  });

  it("a check without data fails the step: nobody measured the canary", async () => {
    h.prom.answer(() => null);
    await startRollout(h);
    h.clock.advance(60);
    await tick(h);
    const state = await h.store.readState("staging");
    expect(state.heldRevision?.reason).toContain("canary no data");
    expect(texts(h).at(-1)).toContain("❌ no data");
  });
});

describe("a rollout and the commits around it", () => {
  let h: RolloutHarness;
  beforeEach(async () => {
    h = await startRolloutHarness();
  });
  afterEach(() => h.close());

  it("a newer merge supersedes a rollout under way: rolled back first, not held, then deployed", async () => {
    await startRollout(h);
    const COMMIT_D = "d4".repeat(20);
    const c = h.trees.get(COMMIT_C) ?? {};
    // D keeps version 7 but drops the steps: a fixed 10% canary.
    h.trees.set(COMMIT_D, {
      ...c,
      "models/fraud-detection.yaml": (c["models/fraud-detection.yaml"] ?? "").replace(
        / {4}canary:\n[\s\S]*?(?= {4}modelLoadTimeout)/,
        "    canary:\n      percent: 10\n",
      ),
    });
    h.github.history.push(COMMIT_D);
    await advanceDeploy(h.ports, { commit: COMMIT_D, branch: "main", pr: null });
    await drainEnvironment(h.ports, "staging", h.options);
    const state = await h.store.readState("staging");
    expect(state).toMatchObject({ appliedCommit: COMMIT_D, heldRevision: null });
    expect(state.rollout).toBeUndefined();
    const superseded = h.github.deployments.find((d) => d.input.sha === COMMIT_C);
    expect(superseded?.statuses.at(-1)).toMatchObject({ state: "failure" });
    expect(superseded?.statuses.at(-1)?.description).toContain("superseded by `d4d4d4d`");
    expect(h.github.statuses("staging").at(-1)?.at(-1)).toBe("success");
    // Said on the newer merge's report (no pull request here) and on the superseded rollout's own.
    expect(h.reports.find((r) => r.pr === null)?.text).toContain(
      `⏪ rolled back \`c3c3c3c\`: superseded by \`d4d4d4d\``,
    );
    expect(
      h.reports.find((r) => r.pr === PR && r.text.startsWith("⏪ **staging**: rolled back")),
    ).toBeDefined();
  });

  it("a break-glass rollback takes the environment from a rollout: rolled back and held first", async () => {
    await startRollout(h);
    const ROLLBACK_HEAD = "f6".repeat(20);
    h.trees.set(ROLLBACK_HEAD, h.trees.get(COMMIT_A) ?? {});
    await breakGlass(h.ports, {
      model: "fraud-detection",
      pr: 50,
      sha: ROLLBACK_HEAD,
      login: "carol",
      environments: ["staging"],
    });
    await drainEnvironment(h.ports, "staging", h.options);
    const state = await h.store.readState("staging");
    expect(state.rollout).toBeUndefined();
    expect(state).toMatchObject({
      lock: { pr: 50, kind: "break-glass" },
      heldRevision: { commit: COMMIT_C, reason: "#50's break-glass rollback took the environment" },
    });
    expect(isvc(h).spec.canary).toBeUndefined();
    expect(JSON.stringify(isvc(h))).not.toContain("fraud-detection/7");
    // No later step of the old rollout comes back over the rollback.
    h.clock.advance(3600);
    await tick(h);
    expect(isvc(h).spec.canary).toBeUndefined();
  });

  it("the registry-drift check leaves an environment under rollout alone: the alias moves at its end", async () => {
    await startRollout(h);
    const upserts: unknown[] = [];
    const outcome = await checkRegistryDrift(
      {
        deploy: h.ports,
        issues: {
          upsert: async (issue) => {
            upserts.push(issue);
            return { action: "none" } as never;
          },
        },
        metrics: { setRegistryDrift: () => {} },
      },
      ["staging"],
      null,
    );
    expect(outcome).toEqual([
      {
        environment: "staging",
        outcome: "skipped",
        why: "a canary rollout is under way; the alias moves at its end",
      },
    ]);
    expect(upserts).toEqual([]);
  });

  it("refuses a pre-merge apply while a rollout is under way", async () => {
    await startRollout(h);
    const answer = await applyCommand(h.ports, {
      pr: 99,
      headSha: "e5".repeat(20),
      fork: false,
      defaultBranch: "main",
      environment: "staging",
      login: "alice",
      sticky: null,
    });
    expect(answer).toEqual({
      refused:
        "a canary rollout of `c3c3c3c` is under way in `staging`: apply once it ends, or after `/slipway rollout abort staging`.",
    });
    expect((await h.store.readState("staging")).lock).toBeNull();
  });
});
