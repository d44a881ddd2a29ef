import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { recoverDeploys } from "../../src/workflows/deploy/recover-deploys.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { PR } from "./deploy-harness.ts";
import { COMMIT_C, type RolloutHarness, startRolloutHarness } from "./rollout-harness.ts";

const SHADOW_FIRST = `    canary:
      steps: [50]
      interval: 1m
      shadow: true
      analysis:
        checks:
          - name: error-rate
            query: sum(rate(seldon_model_infer_total{model="{{name}}",code!~"2..|OK"}[{{interval}}]))
            vs: stable
            maxIncrease: 0.005
`;

type Versioned = KubeObject & {
  metadata: { generation?: number };
  status?: { observedGeneration?: number };
  spec: Record<string, unknown>;
};

// Issue #22 on Seldon Core 2: a shadow step (all traffic mirrored, answers discarded) before the
// weighted steps, the Experiment's candidates at each step, and the new version alone at the end.
describe("a Seldon rollout with a shadow step", () => {
  let h: RolloutHarness;
  beforeEach(async () => {
    h = await startRolloutHarness({ canary: SHADOW_FIRST, seldon: true });
  });
  afterEach(async () => {
    await h.close();
  });

  it("mirrors first, then splits 50/50 by Experiment weights, then serves the new version alone", async () => {
    const fake = h.clusters.staging.fake;
    const experiment = () => fake.objects("Experiment")[0] as Versioned | undefined;
    const models = () => (fake.objects("Model") as Versioned[]).map((m) => m.metadata.name).sort();
    await advanceDeploy(h.ports, { commit: COMMIT_C, branch: "main", pr: PR });
    await drainEnvironment(h.ports, "staging", h.options);
    expect(models()).toEqual(["fraud-detection", "fraud-detection-canary"]);
    expect(experiment()?.spec).toEqual({
      default: "fraud-detection",
      candidates: [{ name: "fraud-detection", weight: 100 }],
      mirror: { name: "fraud-detection-canary", percent: 100 },
    });

    h.clock.advance(60);
    await recoverDeploys(h.ports, h.options);
    expect(h.prom.queries.map((q) => q.query)).toContain(
      'sum(rate(seldon_model_infer_total{model="fraud-detection-canary",code!~"2..|OK"}[1m]))',
    );
    expect(experiment()?.spec).toEqual({
      default: "fraud-detection",
      candidates: [
        { name: "fraud-detection", weight: 50 },
        { name: "fraud-detection-canary", weight: 50 },
      ],
    });

    h.clock.advance(60);
    await recoverDeploys(h.ports, h.options);
    expect(experiment()).toBeUndefined();
    expect(models()).toEqual(["fraud-detection"]);
    expect(JSON.stringify(fake.objects("Model")[0])).toContain("fraud-detection/7");
    expect((await h.store.readState("staging")).appliedCommit).toBe(COMMIT_C);
  });
});
