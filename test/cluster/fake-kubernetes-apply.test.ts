import { afterEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { configMap, deployment } from "./objects.ts";
import { apply, CONFIGMAPS, DEPLOYMENTS, raw } from "./raw-http.ts";

describe("fake Kubernetes: server-side apply", () => {
  let fake: FakeKubernetes;
  afterEach(async () => fake.close());

  const start = async () => {
    fake = await startFakeKubernetes({ clock: () => Date.UTC(2026, 10, 25, 12, 0, 0, 750) });
    fake.namespaces("ml");
  };

  it("creates with 201, setting uid, creationTimestamp, generation 1 and a resourceVersion", async () => {
    await start();
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    expect(answer.status).toBe(201);
    const meta = answer.body.metadata;
    expect(meta).toMatchObject({
      name: "fraud",
      namespace: "ml",
      generation: 1,
      creationTimestamp: "2026-11-25T12:00:00Z",
    });
    expect(meta.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Number(meta.resourceVersion)).toBeGreaterThan(0);
    expect(answer.body.spec.replicas).toBe(2);
    expect(fake.object(answer.body)).toEqual(answer.body);
  });

  it("records the manager's fields in managedFields as FieldsV1", async () => {
    await start();
    const { body } = await apply(fake, `${CONFIGMAPS}/settings`, configMap("settings", { a: "1" }));
    expect(body.metadata.managedFields).toEqual([
      {
        manager: "slipway",
        operation: "Apply",
        apiVersion: "v1",
        time: "2026-11-25T12:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:data": { "f:a": {} },
          "f:metadata": {
            "f:labels": { "f:app.kubernetes.io/managed-by": {}, "f:slipway.dev/environment": {} },
          },
        },
      },
    ]);
  });

  it("takes a YAML body as well as JSON", async () => {
    await start();
    const answer = await raw(fake, "PATCH", `${CONFIGMAPS}/settings?fieldManager=slipway`, {
      body: YAML.stringify(configMap("settings", { threshold: "0.5" })),
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toEqual({ threshold: "0.5" });
  });

  it("bumps generation on spec changes only, and resourceVersion on every write", async () => {
    await start();
    const first = (await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"))).body.metadata;
    const relabelled = (
      await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { labels: { tier: "gold" } }))
    ).body.metadata;
    expect(relabelled.generation).toBe(1);
    expect(Number(relabelled.resourceVersion)).toBeGreaterThan(Number(first.resourceVersion));
    const scaled = (
      await apply(
        fake,
        `${DEPLOYMENTS}/fraud`,
        deployment("fraud", { replicas: 5, labels: { tier: "gold" } }),
      )
    ).body;
    expect(scaled.metadata.generation).toBe(2);
    expect(Number(scaled.metadata.resourceVersion)).toBeGreaterThan(Number(relabelled.resourceVersion));
    expect(scaled.spec.replicas).toBe(5);
    expect(scaled.metadata.uid).toBe(first.uid);
  });

  it("writes nothing for an apply that changes nothing", async () => {
    await start();
    const first = (await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"))).body;
    const again = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);
  });

  it("removes a field the manager stops applying, unless another manager owns it", async () => {
    await start();
    await apply(fake, `${CONFIGMAPS}/settings`, configMap("settings", { a: "1", b: "2", c: "3" }));
    fake.editAs(
      "kubectl-edit",
      { apiVersion: "v1", kind: "ConfigMap", namespace: "ml", name: "settings" },
      (o) => {
        (o.data as Record<string, string>).c = "30";
      },
    );
    const answer = await apply(fake, `${CONFIGMAPS}/settings`, configMap("settings", { a: "1" }));
    // b was only Slipway's: gone. c was taken over by kubectl-edit: kept with its edited value.
    expect(answer.body.data).toEqual({ a: "1", c: "30" });
  });

  it("ignores status on kinds with a status subresource", async () => {
    await start();
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, {
      ...deployment("fraud"),
      status: { replicas: 9 },
    });
    expect(answer.body.status).toBeUndefined();
  });

  it("refuses an apply without a fieldManager (422) and other patch types (415)", async () => {
    await start();
    const noManager = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"), { fieldManager: "" });
    expect(noManager.status).toBe(422);
    expect(noManager.body.message).toContain("fieldManager: Required value: is required for apply patch");
    const merge = await raw(fake, "PATCH", `${DEPLOYMENTS}/fraud?fieldManager=x`, {
      body: deployment("fraud"),
      contentType: "application/merge-patch+json",
    });
    expect(merge.status).toBe(415);
    expect(fake.objects("Deployment")).toEqual([]);
  });

  it("answers 400 for a body that disagrees with the URL or is not YAML", async () => {
    await start();
    const cases: [unknown, string][] = [
      [deployment("other"), "does not match the name on the URL"],
      [deployment("fraud", { namespace: "prod" }), "does not match the namespace sent on the request"],
      [{ ...deployment("fraud"), kind: "StatefulSet" }, "the kind in the data (StatefulSet) does not match"],
      [
        { ...deployment("fraud"), apiVersion: "apps/v1beta1" },
        "does not match the expected API version (apps/v1)",
      ],
      ["{not: [yaml", "error decoding YAML"],
      [
        { ...deployment("fraud"), metadata: { name: "fraud", managedFields: [] } },
        "metadata.managedFields must be nil",
      ],
    ];
    for (const [body, message] of cases) {
      const answer = await raw(fake, "PATCH", `${DEPLOYMENTS}/fraud?fieldManager=slipway`, { body });
      expect(answer.status, message).toBe(400);
      expect(answer.body).toMatchObject({ kind: "Status", reason: "BadRequest" });
      expect(answer.body.message).toContain(message);
    }
  });

  it("answers 422 with field causes for invalid metadata and admission problems", async () => {
    await start();
    const badName = await apply(fake, `${DEPLOYMENTS}/Fraud_1`, {
      ...deployment("fraud"),
      metadata: { name: "Fraud_1", namespace: "ml" },
    });
    expect(badName.status).toBe(422);
    expect(badName.body).toMatchObject({
      reason: "Invalid",
      details: { name: "Fraud_1", group: "apps", kind: "deployments" },
    });
    expect(badName.body.details.causes[0].field).toBe("metadata.name");
    const badLabel = await apply(
      fake,
      `${DEPLOYMENTS}/fraud`,
      deployment("fraud", { labels: { tier: "not a label" } }),
    );
    expect(badLabel.status).toBe(422);
    expect(badLabel.body.message).toMatch(
      /^Deployment\.apps "fraud" is invalid: metadata\.labels: Invalid value/,
    );
    fake.admit((o) =>
      o.spec && (o.spec as { replicas?: number }).replicas === 0
        ? [{ field: "spec.replicas", message: "must be positive" }]
        : [],
    );
    const admitted = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 0 }));
    expect(admitted.status).toBe(422);
    expect(admitted.body.details.causes).toEqual([
      { reason: "FieldValueInvalid", field: "spec.replicas", message: "must be positive" },
    ]);
  });

  it("answers 404 when the namespace does not exist, and 409 on a stale resourceVersion", async () => {
    await start();
    const missing = await apply(
      fake,
      "/apis/apps/v1/namespaces/nowhere/deployments/fraud",
      deployment("fraud", { namespace: "nowhere" }),
    );
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('namespaces "nowhere" not found');
    await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    const stale = await apply(fake, `${DEPLOYMENTS}/fraud`, {
      ...deployment("fraud"),
      metadata: { ...deployment("fraud").metadata, resourceVersion: "1" },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain("the object has been modified");
  });
});
