import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { configMap } from "./objects.ts";
import { apply, CONFIGMAPS, raw } from "./raw-http.ts";

const post = (fake: FakeKubernetes, body: unknown, path = CONFIGMAPS, query = "?fieldManager=slipway") =>
  raw(fake, "POST", `${path}${query}`, { body, contentType: "application/json" });

describe("fake Kubernetes: create (POST)", () => {
  let fake: FakeKubernetes;
  beforeEach(async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
  });
  afterEach(async () => fake.close());

  it("creates an object named in its body, owned by the field manager as an Update", async () => {
    const answer = await post(fake, configMap("state", { "store.json": "{}" }));
    expect(answer.status).toBe(201);
    expect(answer.body.metadata).toMatchObject({ name: "state", namespace: "ml", generation: 1 });
    expect(answer.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(answer.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: "slipway", operation: "Update" }),
    ]);
    expect(fake.object(answer.body)).toEqual(answer.body);
    const got = await raw(fake, "GET", `${CONFIGMAPS}/state`);
    expect(got.body.data).toEqual({ "store.json": "{}" });
  });

  it("refuses a taken name with 409 AlreadyExists and leaves the object as it was", async () => {
    await post(fake, configMap("state", { a: "1" }));
    const again = await post(fake, configMap("state", { a: "2" }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      reason: "AlreadyExists",
      message: 'configmaps "state" already exists',
      details: { name: "state", kind: "configmaps" },
    });
    expect(fake.object(configMap("state", {}))?.data).toEqual({ a: "1" });
  });

  it("refuses a resourceVersion, a missing namespace, a bad name, another content type and a named URL", async () => {
    const withVersion = configMap("state", {});
    withVersion.metadata.resourceVersion = "7";
    expect((await post(fake, withVersion)).body.message).toBe(
      "resourceVersion should not be set on objects to be created",
    );
    const elsewhere = await post(
      fake,
      configMap("state", {}, { namespace: "prod" }),
      "/api/v1/namespaces/prod/configmaps",
    );
    expect([elsewhere.status, elsewhere.body.message]).toEqual([404, 'namespaces "prod" not found']);
    expect((await post(fake, configMap("Bad_Name", {}))).status).toBe(422);
    const yaml = await raw(fake, "POST", CONFIGMAPS, { body: configMap("state", {}) });
    expect(yaml.status).toBe(415);
    const named = await raw(fake, "POST", `${CONFIGMAPS}/state`, {
      body: configMap("state", {}),
      contentType: "application/json",
    });
    expect(named.status).toBe(405);
    expect(fake.objects("ConfigMap")).toEqual([]);
  });

  it("dry-runs a create without storing it", async () => {
    const answer = await post(fake, configMap("state", {}), CONFIGMAPS, "?fieldManager=slipway&dryRun=All");
    expect(answer.status).toBe(201);
    expect(fake.objects("ConfigMap")).toEqual([]);
  });

  it("then honours the created resourceVersion as an apply precondition (409 when stale)", async () => {
    const created = await post(fake, configMap("state", { a: "1" }));
    const rv = created.body.metadata.resourceVersion as string;
    const next = configMap("state", { a: "2" });
    next.metadata.resourceVersion = rv;
    expect((await apply(fake, `${CONFIGMAPS}/state`, next, { force: "true" })).status).toBe(200);
    next.data = { a: "3" };
    const stale = await apply(fake, `${CONFIGMAPS}/state`, next, { force: "true" });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain("the object has been modified");
    expect(fake.object(next)?.data).toEqual({ a: "2" });
  });
});
