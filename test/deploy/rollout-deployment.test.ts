import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { recoverDeploys } from "../../src/workflows/deploy/recover-deploys.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { onActivity } from "../helpers/activity.ts";
import { PR } from "./deploy-harness.ts";
import { COMMIT_C, type RolloutHarness, startRolloutHarness } from "./rollout-harness.ts";

const STEPS = `    canary:
      steps: [10, 50]
      interval: 1m
      analysis:
        checks:
          - name: error-rate
            query: sum(rate(http_errors_total{deployment="{{name}}"}[{{interval}}]))
            vs: stable
            maxIncrease: 0.005
`;

/** The template's model as a plain image (runtime `deployment`): 2.3.0 serving before, 2.4.0 rolled out. */
function plainImage(text: string, commit: "A" | "C"): string {
  const image = commit === "A" ? "ghcr.io/acme/fraud-scorer:2.3.0" : "ghcr.io/acme/fraud-scorer:2.4.0";
  return text
    .replace("runtime: kserve", `runtime: deployment\n    image: ${image}\n    port: 9000`)
    .replace("    format: lightgbm\n", "")
    .replace("    protocol: v2\n", "");
}

type Deployment = KubeObject & {
  metadata: { generation?: number; annotations?: Record<string, string> };
  spec: { replicas?: number; template: { spec: { containers: { image: string }[] } } };
  status?: { observedGeneration?: number };
};

// Issue #22 on the plain `deployment` runtime: the new image in a second Deployment behind the same
// Service, its share of the pods as near the step's share as whole pods allow — said to be approximate.
describe("a rollout of a plain Deployment", () => {
  let h: RolloutHarness;
  let stop: () => void = () => {};
  beforeEach(async () => {
    h = await startRolloutHarness({
      canary: STEPS,
      model: plainImage,
      config: (text) => text.replace("runtimes: [kserve, seldon]", "runtimes: [kserve, seldon, deployment]"),
    });
  });
  afterEach(async () => {
    stop();
    await h.close();
  });

  it("walks by replica ratio, then serves the new image alone", async () => {
    const fake = h.clusters.staging.fake;
    // The Deployment controller's side: every replica updated and available at each generation.
    const available = () => {
      for (const d of fake.objects("Deployment") as Deployment[]) {
        const generation = d.metadata.generation ?? 1;
        if (d.status?.observedGeneration === generation) continue;
        const replicas = d.spec.replicas ?? 1;
        fake.setStatus(d, {
          observedGeneration: generation,
          replicas,
          updatedReplicas: replicas,
          readyReplicas: replicas,
          availableReplicas: replicas,
          conditions: [{ type: "Available", status: "True" }],
        });
      }
    };
    available();
    stop = onActivity(available);
    const deployments = () =>
      Object.fromEntries(
        (fake.objects("Deployment") as Deployment[])
          .filter((d) => d.metadata.name.startsWith("fraud-detection"))
          .map((d) => [
            d.metadata.name,
            { replicas: d.spec.replicas, image: d.spec.template.spec.containers[0]?.image },
          ]),
      );
    // Version 6 (image 2.3.0) serves staging; C rolls version 7 (image 2.4.0) out.
    await advanceDeploy(h.ports, { commit: COMMIT_C, branch: "main", pr: PR });
    await drainEnvironment(h.ports, "staging", h.options);
    expect(deployments()).toMatchObject({
      "fraud-detection": { image: "ghcr.io/acme/fraud-scorer:2.3.0" },
      "fraud-detection-canary": { replicas: 1, image: "ghcr.io/acme/fraud-scorer:2.4.0" },
    });
    const canary = (fake.objects("Deployment") as Deployment[]).find(
      (d) => d.metadata.name === "fraud-detection-canary",
    );
    expect(canary?.metadata.annotations?.["slipway.dev/canary"]).toContain("a replica ratio, approximate");

    h.clock.advance(60);
    await recoverDeploys(h.ports, h.options);
    expect(h.prom.queries.map((q) => q.query)).toContain(
      'sum(rate(http_errors_total{deployment="fraud-detection-canary"}[1m]))',
    );
    expect(deployments()["fraud-detection-canary"]).toMatchObject({ replicas: 2 });

    h.clock.advance(60);
    await recoverDeploys(h.ports, h.options);
    expect(deployments()).toEqual({
      "fraud-detection": { replicas: undefined, image: "ghcr.io/acme/fraud-scorer:2.4.0" },
    });
    expect((await h.store.readState("staging")).appliedCommit).toBe(COMMIT_C);
  });
});
