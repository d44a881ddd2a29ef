import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rolloutGauges } from "../../src/metrics/rollout-gauges.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { recoverDeploys } from "../../src/workflows/deploy/recover-deploys.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { type RolloutAction, rolloutCommand } from "../../src/workflows/rollout/rollout-command.ts";
import { COMMIT_A, PR } from "./deploy-harness.ts";
import { COMMIT_C, type RolloutHarness, startRolloutHarness } from "./rollout-harness.ts";

/** `@acme/ml-platform` approves production in the template; carol is in it, bob is not. */
const isApprover = async (login: string, approvers: readonly string[]) =>
  login === "carol" && approvers.includes("@acme/ml-platform");

const command = (h: RolloutHarness, action: RolloutAction, login = "bob") =>
  rolloutCommand(h.ports, { action, environment: "staging", login, isApprover });

const tick = (h: RolloutHarness) => recoverDeploys(h.ports, h.options);

// Issue #22, people in the loop: `/slipway rollout pause|resume|abort <env>`, and `/metrics`.
describe("rollout commands", () => {
  let h: RolloutHarness;
  beforeEach(async () => {
    h = await startRolloutHarness();
    await advanceDeploy(h.ports, { commit: COMMIT_C, branch: "main", pr: PR });
    await drainEnvironment(h.ports, "staging", h.options);
  });
  afterEach(() => h.close());

  it("pause holds the split past its interval; resume keeps the step's remaining wait", async () => {
    h.clock.advance(20);
    expect(await command(h, "pause")).toMatchObject({ run: false });
    expect(h.github.deployments.at(-1)?.statuses.at(-1)).toMatchObject({
      state: "in_progress",
      description: "canary paused by @bob; its split holds",
    });
    expect(await command(h, "pause")).toEqual({ refused: "the rollout is already paused (by @bob)." });
    h.clock.advance(3600);
    await tick(h);
    expect(h.prom.queries).toHaveLength(0);
    expect((await h.store.readState("staging")).rollout?.paused).toMatchObject({ by: "bob" });

    expect(await command(h, "resume")).toMatchObject({ run: true });
    expect(h.github.deployments.at(-1)?.statuses.at(-1)?.description).toBe("canary resumed by @bob");
    // 40 of the step's 60 seconds are left.
    h.clock.advance(39);
    await tick(h);
    expect(h.prom.queries).toHaveLength(0);
    h.clock.advance(1);
    await tick(h);
    expect(h.prom.queries.length).toBeGreaterThan(0);
    expect((await h.store.readState("staging")).rollout?.models[0]?.step).toBe(1);
  });

  it("abort needs an approver of production, then rolls back at once and holds the revision", async () => {
    const refused = await command(h, "abort", "bob");
    expect(refused).toEqual({
      refused:
        "only a declared approver of a production environment (@acme/ml-platform) can abort a rollout; `/slipway rollout pause staging` holds its split meanwhile.",
    });
    expect(await command(h, "abort", "carol")).toMatchObject({ run: true });
    await h.store.enqueue("staging", { kind: "rollout", commit: COMMIT_C, pr: PR }, "carol");
    await drainEnvironment(h.ports, "staging", h.options);
    const state = await h.store.readState("staging");
    expect(state).toMatchObject({
      appliedCommit: COMMIT_A,
      heldRevision: { commit: COMMIT_C, reason: "aborted by @carol" },
    });
    expect(state.rollout).toBeUndefined();
    expect(h.clusters.staging.fake.objects("InferenceService")[0]).not.toHaveProperty("spec.canary");
    expect(await command(h, "pause")).toEqual({ refused: "no rollout is under way in `staging`." });
    // The step's timer firing after the abort finds nothing to do, and says nothing.
    const said = h.reports.length;
    await h.store.enqueue("staging", { kind: "rollout", commit: COMMIT_C, pr: PR }, "rollout");
    await drainEnvironment(h.ports, "staging", h.options);
    expect(h.reports).toHaveLength(said);
  });

  it("refuses an environment the server does not bind", async () => {
    expect(
      await rolloutCommand(h.ports, { action: "pause", environment: "qa", login: "bob", isApprover }),
    ).toEqual({
      refused: "`qa` is not an environment this server binds.",
    });
  });

  it("/metrics shows the step and the checks' last numbers, and forgets an ended rollout", async () => {
    const registry = new Registry();
    const gauges = rolloutGauges(registry);
    h.clock.advance(60);
    await tick(h);
    gauges.set("acme/ml-platform", "staging", (await h.store.readState("staging")).rollout ?? null);
    const text = await registry.metrics();
    expect(text).toContain(
      'slipway_rollout_step{repository="acme/ml-platform",environment="staging",model="fraud-detection"} 2',
    );
    expect(text).toContain(
      'slipway_rollout_check_passed{repository="acme/ml-platform",environment="staging",model="fraud-detection",check="error-rate"} 1',
    );
    expect(text).toContain(
      'slipway_rollout_check_value{repository="acme/ml-platform",environment="staging",model="fraud-detection",check="p95-latency",track="canary"} 0.04',
    );
    gauges.set("acme/ml-platform", "staging", null);
    expect(await registry.metrics()).not.toContain('model="fraud-detection"');
  });
});
