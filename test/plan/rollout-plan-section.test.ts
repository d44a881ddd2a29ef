import { describe, expect, it } from "vitest";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { planSection } from "../../src/workflows/plan-section.ts";
import { edit, exampleBinding } from "../helpers/check-repo.ts";
import { expectGolden } from "../helpers/golden.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

const MODEL = "models/fraud-detection.yaml";

function binding(): ServerBinding {
  const b = exampleBinding();
  b.integrations = {
    ...b.integrations,
    prometheus: { type: "prometheus", endpoint: "http://prometheus:9090" },
  };
  for (const env of Object.values(b.environments)) env.kserve = { deploymentMode: "Knative" };
  return b;
}

async function snapshot(change: (f: Record<string, string>) => void) {
  const files = await templateFiles();
  edit(files, ".slipway.yml", "  pipelines: kubeflow\n", "  pipelines: kubeflow\n  metrics: prometheus\n");
  edit(
    files,
    MODEL,
    "    canary:\n      percent: 10\n",
    `    canary:
      steps: [10, { weight: 50, interval: 10m }]
      interval: 5m
      analysis:
        failureLimit: 1
        checks:
          - name: error-rate
            query: 'sum(rate(errors_total{revision="{{revision}}"}[{{interval}}])) / sum(rate(requests_total{revision="{{revision}}"}[{{interval}}]))'
            vs: stable
            maxIncrease: 0.005
          - { name: p95, builtin: latencyP95, vs: stable, maxRatio: 1.2 }
          - { name: ok, builtin: successRate, min: 0.99 }
`,
  );
  change(files);
  const result = validateRepo(treeOf(files), { binding: binding() });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.snapshot;
}

describe("the plan in the pull request shows the rollout merging would walk (issue #22)", () => {
  it("lists the steps, the checks with their queries and bounds, and what a failure does", async () => {
    const base = await snapshot((f) => edit(f, MODEL, "    version: 7\n", "    version: 6\n"));
    const head = await snapshot(() => undefined);
    const section = planSection({
      head: { snapshot: head, sha: "b".repeat(40) },
      base: { snapshot: base, sha: "a".repeat(40) },
      binding: binding(),
    });
    const rollout = section.body.slice(section.body.indexOf("#### Rollout in `staging`"));
    expectGolden("plan/rollout-section.md", rollout.slice(0, rollout.indexOf("####", 5)));
    expect(section.compact).toContain("· rollout `fraud-detection` 10% → 50% → 100%");
  });

  it("says nothing of a rollout when the version does not change", async () => {
    const base = await snapshot(() => undefined);
    const head = await snapshot((f) => edit(f, MODEL, "      max: 10\n", "      max: 12\n"));
    const section = planSection({
      head: { snapshot: head, sha: "b".repeat(40) },
      base: { snapshot: base, sha: "a".repeat(40) },
      binding: binding(),
    });
    expect(section.body).not.toContain("Rollout in");
    expect(section.body).toContain("#### ");
  });
});
