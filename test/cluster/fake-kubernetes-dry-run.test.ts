import { afterEach, describe, expect, it } from "vitest";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { deployment } from "./objects.ts";
import { apply, DEPLOYMENTS, raw } from "./raw-http.ts";

const REF = { apiVersion: "apps/v1", kind: "Deployment", namespace: "ml", name: "fraud" };

describe("fake Kubernetes: dryRun=All", () => {
  let fake: FakeKubernetes;
  afterEach(async () => fake.close());

  const start = async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
  };

  it("returns the object a create would make and stores nothing", async () => {
    await start();
    const revision = fake.state.store.revision;
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"), { dryRun: "All" });
    expect(answer.status).toBe(201);
    expect(answer.body.metadata).toMatchObject({ name: "fraud", generation: 1 });
    expect(answer.body.metadata.uid).toBeTypeOf("string");
    expect(answer.body.metadata.resourceVersion).toBeUndefined();
    expect(fake.object(REF)).toBeUndefined();
    expect((await raw(fake, "GET", `${DEPLOYMENTS}/fraud`)).status).toBe(404);
    expect(fake.state.store.revision).toBe(revision);
  });

  it("returns the merged object an update would store, leaving the stored one as it was", async () => {
    await start();
    const stored = (await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 2 }))).body;
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 4 }), {
      dryRun: "All",
    });
    expect(answer.status).toBe(200);
    expect(answer.body.spec.replicas).toBe(4);
    expect(answer.body.metadata.generation).toBe(2);
    expect(answer.body.metadata.resourceVersion).toBe(stored.metadata.resourceVersion);
    expect(fake.object(REF)).toEqual(stored);
  });

  it("still reports conflicts on a dry run", async () => {
    await start();
    await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    fake.editAs("hpa-controller", REF, (o) => {
      (o.spec as { replicas: number }).replicas = 9;
    });
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 1 }), {
      dryRun: "All",
    });
    expect(answer.status).toBe(409);
  });

  it("keeps the object on a dry-run delete", async () => {
    await start();
    await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    const answer = await raw(fake, "DELETE", `${DEPLOYMENTS}/fraud?dryRun=All&propagationPolicy=Background`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      kind: "Status",
      status: "Success",
      details: { name: "fraud", kind: "deployments" },
    });
    expect(fake.object(REF)).toBeDefined();
  });

  it("refuses an unknown dryRun value with 422", async () => {
    await start();
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"), { dryRun: "Server" });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toContain('dryRun: Unsupported value: "Server"');
    expect(fake.object(REF)).toBeUndefined();
  });
});
