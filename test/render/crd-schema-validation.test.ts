import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { crdValidator } from "./crd-schemas.ts";
import { renderTemplate, VARIANTS } from "./render-fixtures.ts";

const CRD_GROUPS = new Set(["serving.kserve.io", "mlops.seldon.io"]);

async function crdObjects(): Promise<[string, KubeObject][]> {
  const out: [string, KubeObject][] = [];
  for (const variant of VARIANTS) {
    const result = await renderTemplate(variant.mutate, variant.options);
    for (const o of result.objects) {
      if (CRD_GROUPS.has(o.apiVersion.split("/")[0] ?? ""))
        out.push([`${variant.name}: ${o.kind} ${o.metadata.name}`, o]);
    }
  }
  return out;
}

describe("KServe and Seldon objects validate against the upstream CRD schemas", () => {
  it("every rendered InferenceService, Seldon Model and Experiment is valid", async () => {
    const objects = await crdObjects();
    const kinds = new Set(objects.map(([, o]) => o.kind));
    expect([...kinds].sort()).toEqual(["Experiment", "InferenceService", "Model"]);
    const failures: string[] = [];
    for (const [label, object] of objects) {
      const validate = crdValidator(object.apiVersion, object.kind);
      if (!validate(object)) failures.push(`${label}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    expect(failures).toEqual([]);
  });

  it("rejects a misspelt field and a wrong type, so the check above can fail", async () => {
    const [[, isvc] = ["", undefined]] = (await crdObjects()).filter(
      ([, o]) => o.kind === "InferenceService",
    );
    if (!isvc) throw new Error("no InferenceService rendered");
    const validate = crdValidator(isvc.apiVersion, isvc.kind);
    const misspelt = structuredClone(isvc) as KubeObject & { spec: { predictor: Record<string, unknown> } };
    misspelt.spec.predictor.minReplica = 1;
    expect(validate(misspelt)).toBe(false);
    const wrongType = structuredClone(isvc) as KubeObject & { spec: { predictor: Record<string, unknown> } };
    wrongType.spec.predictor.canaryTrafficPercent = "ten";
    expect(validate(wrongType)).toBe(false);
    const seldon = crdValidator("mlops.seldon.io/v1alpha1", "Model");
    expect(
      seldon({ apiVersion: "mlops.seldon.io/v1alpha1", kind: "Model", metadata: { name: "m" }, spec: {} }),
    ).toBe(false);
  });
});
