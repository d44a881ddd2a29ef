import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./cluster-harness.ts";

describe("kube cluster adapter: discovery", () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("finds the plural and scope of built-in and custom kinds", async () => {
    h = await startHarness();
    expect(await h.cluster.kindInfo("apps/v1", "Deployment")).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      plural: "deployments",
      namespaced: true,
    });
    expect(await h.cluster.kindInfo("v1", "Namespace")).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      plural: "namespaces",
      namespaced: false,
    });
    expect(await h.cluster.kindInfo("serving.kserve.io/v1beta1", "InferenceService")).toMatchObject({
      plural: "inferenceservices",
      namespaced: true,
    });
  });

  it("answers null for a kind whose CRD is not installed, and for a kind its group version lacks", async () => {
    h = await startHarness({ fake: { uninstalled: ["InferenceService", "ServingRuntime"] } });
    expect(await h.cluster.kindInfo("serving.kserve.io/v1beta1", "InferenceService")).toBeNull();
    expect(await h.cluster.kindInfo("apps/v1", "StatefulSet")).toBeNull();
  });

  it("asks discovery once per apiVersion, and again for a kind it has not seen (a CRD installed since)", async () => {
    h = await startHarness({ fake: { uninstalled: ["Model.mlops.seldon.io"] } });
    await h.cluster.kindInfo("batch/v1", "Job");
    await h.cluster.kindInfo("batch/v1", "CronJob");
    await h.cluster.kindInfo("batch/v1", "Job");
    expect(h.fake.requestsFor("discovery").map((r) => r.path)).toEqual(["/apis/batch/v1"]);
    expect(await h.cluster.kindInfo("mlops.seldon.io/v1alpha1", "Model")).toBeNull();
    h.fake.install("Model.mlops.seldon.io");
    expect(await h.cluster.kindInfo("mlops.seldon.io/v1alpha1", "Model")).toMatchObject({ plural: "models" });
  });

  it("treats a kind that is not served as holding no objects: list is empty, get is null, delete is absent", async () => {
    h = await startHarness({ fake: { uninstalled: ["Model.mlops.seldon.io"] } });
    const scope = { apiVersion: "mlops.seldon.io/v1alpha1", kind: "Model", namespace: "ml" };
    expect(await h.cluster.list(scope, "app.kubernetes.io/managed-by=slipway")).toEqual([]);
    const ref = { ...scope, name: "fraud" };
    expect(await h.cluster.get(ref)).toBeNull();
    expect(await h.cluster.delete(ref, { propagation: "Background", dryRun: false })).toBe("absent");
    expect(h.fake.counts()).toMatchObject({ list: 0, get: 0, delete: 0 });
  });
});
