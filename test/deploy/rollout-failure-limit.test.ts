import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { recoverDeploys } from "../../src/workflows/deploy/recover-deploys.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { PR } from "./deploy-harness.ts";
import { COMMIT_C, type RolloutHarness, startRolloutHarness } from "./rollout-harness.ts";

const ONE_FAILURE_ALLOWED = `    canary:
      steps: [25]
      interval: 1m
      analysis:
        failureLimit: 1
        checks:
          - name: error-rate
            query: sum(rate(errors_total{track="{{track}}"}[{{interval}}]))
            max: 0.02
`;

const tick = (h: RolloutHarness) => recoverDeploys(h.ports, h.options);

// Issue #22: `failureLimit` — a failed evaluation within the limit holds the step for another interval.
describe("a check's failure limit", () => {
  let h: RolloutHarness;
  beforeEach(async () => {
    h = await startRolloutHarness({ canary: ONE_FAILURE_ALLOWED });
    await advanceDeploy(h.ports, { commit: COMMIT_C, branch: "main", pr: PR });
    await drainEnvironment(h.ports, "staging", h.options);
  });
  afterEach(() => h.close());

  it("holds the step once, then moves on when the check passes", async () => {
    h.metrics.canary.errors = 0.05;
    h.clock.advance(60);
    await tick(h);
    const held = (await h.store.readState("staging")).rollout?.models[0];
    expect(held).toMatchObject({ step: 0, failures: { "error-rate": 1 } });
    expect(h.reports.at(-1)?.text).toContain(
      "A check failed within its failure limit: this step runs another 1m.",
    );
    // The step's wait starts again at the failed evaluation.
    h.clock.advance(59);
    const asked = h.prom.queries.length;
    await tick(h);
    expect(h.prom.queries.length).toBe(asked);
    h.metrics.canary.errors = 0.01;
    h.clock.advance(1);
    await tick(h);
    const after = await h.store.readState("staging");
    expect(after.rollout).toBeUndefined();
    expect(after.appliedCommit).toBe(COMMIT_C);
    expect(h.github.statuses("staging").at(-1)?.at(-1)).toBe("success");
  });

  it("rolls back at the second failure", async () => {
    h.metrics.canary.errors = 0.05;
    h.clock.advance(60);
    await tick(h);
    h.clock.advance(60);
    await tick(h);
    const state = await h.store.readState("staging");
    expect(state.heldRevision?.reason).toContain(
      "check `error-rate` failed at step 1 (canary 0.05, stable 0.01, bound ≤ 0.02)",
    );
    expect(state.rollout).toBeUndefined();
  });
});
