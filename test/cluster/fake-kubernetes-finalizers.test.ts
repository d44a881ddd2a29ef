import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { configMap, inferenceService } from "./objects.ts";
import { apply, CONFIGMAPS, raw } from "./raw-http.ts";

const ISVCS = "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices";
const KSERVE = "inferenceservice.finalizers";
const REF = {
  apiVersion: "serving.kserve.io/v1beta1",
  kind: "InferenceService",
  namespace: "ml",
  name: "fraud",
};

/** What KServe's controller does on its first reconcile, and when it has cleaned up after a delete. */
const addFinalizer = (fake: FakeKubernetes) =>
  fake.editAs("kserve-controller", REF, (o) => {
    o.metadata.finalizers = [KSERVE];
  });
const removeFinalizer = (fake: FakeKubernetes) =>
  fake.editAs("kserve-controller", REF, (o) => {
    o.metadata.finalizers = [];
  });

describe("fake Kubernetes: finalizers and terminating namespaces", () => {
  let fake: FakeKubernetes;
  beforeEach(async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
  });
  afterEach(async () => fake.close());

  it("marks an object with finalizers for deletion and keeps it until the last one is removed", async () => {
    await apply(fake, `${ISVCS}/fraud`, inferenceService("fraud"));
    const before = addFinalizer(fake);
    const deleted = await raw(fake, "DELETE", `${ISVCS}/fraud`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.kind).toBe("InferenceService");
    const since = deleted.body.metadata.deletionTimestamp;
    expect(since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(deleted.body.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(deleted.body.metadata.generation).toBe(Number(before.metadata.generation) + 1);
    expect(Number(deleted.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(before.metadata.resourceVersion),
    );
    // Still there, readable and writable; a second delete changes nothing.
    const again = await raw(fake, "DELETE", `${ISVCS}/fraud`);
    expect(again.body.metadata).toMatchObject({
      deletionTimestamp: since,
      resourceVersion: deleted.body.metadata.resourceVersion,
    });
    const updated = await apply(
      fake,
      `${ISVCS}/fraud`,
      inferenceService("fraud", { storageUri: "s3://models/fraud/8" }),
      {
        force: "true",
      },
    );
    expect(updated.status).toBe(200);
    expect(updated.body.metadata.deletionTimestamp).toBe(since);
    removeFinalizer(fake);
    expect((await raw(fake, "GET", `${ISVCS}/fraud`)).status).toBe(404);
    expect(fake.object(REF)).toBeUndefined();
  });

  it("refuses a new finalizer on an object being deleted, as ValidateObjectMetaUpdate does", async () => {
    await apply(fake, `${ISVCS}/fraud`, inferenceService("fraud"));
    addFinalizer(fake);
    await raw(fake, "DELETE", `${ISVCS}/fraud`);
    const body = inferenceService("fraud");
    body.metadata.finalizers = ["example.com/hold"];
    const refused = await apply(fake, `${ISVCS}/fraud`, body, { force: "true" });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toBe(
      'InferenceService.serving.kserve.io "fraud" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/hold"}',
    );
  });

  it("leaves an object without finalizers at once, and a dry run leaves everything", async () => {
    await apply(fake, `${CONFIGMAPS}/settings`, configMap("settings", { a: "1" }));
    await apply(fake, `${ISVCS}/fraud`, inferenceService("fraud"));
    addFinalizer(fake);
    const dry = await raw(fake, "DELETE", `${ISVCS}/fraud?dryRun=All`);
    expect(dry.body.metadata.deletionTimestamp).toBeDefined();
    expect(fake.object(REF)?.metadata.deletionTimestamp).toBeUndefined();
    const gone = await raw(fake, "DELETE", `${CONFIGMAPS}/settings`);
    expect(gone.body).toMatchObject({ kind: "Status", status: "Success" });
    expect((await raw(fake, "GET", `${CONFIGMAPS}/settings`)).status).toBe(404);
  });

  it("terminates a namespace: its content goes, what has finalizers waits, and nothing new may be created there", async () => {
    await apply(fake, `${CONFIGMAPS}/settings`, configMap("settings", { a: "1" }));
    await apply(fake, `${ISVCS}/fraud`, inferenceService("fraud"));
    addFinalizer(fake);
    const terminating = await raw(fake, "DELETE", "/api/v1/namespaces/ml");
    expect(terminating.status).toBe(200);
    expect(terminating.body).toMatchObject({ kind: "Namespace", status: { phase: "Terminating" } });
    expect((await raw(fake, "GET", `${CONFIGMAPS}/settings`)).status).toBe(404);
    expect(fake.object(REF)?.metadata.deletionTimestamp).toBeDefined();

    const created = await apply(fake, `${CONFIGMAPS}/other`, configMap("other", { a: "1" }));
    expect(created.status).toBe(403);
    expect(created.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        'configmaps "other" is forbidden: unable to create new content in namespace ml because it is being terminated',
      reason: "Forbidden",
      details: {
        name: "other",
        kind: "configmaps",
        causes: [
          {
            type: "NamespaceTerminating",
            message: "namespace ml is being terminated",
            field: "metadata.namespace",
          },
        ],
      },
      code: 403,
    });
    const posted = await raw(fake, "POST", `${CONFIGMAPS}?fieldManager=slipway`, {
      body: configMap("posted", { a: "1" }),
      contentType: "application/json",
    });
    expect(posted.body.details.causes[0].type).toBe("NamespaceTerminating");
    const lease = await raw(fake, "POST", "/apis/coordination.k8s.io/v1/namespaces/ml/leases", {
      body: {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name: "l" },
        spec: {},
      } as KubeObject,
      contentType: "application/json",
    });
    expect(lease.status).toBe(403);
    // What is there may still be written: that is how its finalizers get removed.
    removeFinalizer(fake);
    expect(fake.objects()).toEqual([]);
    expect((await raw(fake, "GET", "/api/v1/namespaces/ml")).status).toBe(404);
  });

  it("lets an empty namespace go at once", async () => {
    fake.namespaces("empty");
    const answer = await raw(fake, "DELETE", "/api/v1/namespaces/empty");
    expect(answer.body).toMatchObject({ kind: "Status", status: "Success" });
    expect((await raw(fake, "GET", "/api/v1/namespaces/empty")).status).toBe(404);
  });
});
