import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { apply, raw } from "./raw-http.ts";

const LEASES = "/apis/coordination.k8s.io/v1/namespaces/ml/leases";

const lease = (name: string, spec: Record<string, unknown>, resourceVersion?: string) => ({
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  metadata: { name, namespace: "ml", ...(resourceVersion ? { resourceVersion } : {}) },
  spec,
});

const HELD = {
  holderIdentity: "replica-a",
  leaseDurationSeconds: 15,
  acquireTime: "2026-11-02T10:00:00.000000Z",
  renewTime: "2026-11-02T10:00:00.000000Z",
  leaseTransitions: 0,
};

const post = (fake: FakeKubernetes, body: unknown, query = "?fieldManager=slipway") =>
  raw(fake, "POST", `${LEASES}${query}`, { body, contentType: "application/json" });
const put = (fake: FakeKubernetes, name: string, body: unknown) =>
  raw(fake, "PUT", `${LEASES}/${name}?fieldManager=slipway`, { body, contentType: "application/json" });

describe("fake Kubernetes: coordination.k8s.io/v1 Leases", () => {
  let fake: FakeKubernetes;
  beforeEach(async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
  });
  afterEach(async () => fake.close());

  it("serves leases in discovery", async () => {
    const answer = await raw(fake, "GET", "/apis/coordination.k8s.io/v1");
    expect(answer.body.resources).toContainEqual(
      expect.objectContaining({ name: "leases", kind: "Lease", namespaced: true }),
    );
  });

  it("creates a lease once; a second create of the name is 409 AlreadyExists", async () => {
    const first = await post(fake, lease("leader", HELD));
    expect(first.status).toBe(201);
    expect(first.body.spec).toEqual(HELD);
    expect(first.body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(first.body.metadata.managedFields[0]).toMatchObject({ manager: "slipway", operation: "Update" });
    const second = await post(fake, lease("leader", { ...HELD, holderIdentity: "replica-b" }));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      reason: "AlreadyExists",
      message: 'leases.coordination.k8s.io "leader" already exists',
      details: { name: "leader", group: "coordination.k8s.io", kind: "leases" },
    });
    const got = await raw(fake, "GET", `${LEASES}/leader`);
    expect(got.body.spec.holderIdentity).toBe("replica-a");
  });

  it("replaces with the current resourceVersion and refuses a stale one with 409 Conflict", async () => {
    const created = await post(fake, lease("leader", HELD));
    const rv = created.body.metadata.resourceVersion as string;
    const renewed = { ...HELD, renewTime: "2026-11-02T10:00:02.000000Z" };
    const ok = await put(fake, "leader", lease("leader", renewed, rv));
    expect(ok.status).toBe(200);
    expect(ok.body.spec.renewTime).toBe("2026-11-02T10:00:02.000000Z");
    expect(Number(ok.body.metadata.resourceVersion)).toBeGreaterThan(Number(rv));
    const stale = await put(fake, "leader", lease("leader", { ...HELD, holderIdentity: "replica-b" }, rv));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      reason: "Conflict",
      message:
        'Operation cannot be fulfilled on leases.coordination.k8s.io "leader": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect((await raw(fake, "GET", `${LEASES}/leader`)).body.spec.holderIdentity).toBe("replica-a");
  });

  it("replaces unconditionally without a resourceVersion, and a no-op replace keeps the resourceVersion", async () => {
    const created = await post(fake, lease("leader", HELD));
    const same = await put(fake, "leader", lease("leader", HELD));
    expect(same.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    const taken = await put(fake, "leader", lease("leader", { ...HELD, holderIdentity: "replica-b" }));
    expect(taken.status).toBe(200);
    expect(taken.body.spec.holderIdentity).toBe("replica-b");
    expect(taken.body.metadata.uid).toBe(created.body.metadata.uid);
  });

  it("creates on PUT when absent, as the API server does for Leases, even naming a resourceVersion", async () => {
    // A Lease deleted by hand while its holder renews: the renewal (naming the version it last wrote)
    // creates it again, with a fresh version; the stale version is not compared with anything.
    const renewed = await put(fake, "gone", lease("gone", HELD, "150"));
    expect(renewed.status).toBe(201);
    expect(renewed.body.metadata.resourceVersion).not.toBe("150");
    expect((await raw(fake, "GET", `${LEASES}/gone`)).body.spec).toEqual(HELD);
    expect((await put(fake, "fresh", lease("fresh", HELD))).status).toBe(201);
    // Once it exists, the version is a precondition again.
    expect((await put(fake, "gone", lease("gone", HELD, "150"))).status).toBe(409);
  });

  it("honours a resourceVersion precondition on server-side apply too", async () => {
    const created = await post(fake, lease("leader", HELD));
    const stale = await apply(fake, `${LEASES}/leader`, lease("leader", HELD, "1"), { force: "true" });
    expect(stale.status).toBe(409);
    const current = created.body.metadata.resourceVersion as string;
    const fresh = await apply(
      fake,
      `${LEASES}/leader`,
      lease("leader", { ...HELD, renewTime: "2026-11-02T10:00:04.000000Z" }, current),
      { force: "true" },
    );
    expect(fresh.status).toBe(200);
  });

  it.each([
    [
      { leaseDurationSeconds: "15" },
      400,
      "cannot unmarshal string into Go struct field LeaseSpec.spec.leaseDurationSeconds of type int32",
    ],
    [{ renewTime: "2026-11-02T10:00:00Z" }, 400, 'parsing time "2026-11-02T10:00:00Z"'],
    [{ holderIdentity: 7 }, 400, "LeaseSpec.spec.holderIdentity of type string"],
    [{ leaseDurationSeconds: 0 }, 422, "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"],
    [
      { leaseTransitions: -1 },
      422,
      "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
    ],
  ])("refuses the spec %j with %i", async (spec, status, message) => {
    const answer = await post(fake, lease("leader", { ...HELD, ...spec }));
    expect(answer.status).toBe(status);
    expect(answer.body.message).toContain(message);
    expect((await raw(fake, "GET", `${LEASES}/leader`)).status).toBe(404);
  });

  it("refuses a create in a namespace that does not exist, other content types, and POST/PUT on other kinds", async () => {
    const elsewhere = await raw(fake, "POST", "/apis/coordination.k8s.io/v1/namespaces/nope/leases", {
      body: { ...lease("leader", HELD), metadata: { name: "leader" } },
      contentType: "application/json",
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.message).toBe('namespaces "nope" not found');
    const yaml = await raw(fake, "POST", LEASES, { body: lease("leader", HELD) });
    expect(yaml.status).toBe(415);
    // ConfigMaps take POST too (routes-create.ts, the environment store's first write); other kinds do not.
    const other = await raw(fake, "POST", "/apis/apps/v1/namespaces/ml/deployments", {
      body: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" } },
      contentType: "application/json",
    });
    expect(other.status).toBe(405);
    const named = await raw(fake, "POST", `${LEASES}/leader`, {
      body: lease("leader", HELD),
      contentType: "application/json",
    });
    expect(named.status).toBe(405);
  });
});
