import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { recoverDeploys } from "../../src/workflows/deploy/recover-deploys.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { onActivity } from "../helpers/activity.ts";
import { PR } from "./deploy-harness.ts";
import { COMMIT_C, type RolloutHarness, startRolloutHarness } from "./rollout-harness.ts";

const BUILTINS = `    canary:
      steps: [20]
      interval: 2m
      analysis:
        checks:
          - { name: success, builtin: successRate, min: 0.99 }
          - { name: p95, builtin: latencyP95, vs: stable, maxRatio: 1.2 }
`;

type Isvc = KubeObject & {
  metadata: { generation?: number };
  spec: { predictor: { canaryTrafficPercent?: number } };
  status?: { observedGeneration?: number; components?: unknown };
};

// Issue #22, built-in checks on KServe's Knative mode: the queue-proxy's request metrics of the two
// revisions the InferenceService's status names, no query written.
describe("built-in checks on KServe in Knative mode", () => {
  let h: RolloutHarness;
  let stop: () => void = () => {};
  beforeEach(async () => {
    h = await startRolloutHarness({ knative: true, canary: BUILTINS });
    // Knative's side: once KServe has seen a generation, the predictor's traffic names both revisions.
    const fake = h.clusters.staging.fake;
    const revisions = () => {
      for (const object of fake.objects("InferenceService") as Isvc[]) {
        const status = object.status ?? {};
        if (status.observedGeneration !== object.metadata.generation || status.components) continue;
        fake.setStatus(object, {
          ...status,
          components: {
            predictor: {
              traffic: [
                { tag: "latest", revisionName: "fraud-detection-predictor-00002", percent: 20 },
                { tag: "prev", revisionName: "fraud-detection-predictor-00001", percent: 80 },
              ],
            },
          },
        });
      }
    };
    stop = onActivity(revisions);
  });
  afterEach(async () => {
    stop();
    await h.close();
  });

  it("queries each revision's success rate and p95 latency, then promotes", async () => {
    h.prom.answer((query) => {
      if (query.startsWith("histogram_quantile")) return query.includes("00002") ? 0.045 : 0.04;
      return 0.999;
    });
    await advanceDeploy(h.ports, { commit: COMMIT_C, branch: "main", pr: PR });
    await drainEnvironment(h.ports, "staging", h.options);
    const isvc = () => h.clusters.staging.fake.objects("InferenceService")[0] as Isvc;
    expect(isvc().spec.predictor.canaryTrafficPercent).toBe(20);
    h.clock.advance(120);
    await recoverDeploys(h.ports, h.options);
    const queries = h.prom.queries.map((q) => q.query);
    expect(queries).toContain(
      'sum(rate(revision_app_request_count{namespace_name="ml-serving",revision_name="fraud-detection-predictor-00002",response_code_class="2xx"}[2m])) / sum(rate(revision_app_request_count{namespace_name="ml-serving",revision_name="fraud-detection-predictor-00002"}[2m]))',
    );
    expect(queries).toContain(
      'histogram_quantile(0.95, sum by (le) (rate(revision_app_request_latencies_bucket{namespace_name="ml-serving",revision_name="fraud-detection-predictor-00001"}[2m]))) / 1000',
    );
    const promoted = h.reports.find((r) => r.text.includes("rolled out"))?.text ?? "";
    expect(promoted).toContain("| 0.045 | 0.04 | ≤ 1.2 × stable (0.048) | ✅ pass |");
    expect(promoted).toContain("| 0.999 | 0.999 | ≥ 0.99 | ✅ pass |");
    expect(isvc().spec.predictor.canaryTrafficPercent).toBeUndefined();
    expect((await h.store.readState("staging")).appliedCommit).toBe(COMMIT_C);
  });
});
