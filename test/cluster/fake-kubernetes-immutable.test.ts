import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { configMap, deployment } from "./objects.ts";
import { apply, CONFIGMAPS, DEPLOYMENTS, raw } from "./raw-http.ts";

const JOBS = "/apis/batch/v1/namespaces/ml/jobs";

const job = (image: string): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "feast-apply", namespace: "ml" },
  spec: {
    backoffLimit: 2,
    template: { spec: { restartPolicy: "Never", containers: [{ name: "feast", image }] } },
  },
});

describe("fake Kubernetes: immutable fields and size limits", () => {
  let fake: FakeKubernetes;
  beforeEach(async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
  });
  afterEach(async () => fake.close());

  it("refuses a change to a Job's pod template with 422, as ValidateJobUpdate does; the rest of the spec may change", async () => {
    expect((await apply(fake, `${JOBS}/feast-apply`, job("feast:1"))).status).toBe(201);
    const changed = await apply(fake, `${JOBS}/feast-apply`, job("feast:2"), { dryRun: "All" });
    expect(changed.status).toBe(422);
    expect(changed.body.reason).toBe("Invalid");
    expect(changed.body.message).toBe(
      'Job.batch "feast-apply" is invalid: spec.template: Invalid value: {"spec":{"restartPolicy":"Never","containers":[{"name":"feast","image":"feast:2"}]}}: field is immutable',
    );
    expect(changed.body.details.causes).toEqual([
      {
        reason: "FieldValueInvalid",
        message:
          'Invalid value: {"spec":{"restartPolicy":"Never","containers":[{"name":"feast","image":"feast:2"}]}}: field is immutable',
        field: "spec.template",
      },
    ]);
    const backoff = job("feast:1");
    (backoff.spec as { backoffLimit: number }).backoffLimit = 4;
    expect((await apply(fake, `${JOBS}/feast-apply`, backoff)).status).toBe(200);
  });

  it("refuses a change to a Deployment's selector", async () => {
    await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    const moved = deployment("fraud");
    (moved.spec as { selector: object }).selector = { matchLabels: { app: "fraud", version: "7" } };
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, moved);
    expect(answer.status).toBe(422);
    expect(answer.body.message).toBe(
      'Deployment.apps "fraud" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"fraud","version":"7"}}: field is immutable',
    );
    expect((await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud", { replicas: 5 }))).status).toBe(
      200,
    );
  });

  it("keeps an immutable ConfigMap's data and its immutability", async () => {
    const frozen = { ...configMap("feast-1", { a: "1" }), immutable: true };
    await apply(fake, `${CONFIGMAPS}/feast-1`, frozen);
    const edited = await apply(fake, `${CONFIGMAPS}/feast-1`, { ...frozen, data: { a: "2" } });
    expect(edited.status).toBe(422);
    expect(edited.body.message).toBe(
      'ConfigMap "feast-1" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    const thawed = await apply(fake, `${CONFIGMAPS}/feast-1`, { ...frozen, immutable: false });
    expect(thawed.body.message).toBe(
      'ConfigMap "feast-1" is invalid: immutable: Forbidden: field is immutable when `immutable` is set',
    );
    expect((await apply(fake, `${CONFIGMAPS}/feast-1`, frozen)).status).toBe(200);
  });

  it("refuses a ConfigMap whose values total more than 1 MiB, applied or created", async () => {
    const limit = 1024 * 1024;
    expect(
      (await apply(fake, `${CONFIGMAPS}/full`, configMap("full", { a: "x".repeat(limit - 1), b: "y" })))
        .status,
    ).toBe(201);
    const big = configMap("big", { a: "x".repeat(limit), b: "é" });
    const applied = await apply(fake, `${CONFIGMAPS}/big`, big);
    expect(applied.status).toBe(422);
    expect(applied.body.message).toBe(
      'ConfigMap "big" is invalid: []: Too long: must have at most 1048576 bytes',
    );
    const posted = await raw(fake, "POST", `${CONFIGMAPS}?fieldManager=slipway`, {
      body: big,
      contentType: "application/json",
    });
    expect(posted.status).toBe(422);
    expect(fake.object(big)).toBeUndefined();
  });

  it("shows admission checks the object an update replaces", async () => {
    const seen: (string | undefined)[] = [];
    fake.admit((object, _spec, old) => {
      seen.push((old?.data as { a?: string } | undefined)?.a);
      return old && (object.data as { a: string }).a < (old.data as { a: string }).a
        ? [{ field: "data.a", message: "Invalid value: may only grow" }]
        : [];
    });
    await apply(fake, `${CONFIGMAPS}/grow`, configMap("grow", { a: "2" }));
    const shrunk = await apply(fake, `${CONFIGMAPS}/grow`, configMap("grow", { a: "1" }));
    expect(shrunk.body.message).toBe('ConfigMap "grow" is invalid: data.a: Invalid value: may only grow');
    expect(seen).toEqual([undefined, "2"]);
  });
});
