import { describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { renderEnvironment } from "../../src/render/render-environment.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

// A Monitor reading DVC-tracked data is not rendered as a CronJob: the Job would hold the Monitor's
// definition but not the repository its .dvc files live in, and fail on every schedule. The plan says so.

const MONITOR = "monitors/fraud-detection-drift.yaml";

describe("rendering a Monitor with DVC-tracked data", () => {
  it("skips its monitor Job, with the reason the plan shows", async () => {
    const files = await templateFiles();
    const text = files[MONITOR] ?? "";
    files[MONITOR] = text.replace(
      "    path: s3://acme-datalake/fraud/training/v7/reference.parquet\n",
      "    dvc: { path: data/reference.parquet, rev: model-v7 }\n",
    );
    const { snapshot, ok } = validateRepo(treeOf(files));
    expect(ok).toBe(true);
    const result = renderEnvironment({
      snapshot,
      environment: "production",
      binding: {
        cluster: {},
        namespaces: ["ml-serving", "monitoring", "feast", "mlflow", "kubeflow", "kserve", "seldon-system"],
      },
      commit: "c".repeat(40),
    });
    expect(
      result.objects.some((o) => o.kind === "CronJob" && o.metadata.name.includes("fraud-detection-drift")),
    ).toBe(false);
    expect(result.skipped).toContainEqual({
      kind: "Monitor",
      name: "fraud-detection-drift",
      path: expect.stringContaining(MONITOR),
      reason: expect.stringMatching(/reads DVC-tracked data, which a scheduled monitor Job cannot resolve/),
    });
  });
});
