import { describe, expect, it } from "vitest";
import { objectsYaml } from "../../src/report/objects-yaml.ts";
import { expectGolden } from "../helpers/golden.ts";
import { exampleEnvironment, renderTemplate } from "./render-fixtures.ts";

describe("rendering the template repository", () => {
  it("renders staging with the example binding (golden)", async () => {
    const result = await renderTemplate(() => {}, {
      environment: "staging",
      binding: exampleEnvironment("staging"),
    });
    expectGolden("render/template-staging.yaml", objectsYaml(result.objects));
  });

  it("renders production with the example binding, Grafana included (golden)", async () => {
    const result = await renderTemplate(() => {}, {
      environment: "production",
      binding: exampleEnvironment("production"),
    });
    expectGolden("render/template-production.yaml", objectsYaml(result.objects));
    const releases = result.objects.filter((o) => o.kind === "HelmRelease").map((o) => o.metadata.name);
    expect(releases).toContain("grafana");
  });

  it("lists what it does not render: the pipeline and the disabled Seldon component", async () => {
    const result = await renderTemplate();
    expect(result.skipped.map((s) => `${s.kind} ${s.name}: ${s.reason}`)).toEqual([
      "Pipeline fraud-detection-retrain: handled by the pipelines integration (Kubeflow Pipelines), not rendered",
      "Platform ml-platform/grafana: component not enabled for staging (its environments list opts in)",
      "Platform ml-platform/seldon: component disabled",
    ]);
  });
});
