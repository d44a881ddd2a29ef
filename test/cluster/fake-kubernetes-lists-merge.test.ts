import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { deployment } from "./objects.ts";
import { apply, DEPLOYMENTS } from "./raw-http.ts";

const REF = { apiVersion: "apps/v1", kind: "Deployment", namespace: "ml", name: "fraud" };

type Container = { name: string; image: string; env?: { name: string; value: string }[] };
const containersOf = (o: KubeObject | undefined): Container[] =>
  (o?.spec as { template?: { spec?: { containers?: Container[] } } } | undefined)?.template?.spec
    ?.containers ?? [];

describe("fake Kubernetes: lists merged item by item (containers, env, volumes…)", () => {
  let fake: FakeKubernetes;
  afterEach(async () => fake.close());

  const withSidecar = async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
    await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    // A mutating webhook or another tool adds a container of its own.
    fake.editAs("istio-injector", REF, (o) => {
      containersOf(o).push({ name: "istio-proxy", image: "istio/proxyv2:1.24" });
    });
  };

  it("records ownership per item, keyed as fieldsV1 writes it", async () => {
    await withSidecar();
    const entries = fake.object(REF)?.metadata.managedFields as {
      manager: string;
      fieldsV1: Record<string, unknown>;
    }[];
    const injector = entries.find((m) => m.manager === "istio-injector")?.fieldsV1;
    expect(injector).toEqual({
      "f:spec": {
        "f:template": {
          "f:spec": { "f:containers": { 'k:{"name":"istio-proxy"}': { "f:image": {}, "f:name": {} } } },
        },
      },
    });
  });

  it("keeps another manager's item when Slipway re-applies its own, with or without force", async () => {
    await withSidecar();
    const again = await apply(
      fake,
      `${DEPLOYMENTS}/fraud`,
      deployment("fraud", { image: "ghcr.io/acme/server:2" }),
      { force: "true" },
    );
    expect(again.status).toBe(200);
    expect(containersOf(again.body).map((c) => `${c.name}=${c.image}`)).toEqual([
      "server=ghcr.io/acme/server:2",
      "istio-proxy=istio/proxyv2:1.24",
    ]);
    const unforced = await apply(
      fake,
      `${DEPLOYMENTS}/fraud`,
      deployment("fraud", { image: "ghcr.io/acme/server:3" }),
    );
    expect(unforced.status).toBe(200);
    expect(containersOf(unforced.body)).toHaveLength(2);
  });

  it("removes an item the applier dropped, and merges nested lists (env) by name", async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
    const two = deployment("fraud");
    containersOf(two).push({ name: "exporter", image: "prom/exporter:1", env: [{ name: "A", value: "1" }] });
    await apply(fake, `${DEPLOYMENTS}/fraud`, two);
    fake.editAs("kubectl-edit", REF, (o) => {
      containersOf(o)[1]?.env?.push({ name: "DEBUG", value: "true" });
    });
    const exporterEnv = (o: KubeObject | undefined) =>
      containersOf(o).find((c) => c.name === "exporter")?.env;
    expect(exporterEnv(fake.object(REF))).toEqual([
      { name: "A", value: "1" },
      { name: "DEBUG", value: "true" },
    ]);
    const one = await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    // Slipway no longer applies the exporter: its own fields go, the editor's DEBUG entry keeps the item alive.
    expect(containersOf(one.body).map((c) => c.name)).toEqual(["server", "exporter"]);
    expect(exporterEnv(one.body)).toEqual([{ name: "DEBUG", value: "true" }]);
  });

  it("keeps atomic lists atomic: another manager's different list is one conflicting field", async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
    const withArgs = (args: string[]) => {
      const d = deployment("fraud");
      (containersOf(d)[0] as Container & { args?: string[] }).args = args;
      return d;
    };
    await apply(fake, `${DEPLOYMENTS}/fraud`, withArgs(["--port=8080"]));
    fake.editAs("kubectl-edit", REF, (o) => {
      (containersOf(o)[0] as Container & { args?: string[] }).args = ["--port=9090"];
    });
    const answer = await apply(fake, `${DEPLOYMENTS}/fraud`, withArgs(["--port=8081"]));
    expect(answer.status).toBe(409);
    expect(answer.body.details.causes.map((c: { field: string }) => c.field)).toEqual([
      '.spec.template.spec.containers[name="server"].args',
    ]);
  });
});
