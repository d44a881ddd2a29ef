import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.ts";
import type { Plan } from "../../src/plan/plan.ts";
import { renderPlanJson } from "../../src/report/plan-json.ts";
import { renderPlanMarkdown } from "../../src/report/plan-markdown.ts";
import { renderPlanText } from "../../src/report/plan-text.ts";
import { expectGolden } from "../helpers/golden.ts";
import { inventoryAtVersion, planAgainstInventory, renderTemplate } from "./plan-fixtures.ts";

async function mixedPlan(): Promise<Plan> {
  // A new model version (update), a removed monitor (deletes) and changed features (create + delete).
  const desired = await renderTemplate((files) => {
    files["features/merchant-stats.yaml"] = (files["features/merchant-stats.yaml"] ?? "").replace(
      "ttl: 90d",
      "ttl: 60d",
    );
  });
  return planAgainstInventory(desired, await inventoryAtVersion(6));
}

describe("plan reports", () => {
  it("text: one line per changed object, tab-indented field changes (golden)", async () => {
    const text = renderPlanText(await mixedPlan());
    expectGolden("plan/mixed.txt", text);
    expect(text).toContain("Update InferenceService ml-serving/fraud-detection\n");
    expect(text).toContain(
      "\tspec.predictor.model.storageUri: models:/fraud-detection/6 -> models:/fraud-detection/7\n",
    );
    expect(text).not.toContain("Unchanged");
  });

  it("json: the whole plan with sorted keys, parseable back to the same value (golden)", async () => {
    const plan = await mixedPlan();
    const json = renderPlanJson(plan);
    expectGolden("plan/mixed.json", json);
    expect(JSON.parse(json)).toEqual(plan);
  });

  it("markdown: a section with folded diffs, ready for the PR comment (golden)", async () => {
    const markdown = renderPlanMarkdown(await mixedPlan());
    expectGolden("plan/mixed.md", markdown);
    expect(markdown.match(/<details>/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
  });

  it("say plainly when nothing changes", async () => {
    const desired = await renderTemplate();
    const plan = planAgainstInventory(desired, desired.objects);
    expect(renderPlanText(plan)).toContain("No changes to staging\n");
    expect(renderPlanMarkdown(plan)).toContain("No changes to `staging`.");
  });

  it("markdown keeps within its length budget and lists the rest without diffs", async () => {
    const markdown = renderPlanMarkdown(buildPlan({ desired: await renderTemplate() }), {
      maxDiffChars: 2000,
    });
    expect(markdown).toContain("diff(s) left out for length");
    expect(markdown).toMatch(/^- Create `HelmRelease mlflow\/mlflow`$/m);
  });

  it("markdown folds every change as a diff or lists it, and never goes past its budget", async () => {
    const plan = buildPlan({ desired: await renderTemplate() });
    const changed = plan.changes.filter((c) => c.action !== "unchanged").length;
    for (const maxDiffChars of [0, 300, 600, 2000, 8000]) {
      const markdown = renderPlanMarkdown(plan, { maxDiffChars });
      const folded = markdown.match(/<details><summary>(Create|Update|Delete)/g)?.length ?? 0;
      const listed = Number(/_(\d+) diff\(s\) left out for length/.exec(markdown)?.[1] ?? 0);
      expect(folded + listed, `budget ${maxDiffChars}`).toBe(changed);
      const diffs = [
        ...markdown.matchAll(/<summary>(?:Create|Update|Delete)[^\n]*<\/summary>\n\n([\s\S]*?)<\/details>/g),
      ];
      expect(diffs.reduce((n, m) => n + (m[1] as string).trimEnd().length, 0)).toBeLessThanOrEqual(
        maxDiffChars,
      );
    }
  });

  it("no value can close a Markdown code fence early", async () => {
    const plan = await mixedPlan();
    const update = plan.changes.find((c) => c.action === "update");
    if (!update) throw new Error("no update");
    update.diff = [{ path: "spec.note", before: "a", after: "```\n</details># injected" }];
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain("````diff");
  });
});
