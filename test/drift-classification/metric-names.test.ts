import { describe, expect, it } from "vitest";
import { METRIC_NAMES } from "../../src/drift/classification/metric-names.ts";
import { CLASSIFICATION_METRICS } from "../../src/manifests/schemas/monitor.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

describe("classification metric names", () => {
  it("are the keys a Monitor's classification.tests can name", () => {
    expect([...CLASSIFICATION_METRICS]).toEqual([...METRIC_NAMES]);
  });

  it("validate in a Monitor, and a wrong override is a located error", async () => {
    const files = await templateFiles();
    const path = "monitors/fraud-detection-drift.yaml";
    const good = validateRepo(treeOf(files));
    expect(good.diagnostics.filter((d) => d.file === path)).toEqual([]);
    const broken = {
      ...files,
      [path]: (files[path] as string).replace("fpr: { max: 0.25 }", "fpr: { maximum: 0.25 }"),
    };
    const result = validateRepo(treeOf(broken));
    const errors = result.diagnostics.filter((d) => d.file === path && d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.line).toBeGreaterThan(30);
    expect(errors).toHaveLength(1);
    expect(errors.map((e) => e.message)).toEqual([
      "unknown field `maximum` in `spec.classification.tests.fpr` (allowed: min, max, relative)",
    ]);
  });
});
