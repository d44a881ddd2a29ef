import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/build-plan.ts";
import { listKeysOf } from "../../src/plan/list-keys.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { renderTemplate } from "./plan-fixtures.ts";

const CRD_DIR = new URL("../../../shared/reference/crds/", import.meta.url).pathname;

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  "x-kubernetes-list-type"?: string;
  "x-kubernetes-list-map-keys"?: string[];
}

/** Every list of a CRD's schema: its path (`[]` for items) and its keys, null when not a map. */
function schemaLists(file: string, version: string): [string[], string[] | null][] {
  const crd = load(readFileSync(`${CRD_DIR}${file}`, "utf8")) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: SchemaNode } }[] };
  };
  const out: [string[], string[] | null][] = [];
  const walk = (node: SchemaNode | undefined, path: string[]) => {
    if (!node) return;
    if (node.type === "array") {
      const map = node["x-kubernetes-list-type"] === "map";
      out.push([path, map ? (node["x-kubernetes-list-map-keys"] ?? []) : null]);
      walk(node.items, [...path, "[]"]);
    }
    for (const [field, child] of Object.entries(node.properties ?? {})) walk(child, [...path, field]);
    if (typeof node.additionalProperties === "object") walk(node.additionalProperties, [...path, "*"]);
  };
  walk(crd.spec.versions.find((v) => v.name === version)?.schema.openAPIV3Schema, []);
  return out;
}

const against = (desired: KubeObject, live: KubeObject) =>
  buildPlan({
    desired: { environment: "staging", commit: "c".repeat(40), objects: [desired], skipped: [] },
    live: { baseline: "cluster", objects: [live] },
  }).changes[0];

const labels = { "app.kubernetes.io/managed-by": "slipway", "slipway.dev/environment": "staging" };

// Issue 16, item 7: the plan compares lists as server-side apply will merge them, per kind.
describe("plan: lists compared as the kind's schema merges them", () => {
  it("knows KServe's map lists exactly as the upstream InferenceService schema declares them", () => {
    const keys = listKeysOf("serving.kserve.io/v1beta1", "InferenceService");
    const lists = schemaLists("serving.kserve.io_inferenceservices.yaml", "v1beta1");
    expect(lists.length).toBeGreaterThan(1000);
    const wrong = lists.filter(([path, want]) => JSON.stringify(keys(path)) !== JSON.stringify(want));
    expect(wrong.map(([path]) => path.join("."))).toEqual([]);
    // predictor.containers, for one, is atomic there.
    expect(keys(["spec", "predictor", "containers"])).toBeNull();
  });

  it("treats Seldon's lists as atomic, as its schema declares no map list", () => {
    for (const [file, kind] of [
      ["mlops.seldon.io_models.yaml", "Model"],
      ["mlops.seldon.io_experiments.yaml", "Experiment"],
    ] as const) {
      const keys = listKeysOf("mlops.seldon.io/v1alpha1", kind);
      for (const [path, want] of schemaLists(file, "v1alpha1"))
        expect([path.join("."), keys(path)]).toEqual([path.join("."), want]);
    }
  });

  it("leaves a sidecar another manager added to a pod template alone (containers merge by name)", async () => {
    const desired = (await renderTemplate()).objects.find((o) => o.kind === "CronJob") as KubeObject;
    const live = structuredClone(desired);
    const pod = (live.spec as { jobTemplate: { spec: { template: { spec: { containers: object[] } } } } })
      .jobTemplate.spec.template.spec;
    pod.containers.push({ name: "istio-proxy", image: "istio/proxyv2:1.24" });
    expect(against(desired, live)?.action).toBe("unchanged");
  });

  it("sees an item another manager added to an atomic list as a difference: the list is no longer Slipway's", () => {
    const rule = (groups: string[]): KubeObject => ({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "fraud", namespace: "ml-serving", labels },
      spec: { groups: groups.map((name) => ({ name, rules: [{ alert: name, expr: "up == 0" }] })) },
    });
    const change = against(rule(["drift"]), rule(["drift", "added-by-hand"]));
    expect(change?.action).toBe("update");
    expect(change?.diff).toEqual([
      {
        path: "spec.groups",
        before: [
          { name: "drift", rules: [{ alert: "drift", expr: "up == 0" }] },
          { name: "added-by-hand", rules: [{ alert: "added-by-hand", expr: "up == 0" }] },
        ],
        after: [{ name: "drift", rules: [{ alert: "drift", expr: "up == 0" }] }],
      },
    ]);
  });

  it("keys container ports by containerPort and protocol, with the protocol's default", () => {
    const keys = listKeysOf("apps/v1", "Deployment");
    expect(keys(["spec", "template", "spec", "containers", "[]", "ports"])).toEqual([
      "containerPort",
      "protocol",
    ]);
    expect(listKeysOf("v1", "Service")(["spec", "ports"])).toEqual(["port", "protocol"]);
    const deployment = (ports: object[]): KubeObject => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "fraud", namespace: "ml-serving", labels },
      spec: { template: { spec: { containers: [{ name: "server", ports }] } } },
    });
    const live = deployment([
      { name: "http", containerPort: 8080, protocol: "TCP" },
      { name: "metrics", containerPort: 9090, protocol: "TCP" },
    ]);
    expect(against(deployment([{ name: "http", containerPort: 8080 }]), live)?.action).toBe("unchanged");
    const moved = against(deployment([{ name: "http", containerPort: 8081 }]), live);
    expect(moved?.diff.map((d) => d.path)).toEqual([
      "spec.template.spec.containers[name=server].ports[containerPort=8081,protocol=TCP]",
    ]);
  });
});
