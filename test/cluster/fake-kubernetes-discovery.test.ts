import { afterEach, describe, expect, it } from "vitest";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { raw } from "./raw-http.ts";

describe("fake Kubernetes: discovery and authentication", () => {
  let fake: FakeKubernetes;
  afterEach(async () => fake.close());

  it("serves the core versions, the group list and an APIResourceList per group version", async () => {
    fake = await startFakeKubernetes();
    expect((await raw(fake, "GET", "/api")).body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = (await raw(fake, "GET", "/apis")).body;
    expect(groups.kind).toBe("APIGroupList");
    const kserve = groups.groups.find((g: { name: string }) => g.name === "serving.kserve.io");
    expect(kserve.versions.map((v: { version: string }) => v.version).sort()).toEqual([
      "v1alpha1",
      "v1beta1",
    ]);
    const apps = (await raw(fake, "GET", "/apis/apps/v1")).body;
    expect(apps).toMatchObject({ kind: "APIResourceList", groupVersion: "apps/v1" });
    expect(apps.resources.map((r: { name: string }) => r.name)).toEqual([
      "deployments",
      "deployments/status",
    ]);
    const core = (await raw(fake, "GET", "/api/v1")).body.resources;
    expect(core.find((r: { kind: string }) => r.kind === "Namespace")).toMatchObject({
      name: "namespaces",
      namespaced: false,
    });
    expect(core.find((r: { kind: string }) => r.kind === "ConfigMap")).toMatchObject({
      name: "configmaps",
      namespaced: true,
    });
  });

  it("leaves an uninstalled CRD's group out of discovery, answering 404 with a Status", async () => {
    fake = await startFakeKubernetes({
      uninstalled: ["InferenceService", "ServingRuntime.serving.kserve.io"],
    });
    const answer = await raw(fake, "GET", "/apis/serving.kserve.io/v1beta1");
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ kind: "Status", status: "Failure", reason: "NotFound", code: 404 });
    const groups = (await raw(fake, "GET", "/apis")).body.groups.map((g: { name: string }) => g.name);
    expect(groups).not.toContain("serving.kserve.io");
    expect(groups).toContain("mlops.seldon.io");
    expect(
      (await raw(fake, "GET", "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices")).status,
    ).toBe(404);
  });

  it("installs a kind later, as a CRD appearing", async () => {
    fake = await startFakeKubernetes({ uninstalled: ["Model.mlops.seldon.io"] });
    const before = (await raw(fake, "GET", "/apis/mlops.seldon.io/v1alpha1")).body.resources.map(
      (r: { kind: string }) => r.kind,
    );
    expect(before).not.toContain("Model");
    fake.install("Model.mlops.seldon.io");
    const after = (await raw(fake, "GET", "/apis/mlops.seldon.io/v1alpha1")).body.resources.map(
      (r: { kind: string }) => r.kind,
    );
    expect(after).toContain("Model");
  });

  it("answers 401 with a Status to a missing or wrong bearer token, before any fault or route", async () => {
    fake = await startFakeKubernetes({ token: "right-token" });
    fake.failNext("*", 500);
    for (const token of [null, "wrong-token"]) {
      const answer = await raw(fake, "GET", "/apis/apps/v1", { token });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({
        kind: "Status",
        reason: "Unauthorized",
        message: "Unauthorized",
        code: 401,
      });
    }
    expect(fake.requests.every((r) => !r.authorized && r.fault === undefined)).toBe(true);
    expect((await raw(fake, "GET", "/apis/apps/v1")).status).toBe(500);
  });

  it("answers 404 for paths it does not serve and 405 for methods it does not", async () => {
    fake = await startFakeKubernetes();
    expect((await raw(fake, "GET", "/apis/apps/v1/namespaces/ml/statefulsets")).status).toBe(404);
    expect((await raw(fake, "GET", "/healthz")).status).toBe(404);
    // A namespaced kind addressed without a namespace can only be listed.
    expect((await raw(fake, "GET", "/apis/apps/v1/deployments/x")).status).toBe(404);
    const post = await raw(fake, "POST", "/apis/apps/v1/namespaces/ml/deployments", {
      body: {},
      contentType: "application/json",
    });
    expect(post.status).toBe(405);
    expect(post.body).toMatchObject({ kind: "Status", reason: "MethodNotAllowed" });
  });
});
