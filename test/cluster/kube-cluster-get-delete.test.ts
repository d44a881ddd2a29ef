import { afterEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./cluster-harness.ts";
import { deployment } from "./objects.ts";

const REF = { apiVersion: "apps/v1", kind: "Deployment", namespace: "ml", name: "fraud" };

describe("kube cluster adapter: get and delete", () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("gets an object, or null when it does not exist", async () => {
    h = await startHarness();
    expect(await h.cluster.get(REF)).toBeNull();
    h.fake.seed(deployment("fraud"));
    expect(await h.cluster.get(REF)).toEqual(h.fake.object(REF));
    expect(h.fake.requestsFor("get").map((r) => r.path)).toEqual([
      "/apis/apps/v1/namespaces/ml/deployments/fraud",
      "/apis/apps/v1/namespaces/ml/deployments/fraud",
    ]);
  });

  it("reads a cluster-scoped object at its cluster path, whatever namespace the reference carries", async () => {
    h = await startHarness();
    const ns = await h.cluster.get({ apiVersion: "v1", kind: "Namespace", namespace: "ignored", name: "ml" });
    expect(ns?.metadata.name).toBe("ml");
    expect(h.fake.requestsFor("get")[0]?.path).toBe("/api/v1/namespaces/ml");
  });

  it("deletes with the propagation policy asked for", async () => {
    h = await startHarness();
    h.fake.seed(deployment("fraud"));
    expect(await h.cluster.delete(REF, { propagation: "Foreground", dryRun: false })).toBe("deleted");
    expect(h.fake.object(REF)).toBeUndefined();
    expect(h.fake.requestsFor("delete")[0]?.query).toEqual({ propagationPolicy: "Foreground" });
  });

  it("answers absent for an object already gone (a prune that already happened)", async () => {
    h = await startHarness();
    expect(await h.cluster.delete(REF, { propagation: "Background", dryRun: false })).toBe("absent");
  });

  it("dry-runs a delete with dryRun=All and leaves the object", async () => {
    h = await startHarness();
    h.fake.seed(deployment("fraud"));
    expect(await h.cluster.delete(REF, { propagation: "Background", dryRun: true })).toBe("deleted");
    expect(h.fake.object(REF)).toBeDefined();
    expect(h.fake.requestsFor("delete")[0]?.query).toEqual({
      propagationPolicy: "Background",
      dryRun: "All",
    });
  });

  it("reports a forbidden delete as a forbidden fault with the RBAC message and a hint", async () => {
    h = await startHarness();
    h.fake.seed(deployment("fraud"));
    h.fake.failNext("delete deployments", 403);
    const fault = await faultOf(h.cluster.delete(REF, { propagation: "Background", dryRun: false }));
    expect(fault.kind).toBe("forbidden");
    expect(fault.message).toContain(
      'cannot delete resource "deployments" in API group "apps" in the namespace "ml"',
    );
    expect(fault.message).toContain("lacks RBAC permission");
    expect(h.fake.object(REF)).toBeDefined();
  });
});
