import { afterEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./cluster-harness.ts";
import { configMap } from "./objects.ts";

describe("kube cluster adapter: create", () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("creates an object with POST and returns it as stored", async () => {
    h = await startHarness();
    const created = await h.cluster.create(configMap("state", { "store.json": "{}" }));
    expect(created).toEqual(h.fake.object(created));
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    const [request] = h.fake.requests.filter((r) => r.method === "POST");
    expect(request).toMatchObject({
      path: "/api/v1/namespaces/ml/configmaps",
      query: { fieldManager: "slipway" },
      contentType: "application/json",
    });
  });

  it("answers a conflict fault when the name is taken, without retrying it", async () => {
    h = await startHarness();
    await h.cluster.create(configMap("state", { a: "1" }));
    const fault = await faultOf(h.cluster.create(configMap("state", { a: "2" })));
    expect(fault.kind).toBe("conflict");
    expect(fault.message).toContain('HTTP 409 AlreadyExists: configmaps "state" already exists');
    expect(h.fake.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    expect(h.sleeps).toEqual([]);
  });

  it("retries a create the server failed with a transient error", async () => {
    h = await startHarness();
    h.fake.failNext((r) => r.method === "POST", 503);
    await h.cluster.create(configMap("state", { a: "1" }));
    expect(h.sleeps).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.method === "POST").map((r) => r.status)).toEqual([503, 201]);
  });

  it("reports a missing namespace and an unserved kind as not-found faults", async () => {
    h = await startHarness({ fake: { uninstalled: ["InferenceService"] } });
    const missing = await faultOf(h.cluster.create(configMap("state", {}, { namespace: "nowhere" })));
    expect([missing.kind, missing.message]).toEqual([
      "not-found",
      expect.stringContaining('namespaces "nowhere" not found'),
    ]);
    const isvc = {
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { name: "m", namespace: "ml" },
    };
    expect((await faultOf(h.cluster.create(isvc))).kind).toBe("not-found");
    expect(h.fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});
