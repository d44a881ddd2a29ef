import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { deployment } from "./objects.ts";
import { apply, DEPLOYMENTS } from "./raw-http.ts";

const ISVCS = "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices";
const RULES = "/apis/monitoring.coreos.com/v1/namespaces/ml/prometheusrules";
const ISVC = {
  apiVersion: "serving.kserve.io/v1beta1",
  kind: "InferenceService",
  namespace: "ml",
  name: "fraud",
};
const RULE = {
  apiVersion: "monitoring.coreos.com/v1",
  kind: "PrometheusRule",
  namespace: "ml",
  name: "fraud",
};
const DEPLOYMENT = { apiVersion: "apps/v1", kind: "Deployment", namespace: "ml", name: "fraud" };

type Container = { name: string; image?: string; env?: { name: string; value: string }[]; ports?: object[] };
const predictor = (o: KubeObject) =>
  (o.spec as { predictor: { containers?: Container[]; model?: Container } }).predictor;

const isvc = (image: string): KubeObject => ({
  apiVersion: "serving.kserve.io/v1beta1",
  kind: "InferenceService",
  metadata: { name: "fraud", namespace: "ml" },
  spec: {
    predictor: {
      model: { modelFormat: { name: "lightgbm" }, env: [{ name: "LOG_LEVEL", value: "info" }] },
      containers: [{ name: "transformer", image }],
    },
  },
});

const rule = (groups: string[]): KubeObject => ({
  apiVersion: "monitoring.coreos.com/v1",
  kind: "PrometheusRule",
  metadata: { name: "fraud", namespace: "ml" },
  spec: { groups: groups.map((name) => ({ name, rules: [{ alert: `${name}-alert`, expr: "up == 0" }] })) },
});

// Issue 16, item 7: lists merge as the kind's schema says — built-in ones by their keys, a custom
// resource's only where its CRD declares `x-kubernetes-list-type: map` (KServe's upstream schema in
// ../shared/reference/crds); otherwise a list is atomic and belongs whole to its last writer.
describe("fake Kubernetes: list merging per kind", () => {
  let fake: FakeKubernetes;
  beforeEach(async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("ml");
  });
  afterEach(async () => fake.close());

  it("keeps a sidecar another manager added to a Deployment: containers merge by name", async () => {
    await apply(fake, `${DEPLOYMENTS}/fraud`, deployment("fraud"));
    fake.editAs("istio-injector", DEPLOYMENT, (o) => {
      (o.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers.push({
        name: "istio-proxy",
        image: "istio/proxyv2:1.24",
      });
    });
    const again = await apply(
      fake,
      `${DEPLOYMENTS}/fraud`,
      deployment("fraud", { image: "ghcr.io/acme/server:2" }),
    );
    expect(again.status).toBe(200);
    const containers = (again.body.spec.template.spec.containers as Container[]).map((c) => c.name);
    expect(containers).toEqual(["server", "istio-proxy"]);
  });

  it("does not keep one added to an InferenceService's predictor containers: KServe's schema makes that list atomic", async () => {
    await apply(fake, `${ISVCS}/fraud`, isvc("transformer:1"));
    fake.editAs("istio-injector", ISVC, (o) => {
      predictor(o).containers?.push({ name: "istio-proxy", image: "istio/proxyv2:1.24" });
    });
    // The injector's update took the whole list: Slipway's apply of its own list conflicts with it…
    const conflict = await apply(fake, `${ISVCS}/fraud`, isvc("transformer:2"));
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toBe(
      'Apply failed with 1 conflict: conflict with "istio-injector" using serving.kserve.io/v1beta1: .spec.predictor.containers',
    );
    // …and, forced, replaces it: the sidecar is gone.
    const forced = await apply(fake, `${ISVCS}/fraud`, isvc("transformer:2"), { force: "true" });
    expect(forced.status).toBe(200);
    expect(predictor(forced.body).containers?.map((c) => c.name)).toEqual(["transformer"]);
  });

  it("merges the model's env by name, as the schema declares: another manager's variable stays", async () => {
    await apply(fake, `${ISVCS}/fraud`, isvc("transformer:1"));
    fake.editAs("tracing-webhook", ISVC, (o) => {
      predictor(o).model?.env?.push({ name: "OTEL_SERVICE_NAME", value: "fraud" });
    });
    const again = await apply(fake, `${ISVCS}/fraud`, isvc("transformer:1"));
    expect(again.status).toBe(200);
    expect(predictor(again.body).model?.env?.map((e) => e.name)).toEqual(["LOG_LEVEL", "OTEL_SERVICE_NAME"]);
    const managers = (fake.object(ISVC)?.metadata.managedFields ?? []) as {
      manager: string;
      fieldsV1: object;
    }[];
    const fields = managers.find((m) => m.manager === "tracing-webhook")?.fieldsV1;
    expect(JSON.stringify(fields)).toContain('"k:{\\"name\\":\\"OTEL_SERVICE_NAME\\"}"');
  });

  it("keys container ports by containerPort and protocol (protocol defaulted)", async () => {
    const withPorts = (ports: object[]) => {
      const d = deployment("fraud");
      (d.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0] = {
        name: "server",
        image: "ghcr.io/acme/server:1",
        ports: ports,
      };
      return d;
    };
    await apply(fake, `${DEPLOYMENTS}/fraud`, withPorts([{ name: "http", containerPort: 8080 }]));
    fake.editAs("metrics-operator", DEPLOYMENT, (o) => {
      const c = (o.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0];
      c?.ports?.push({ name: "metrics", containerPort: 9090, protocol: "TCP" });
    });
    const again = await apply(
      fake,
      `${DEPLOYMENTS}/fraud`,
      withPorts([{ name: "http", containerPort: 8080 }]),
    );
    const ports = (again.body.spec.template.spec.containers[0].ports as { containerPort: number }[]).map(
      (p) => p.containerPort,
    );
    expect(ports).toEqual([8080, 9090]);
    const fields = JSON.stringify(fake.object(DEPLOYMENT)?.metadata.managedFields);
    expect(fields).toContain('k:{\\"containerPort\\":8080,\\"protocol\\":\\"TCP\\"}');
  });

  it("keeps a kind without a reference schema (prometheus-operator's) atomic: another manager's group conflicts", async () => {
    await apply(fake, `${RULES}/fraud`, rule(["drift"]));
    fake.editAs("kubectl-edit", RULE, (o) => {
      (o.spec as { groups: object[] }).groups.push({ name: "extra", rules: [] });
    });
    const again = await apply(fake, `${RULES}/fraud`, rule(["drift"]));
    expect(again.status).toBe(409);
    expect(again.body.details.causes[0].field).toBe(".spec.groups");
  });
});
