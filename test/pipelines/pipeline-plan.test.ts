import { describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { declaredAsCurrent, planRecurringRuns } from "../../src/plan/pipeline-plan.ts";
import { desiredRecurringRuns } from "../../src/plan/recurring-runs.ts";
import { renderPipelinePlanMarkdown } from "../../src/report/pipeline-plan-markdown.ts";
import { planSection } from "../../src/workflows/plan-section.ts";
import { edit, exampleBinding } from "../helpers/check-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

const PIPELINE = "pipelines/fraud-detection-retrain.yaml";

async function snapshot(change: (f: Record<string, string>) => void = () => undefined) {
  const files = await templateFiles();
  change(files);
  const result = validateRepo(treeOf(files), { binding: exampleBinding() });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.snapshot;
}

const desired = (s: Awaited<ReturnType<typeof snapshot>>) =>
  desiredRecurringRuns(s, { repository: "acme/ml-platform", mlflowPlugin: () => true });

describe("the pull request's plan of recurring runs (offline, against the default branch)", () => {
  it("shows a changed parameter and schedule as one change, field by field", async () => {
    const base = desired(await snapshot());
    const head = desired(
      await snapshot((f) => {
        edit(f, PIPELINE, "learning_rate: 0.05", "learning_rate: 0.1");
        edit(f, PIPELINE, '"0 3 1 * *"', '"30 2 * * 1"');
      }),
    );
    const plan = planRecurringRuns(head, declaredAsCurrent(base));
    expect(plan.summary).toEqual({ create: 0, update: 1, enable: 0, disable: 0, unchanged: 0 });
    expect(renderPipelinePlanMarkdown(plan)).toBe(
      [
        "#### Kubeflow Pipelines: 1 to change",
        "Recurring runs, synced once when the default branch gets this commit (a change is a new recurring run replacing the old one; KFP cannot edit one).",
        "",
        "| pipeline | change | details |",
        "|---|---|---|",
        "| `fraud-detection-retrain` | change | `schedule` `0 0 3 1 * *` → `0 30 2 * * 1`<br>`parameters.learning_rate` `0.05` → `0.1` |",
      ].join("\n"),
    );
  });

  it("shows a new Pipeline as created and a removed one as disabled; nothing when nothing changes", async () => {
    const base = desired(await snapshot());
    const none = desired(await snapshot((f) => delete f[PIPELINE]));
    expect(planRecurringRuns(none, declaredAsCurrent(base)).summary.disable).toBe(1);
    const created = renderPipelinePlanMarkdown(planRecurringRuns(base, new Map()));
    expect(created).toContain(
      "| `fraud-detection-retrain` | create | `0 3 1 * *` (KFP `0 0 3 1 * *`), package `v3`, experiment `fraud-detection-v2`, service account `pipeline-runner` |",
    );
    expect(renderPipelinePlanMarkdown(planRecurringRuns(base, declaredAsCurrent(base)))).toBeNull();
  });

  it("is part of the plan section of the sticky comment", async () => {
    const base = await snapshot();
    const head = await snapshot((f) => edit(f, PIPELINE, "num_leaves: 63", "num_leaves: 127"));
    const section = planSection({
      head: { snapshot: head, sha: "h".repeat(40) },
      base: { snapshot: base, sha: "main" },
      binding: exampleBinding(),
    });
    expect(section.body).toContain("#### Kubeflow Pipelines: 1 to change");
    expect(section.compact).toContain(
      "- Kubeflow Pipelines: 0 to create, 1 to change, 0 to enable, 0 to disable",
    );
  });
});
