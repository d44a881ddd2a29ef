import { afterEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./cluster-harness.ts";
import { configMap, deployment, inferenceService } from "./objects.ts";

const REF = { apiVersion: "apps/v1", kind: "Deployment", namespace: "ml", name: "fraud" };

describe("kube cluster adapter: server-side apply", () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("applies as field manager slipway and returns the stored object as plain data", async () => {
    h = await startHarness();
    const stored = await h.cluster.apply(deployment("fraud"), { dryRun: false, force: false });
    expect(stored).toEqual(h.fake.object(REF));
    expect(typeof stored.metadata.creationTimestamp).toBe("string");
    const patch = h.fake.requestsFor("patch")[0];
    expect(patch?.contentType).toBe("application/apply-patch+yaml");
    expect(patch?.query).toEqual({ fieldManager: "slipway" });
    expect(JSON.parse(patch?.body ?? "")).toEqual(deployment("fraud"));
  });

  it("sends force=true when asked, taking fields another manager holds", async () => {
    h = await startHarness();
    await h.cluster.apply(deployment("fraud"), { dryRun: false, force: false });
    h.fake.editAs("kubectl-edit", REF, (o) => {
      (o.spec as { replicas: number }).replicas = 5;
    });
    const stored = await h.cluster.apply(deployment("fraud", { replicas: 3 }), {
      dryRun: false,
      force: true,
    });
    expect(stored.spec).toMatchObject({ replicas: 3 });
    expect(h.fake.requestsFor("patch")[1]?.query.force).toBe("true");
  });

  it("rejects a conflict without force as a conflict fault naming the other manager and the field", async () => {
    h = await startHarness();
    await h.cluster.apply(deployment("fraud"), { dryRun: false, force: false });
    h.fake.editAs("kubectl-edit", REF, (o) => {
      (o.spec as { replicas: number }).replicas = 5;
    });
    const fault = await faultOf(
      h.cluster.apply(deployment("fraud", { replicas: 3 }), { dryRun: false, force: false }),
    );
    expect(fault.kind).toBe("conflict");
    expect(fault.status).toBe(409);
    expect(fault.retryable).toBe(false);
    expect(fault.object).toBe("Deployment ml/fraud");
    expect(fault.message).toContain('conflict with "kubectl-edit" using apps/v1: .spec.replicas');
    expect(h.fake.requestsFor("patch")).toHaveLength(2);
  });

  it("dry-runs with dryRun=All: the answer is the merged object, the cluster is unchanged", async () => {
    h = await startHarness();
    const before = await h.cluster.apply(configMap("settings", { a: "1" }), { dryRun: false, force: true });
    const planned = await h.cluster.apply(configMap("settings", { a: "2" }), { dryRun: true, force: true });
    expect(planned.data).toEqual({ a: "2" });
    expect(h.fake.requestsFor("patch")[1]?.query).toEqual({
      fieldManager: "slipway",
      force: "true",
      dryRun: "All",
    });
    expect(h.fake.object({ apiVersion: "v1", kind: "ConfigMap", namespace: "ml", name: "settings" })).toEqual(
      before,
    );
  });

  it("applies custom resources the same way", async () => {
    h = await startHarness();
    const stored = await h.cluster.apply(inferenceService("fraud"), { dryRun: false, force: true });
    expect(stored).toMatchObject({
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { generation: 1 },
    });
    expect(h.fake.requestsFor("patch")[0]?.path).toBe(
      "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices/fraud",
    );
  });

  it("refuses a kind the cluster does not serve, naming it, without a PATCH", async () => {
    h = await startHarness({ fake: { uninstalled: ["InferenceService"] } });
    const fault = await faultOf(h.cluster.apply(inferenceService("fraud"), { dryRun: false, force: true }));
    expect(fault.kind).toBe("not-found");
    expect(fault.message).toContain(
      "does not serve serving.kserve.io/v1beta1 InferenceService (is its CRD installed?)",
    );
    expect(h.fake.counts().patch).toBe(0);
  });

  it("refuses a namespaced object without a namespace rather than using the context's default", async () => {
    h = await startHarness();
    const object = configMap("settings", {});
    delete object.metadata.namespace;
    const fault = await faultOf(h.cluster.apply(object, { dryRun: false, force: true }));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toBe("ConfigMap settings is of a namespaced kind but names no namespace.");
    expect(h.fake.counts().patch).toBe(0);
  });

  it("reports the API server's validation message as an invalid fault", async () => {
    h = await startHarness();
    const fault = await faultOf(
      h.cluster.apply(deployment("fraud", { labels: { tier: "not a label" } }), {
        dryRun: false,
        force: true,
      }),
    );
    expect(fault.kind).toBe("invalid");
    expect(fault.status).toBe(422);
    expect(fault.message).toMatch(
      /answered HTTP 422 Invalid: Deployment\.apps "fraud" is invalid: metadata\.labels/,
    );
  });

  it("reports a missing namespace as not-found", async () => {
    h = await startHarness();
    const fault = await faultOf(
      h.cluster.apply(deployment("fraud", { namespace: "nowhere" }), { dryRun: false, force: true }),
    );
    expect(fault.kind).toBe("not-found");
    expect(fault.message).toContain('namespaces "nowhere" not found');
  });

  it("refuses an object without apiVersion, kind or name", async () => {
    h = await startHarness();
    const fault = await faultOf(
      h.cluster.apply({ apiVersion: "v1", kind: "ConfigMap", metadata: {} } as never, {
        dryRun: false,
        force: true,
      }),
    );
    expect(fault.kind).toBe("invalid");
    expect(h.fake.requests).toEqual([]);
  });
});
