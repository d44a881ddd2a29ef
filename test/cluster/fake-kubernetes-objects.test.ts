import { afterEach, describe, expect, it } from "vitest";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { configMap, deployment } from "./objects.ts";
import { apply, CONFIGMAPS, DEPLOYMENTS, raw } from "./raw-http.ts";

const REF = { apiVersion: "apps/v1", kind: "Deployment", namespace: "ml", name: "fraud" };

describe("fake Kubernetes: GET, DELETE and test-set status", () => {
  let fake: FakeKubernetes;
  afterEach(async () => fake.close());

  const start = async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
  };

  it("answers a missing object with 404 and the API server's Status", async () => {
    await start();
    const answer = await raw(fake, "GET", `${DEPLOYMENTS}/ghost`);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'deployments.apps "ghost" not found',
      reason: "NotFound",
      details: { name: "ghost", group: "apps", kind: "deployments" },
      code: 404,
    });
    expect((await raw(fake, "GET", `${CONFIGMAPS}/ghost`)).body.message).toBe('configmaps "ghost" not found');
  });

  it("sets status as a controller would: resourceVersion moves, generation does not", async () => {
    await start();
    const applied = (await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"))).body;
    const after = fake.setStatus(REF, { observedGeneration: 1, replicas: 2, availableReplicas: 2 });
    expect(after.status).toEqual({ observedGeneration: 1, replicas: 2, availableReplicas: 2 });
    expect(after.metadata.generation).toBe(1);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(applied.metadata.resourceVersion));
    expect((await raw(fake, "GET", `${DEPLOYMENTS}/fraud/status`)).body.status.availableReplicas).toBe(2);
    // A later apply by Slipway keeps the controller's status.
    const reapplied = (await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 3 }))).body;
    expect(reapplied.status.availableReplicas).toBe(2);
    expect(reapplied.metadata.generation).toBe(2);
  });

  it("deletes with a propagation policy, then answers 404", async () => {
    await start();
    const created = (await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"))).body;
    const answer = await raw(fake, "DELETE", `${DEPLOYMENTS}/fraud?propagationPolicy=Foreground`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: "Success",
      details: { name: "fraud", group: "apps", kind: "deployments", uid: created.metadata.uid },
    });
    expect(fake.object(REF)).toBeUndefined();
    expect((await raw(fake, "DELETE", `${DEPLOYMENTS}/fraud`)).status).toBe(404);
    expect(fake.requestsFor("delete").map((r) => r.query.propagationPolicy)).toEqual([
      "Foreground",
      undefined,
    ]);
  });

  it("reads the propagation policy from a DeleteOptions body too, and refuses unknown policies", async () => {
    await start();
    await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    const bad = await raw(fake, "DELETE", `${DEPLOYMENTS}/fraud`, {
      body: { propagationPolicy: "Eventually" },
      contentType: "application/json",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain('propagationPolicy: Unsupported value: "Eventually"');
    const good = await raw(fake, "DELETE", `${DEPLOYMENTS}/fraud`, {
      body: { propagationPolicy: "Orphan" },
      contentType: "application/json",
    });
    expect(good.status).toBe(200);
  });

  it("deletes what a namespace holds along with it", async () => {
    await start();
    await apply(fake, `${CONFIGMAPS}/settings`, configMap("settings", { a: "1" }));
    expect((await raw(fake, "DELETE", "/api/v1/namespaces/ml")).status).toBe(200);
    expect(fake.objects()).toEqual([]);
  });
});
