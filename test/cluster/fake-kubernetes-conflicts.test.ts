import { afterEach, describe, expect, it } from "vitest";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { deployment } from "./objects.ts";
import { apply, DEPLOYMENTS } from "./raw-http.ts";

const REF = { apiVersion: "apps/v1", kind: "Deployment", namespace: "ml", name: "fraud" };

function managersOf(object: { metadata: { managedFields?: { manager: string; fieldsV1: unknown }[] } }) {
  return Object.fromEntries((object.metadata.managedFields ?? []).map((m) => [m.manager, m.fieldsV1]));
}

describe("fake Kubernetes: field ownership and conflicts", () => {
  let fake: FakeKubernetes;
  afterEach(async () => fake.close());

  const withEditedReplicas = async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
    await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 2 }));
    fake.editAs("kubectl-edit", REF, (o) => {
      (o.spec as { replicas: number }).replicas = 7;
    });
  };

  it("gives an edited field to the editing manager, taking it from the applier", async () => {
    await withEditedReplicas();
    const managers = managersOf(fake.object(REF) as never);
    expect(managers["kubectl-edit"]).toEqual({ "f:spec": { "f:replicas": {} } });
    expect(JSON.stringify(managers.slipway)).not.toContain("f:replicas");
    const entry = fake.object(REF)?.metadata.managedFields as { manager: string; operation: string }[];
    expect(entry.find((m) => m.manager === "kubectl-edit")?.operation).toBe("Update");
  });

  it("answers 409 listing each conflict when another manager owns a field with a different value", async () => {
    await withEditedReplicas();
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 3 }));
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "Conflict",
      code: 409,
      message: 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
      details: {
        name: "fraud",
        group: "apps",
        kind: "deployments",
        causes: [
          {
            type: "FieldManagerConflict",
            message: 'conflict with "kubectl-edit" using apps/v1',
            field: ".spec.replicas",
          },
        ],
      },
    });
    expect(fake.object(REF)?.spec).toMatchObject({ replicas: 7 });
  });

  it("lists several conflicts in one message", async () => {
    await withEditedReplicas();
    fake.editAs("kubectl-edit", REF, (o) => {
      (o.metadata.labels as Record<string, string>).app = "hijacked";
    });
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 3 }));
    expect(answer.body.message).toMatch(/^Apply failed with 2 conflicts: /);
    expect(answer.body.details.causes.map((c: { field: string }) => c.field).sort()).toEqual([
      ".metadata.labels.app",
      ".spec.replicas",
    ]);
  });

  it("takes the fields with force=true, removing them from the other manager", async () => {
    await withEditedReplicas();
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 3 }), {
      force: "true",
    });
    expect(answer.status).toBe(200);
    expect(answer.body.spec.replicas).toBe(3);
    expect(managersOf(answer.body)["kubectl-edit"]).toBeUndefined();
    expect(JSON.stringify(managersOf(answer.body).slipway)).toContain("f:replicas");
    expect(answer.body.metadata.generation).toBe(3);
  });

  it("shares a field without conflict when the values agree", async () => {
    await withEditedReplicas();
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 7 }));
    expect(answer.status).toBe(200);
    const managers = managersOf(answer.body);
    expect(managers["kubectl-edit"]).toEqual({ "f:spec": { "f:replicas": {} } });
    expect(JSON.stringify(managers.slipway)).toContain("f:replicas");
  });

  it("does not conflict over fields nobody else owns, nor with a seeded object's fields the applier leaves alone", async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
    fake.seed(
      {
        ...deployment("fraud"),
        metadata: { name: "fraud", namespace: "ml", annotations: { note: "by hand" } },
      },
      "kubectl-create",
    );
    // kubectl-create owns the spec it created; applying the same values shares them, and the annotation stays.
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    expect(answer.status).toBe(200);
    expect(answer.body.metadata.annotations).toEqual({ note: "by hand" });
    const changed = await apply(
      fake,
      `${DEPLOYMENTS}/fraud`,
      deployment("fraud", { image: "ghcr.io/acme/server:2" }),
    );
    // The creator owns the container's image too: a new image conflicts, on that item's field.
    expect(changed.status).toBe(409);
    expect(changed.body.message).toContain(
      'conflict with "kubectl-create" using apps/v1: .spec.template.spec.containers[name="server"].image',
    );
  });
});
