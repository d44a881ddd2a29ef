import { afterEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./cluster-harness.ts";

const V2 = "helm.toolkit.fluxcd.io/v2";
const V2BETA1 = "helm.toolkit.fluxcd.io/v2beta1";
const release = (apiVersion: string) => ({
  apiVersion,
  kind: "HelmRelease",
  metadata: { name: "kubeflow", namespace: "ml", labels: { a: "b" } },
  spec: { interval: "10m" },
});

// Issue 16, item 7: one kind served at several versions, and versions that stop being served.
describe("kube cluster adapter: a kind served at several versions", () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("finds a kind at the group's preferred version, or another served one, through /apis/<group>", async () => {
    h = await startHarness();
    expect(await h.cluster.servedKind("helm.toolkit.fluxcd.io", "HelmRelease")).toMatchObject({
      apiVersion: V2,
    });
    h.fake.uninstall("HelmRelease.helm.toolkit.fluxcd.io/v2");
    expect(await h.cluster.servedKind("helm.toolkit.fluxcd.io", "HelmRelease")).toMatchObject({
      apiVersion: V2BETA1,
    });
    expect(await h.cluster.servedKind("", "ConfigMap")).toMatchObject({
      apiVersion: "v1",
      plural: "configmaps",
    });
    expect(await h.cluster.servedKind("example.com", "Widget")).toBeNull();
    expect(h.fake.requestsFor("discovery").map((r) => r.path)).toContain("/apis/helm.toolkit.fluxcd.io");
  });

  it("reads one object at every served version", async () => {
    h = await startHarness();
    await h.cluster.apply(release(V2BETA1), { dryRun: false, force: false });
    const ref = { apiVersion: V2, kind: "HelmRelease", namespace: "ml", name: "kubeflow" };
    expect((await h.cluster.get(ref))?.apiVersion).toBe(V2);
    expect(
      (await h.cluster.list({ apiVersion: V2, kind: "HelmRelease", namespace: "ml" }, "a=b")).map(
        (o) => o.apiVersion,
      ),
    ).toEqual([V2]);
  });

  it("never reads a version the cluster stopped serving since discovery as 'no objects': it says so, and discovers again", async () => {
    h = await startHarness();
    await h.cluster.apply(release(V2BETA1), { dryRun: false, force: false });
    h.fake.uninstall("HelmRelease.helm.toolkit.fluxcd.io/v2beta1");
    const listed = await faultOf(
      h.cluster.list({ apiVersion: V2BETA1, kind: "HelmRelease", namespace: "ml" }, ""),
    );
    expect(listed.kind).toBe("not-found");
    expect(listed.message).toMatch(
      /LIST HelmRelease in namespace ml: the cluster no longer serves helm\.toolkit\.fluxcd\.io\/v2beta1 HelmRelease\.$/,
    );
    // Discovered afresh: that version is not served any more.
    expect(await h.cluster.kindInfo(V2BETA1, "HelmRelease")).toBeNull();
  });

  it("reads and deletes an object recorded at a version no longer served through one that is, never calling it absent", async () => {
    h = await startHarness();
    await h.cluster.apply(release(V2BETA1), { dryRun: false, force: false });
    const ref = { apiVersion: V2BETA1, kind: "HelmRelease", namespace: "ml", name: "kubeflow" };
    expect(await h.cluster.get(ref)).toMatchObject({ apiVersion: V2BETA1 });
    h.fake.uninstall("HelmRelease.helm.toolkit.fluxcd.io/v2beta1");
    // The cached discovery is stale: the read finds the URL gone, discovers again and reads at v2.
    expect(await h.cluster.get(ref)).toMatchObject({ apiVersion: V2, metadata: { name: "kubeflow" } });
    expect(await h.cluster.delete(ref, { propagation: "Background", dryRun: false })).toBe("deleted");
    expect(h.fake.objects("HelmRelease")).toEqual([]);
    // A kind served at no version at all holds nothing.
    h.fake.uninstall("HelmRelease");
    expect(await h.cluster.get({ ...ref, apiVersion: V2 })).toBeNull();
  });
});
