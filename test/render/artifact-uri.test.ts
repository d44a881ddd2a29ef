import { describe, expect, it } from "vitest";
import { renderTemplate } from "./render-fixtures.ts";

describe("the served artifact URI", () => {
  it("is a models:/name/version placeholder, said so in an annotation, until MLflow resolved it", async () => {
    const { objects } = await renderTemplate();
    const isvc = objects.find((o) => o.kind === "InferenceService") as {
      spec: { predictor: { model: { storageUri: string } } };
    } & (typeof objects)[number];
    expect(isvc.spec.predictor.model.storageUri).toBe("models:/fraud-detection/7");
    expect(isvc.metadata.annotations?.["slipway.dev/artifact-uri"]).toMatch(/^placeholder: /);
    expect(isvc.metadata.annotations?.["slipway.dev/model-version"]).toBe("fraud-detection/7");
  });

  it("is the resolved URI when one is passed in", async () => {
    const uri = "s3://acme-ml-artifacts/mlflow/1/models/m-7/artifacts";
    const { objects } = await renderTemplate(() => {}, { artifactUris: new Map([["fraud-detection", uri]]) });
    const isvc = objects.find((o) => o.kind === "InferenceService") as {
      spec: { predictor: { model: { storageUri: string } } };
    } & (typeof objects)[number];
    expect(isvc.spec.predictor.model.storageUri).toBe(uri);
    expect(isvc.metadata.annotations?.["slipway.dev/artifact-uri"]).toBe("resolved through MLflow");
  });

  it("renders a model only in the environments its promotion lists", async () => {
    const result = await renderTemplate((files) => {
      files["models/fraud-detection.yaml"] = (files["models/fraud-detection.yaml"] ?? "").replace(
        "environments: [staging, production]",
        "environments: [production]",
      );
    });
    expect(result.objects.filter((o) => o.kind === "InferenceService")).toEqual([]);
    // Its monitor follows it.
    expect(result.objects.filter((o) => o.kind === "PrometheusRule")).toEqual([]);
    expect(result.skipped.map((s) => `${s.kind} ${s.name}`)).toEqual(
      expect.arrayContaining(["Model fraud-detection", "Monitor fraud-detection-drift"]),
    );
  });
});
