import { describe, expect, it } from "vitest";
import { type KubeObject, objectKey, refOf } from "../../src/render/kube-object.ts";
import type { RenderResult } from "../../src/render/render-result.ts";
import { compareLive } from "../../src/workflows/reconcile/compare-live.ts";
import { driftIssue } from "../../src/workflows/reconcile/drift-issue.ts";

const labels = { "app.kubernetes.io/managed-by": "slipway", "slipway.dev/environment": "staging" };

function deployment(name: string, replicas: number, image = "ghcr.io/acme/app:1"): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "ml", labels: { ...labels } },
    spec: { replicas, template: { spec: { containers: [{ name: "app", image }] } } },
  };
}

function secret(value: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "creds", namespace: "ml", labels: { ...labels } },
    data: { token: value },
  };
}

const render = (...objects: KubeObject[]): RenderResult => ({
  environment: "staging",
  commit: "c0ffee".padEnd(40, "0"),
  objects,
  skipped: [],
});

/** What the API server returns: server metadata and status added to what was applied. */
function asLive(object: KubeObject, edit: (o: KubeObject & { spec?: never }) => void = () => {}): KubeObject {
  const copy = structuredClone(object);
  copy.metadata = { ...copy.metadata, resourceVersion: "12", uid: "u-1", managedFields: [] };
  copy.status = { readyReplicas: 1 };
  edit(copy as KubeObject & { spec?: never });
  return copy;
}

const keys = (...objects: KubeObject[]) => new Set(objects.map((o) => objectKey(refOf(o))));

describe("compareLive", () => {
  it("sees equal objects in sync, with server metadata, status and others' fields ignored", () => {
    const web = deployment("web", 2);
    const live = asLive(web, (o) => {
      const spec = o.spec as unknown as { template: { spec: { containers: object[] } }; paused: boolean };
      spec.paused = false;
      spec.template.spec.containers.push({ name: "sidecar", image: "istio/proxy" });
      o.metadata.labels = { ...o.metadata.labels, "cost-center": "42" };
    });
    const drift = compareLive({ desired: render(web), live: [live], tracked: keys(web) });
    expect(drift).toEqual({ environment: "staging", commit: render().commit, objects: [], inSync: 1 });
  });

  it("reports a changed value of a field Slipway applies, by path, live before git", () => {
    const web = deployment("web", 2);
    const live = asLive(deployment("web", 6, "ghcr.io/acme/app:2"));
    const drift = compareLive({ desired: render(web), live: [live], tracked: keys(web) });
    expect(drift.objects).toEqual([
      {
        ref: refOf(web),
        kind: "changed",
        source: null,
        fields: [
          { path: "spec.replicas", before: 6, after: 2 },
          {
            path: "spec.template.spec.containers[name=app].image",
            before: "ghcr.io/acme/app:2",
            after: "ghcr.io/acme/app:1",
          },
        ],
      },
    ]);
  });

  it("reports missing objects and inventoried orphans; ignores labelled objects it never applied", () => {
    const web = deployment("web", 2);
    const old = deployment("old", 1);
    const stray = deployment("stray", 1);
    const drift = compareLive({
      desired: render(web),
      live: [asLive(old), asLive(stray)],
      tracked: keys(web, old),
    });
    expect(drift.objects.map((o) => [o.kind, o.ref.name])).toEqual([
      ["missing", "web"],
      ["orphan", "old"],
    ]);
  });

  it("counts objects the server's dry run would leave as they are as in sync", () => {
    const web = deployment("web", 2);
    const live = asLive(deployment("web", 3));
    const drift = compareLive({
      desired: render(web),
      live: [live],
      tracked: keys(web),
      serverNoop: keys(web),
    });
    expect(drift).toMatchObject({ objects: [], inSync: 1 });
  });

  it("never carries a Secret's value, live or desired, into the drift or its issue", () => {
    const desired = secret("Z2l0LXZhbHVl");
    const live = asLive(secret("bGl2ZS12YWx1ZQ=="));
    const drift = compareLive({ desired: render(desired), live: [live], tracked: keys(desired) });
    expect(drift.objects).toMatchObject([
      { kind: "changed", fields: [{ path: "data.token", before: "(masked, old)", after: "(masked, new)" }] },
    ]);
    const text = JSON.stringify(drift) + driftIssue(drift, "off").body;
    expect(text).not.toContain("Z2l0LXZhbHVl");
    expect(text).not.toContain("bGl2ZS12YWx1ZQ==");
  });
});
