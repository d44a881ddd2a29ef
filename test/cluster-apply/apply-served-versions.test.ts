import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEnvironment } from "../../src/cluster/apply/apply-environment.ts";
import type { RenderResult } from "../../src/render/render-result.ts";
import { type ApplyHarness, COMMIT_A, COMMIT_B, startApplyHarness, tracked } from "./apply-fixture.ts";

const RELEASES = [
  "HelmRelease feast/feast",
  "HelmRelease kserve/kserve",
  "HelmRelease kubeflow/kubeflow",
  "HelmRelease mlflow/mlflow",
  "HelmRelease monitoring/prometheus",
];

/** What an earlier Slipway applied: the same objects, HelmReleases at Flux's older API version. */
const atV2beta1 = (result: RenderResult): RenderResult => ({
  ...result,
  objects: result.objects.map((o) =>
    o.kind === "HelmRelease" ? { ...o, apiVersion: "helm.toolkit.fluxcd.io/v2beta1" } : o,
  ),
});
/** A commit that renders no HelmRelease any more (every platform component turned off). */
const withoutReleases = (result: RenderResult): RenderResult => ({
  ...result,
  objects: result.objects.filter((o) => o.kind !== "HelmRelease"),
});
const releasesIn = (names: string[]) => names.filter((n) => n.startsWith("HelmRelease "));

// Issue 16, item 7: objects inventoried under a version the cluster no longer serves (Flux dropped
// HelmRelease v2beta1 for v2) are still found through a version it does serve — and pruned.
describe("apply: kinds served at several versions", () => {
  let h: ApplyHarness;
  beforeEach(async () => {
    h = await startApplyHarness();
    expect((await applyEnvironment(atV2beta1(await h.render(COMMIT_A)), h.settings())).outcome).toBe(
      "applied",
    );
    expect(
      (await h.inventory()).entries.filter((e) => e.ref.kind === "HelmRelease").map((e) => e.ref.apiVersion),
    ).toEqual(Array(RELEASES.length).fill("helm.toolkit.fluxcd.io/v2beta1"));
  });
  afterEach(() => h.close());

  it("finds and prunes what was inventoried at a version the cluster stopped serving, through one it serves", async () => {
    h.fake.uninstall("HelmRelease.helm.toolkit.fluxcd.io/v2beta1");
    const report = await applyEnvironment(
      withoutReleases(await h.render(COMMIT_B)),
      h.settings({ prune: true, allowMassPrune: true }),
    );
    expect(report.outcome).toBe("applied");
    const pruned = report.objects.filter((o) => o.ref.kind === "HelmRelease");
    expect(pruned.map((o) => [o.result, o.ref.apiVersion])).toEqual(
      Array(RELEASES.length).fill(["deleted", "helm.toolkit.fluxcd.io/v2"]),
    );
    expect(h.fake.objects("HelmRelease")).toEqual([]);
    expect(releasesIn(tracked(await h.inventory()))).toEqual([]);
  });

  it("updates the inventory to the version the objects are applied at now", async () => {
    h.fake.uninstall("HelmRelease.helm.toolkit.fluxcd.io/v2beta1");
    const report = await applyEnvironment(await h.render(COMMIT_B), h.settings({ prune: true }));
    // The objects hold what the commit renders: nothing to write, only the inventory's record to renew.
    expect(report.outcome).toBe("no-op");
    expect(report.objects.filter((o) => o.action === "delete")).toEqual([]);
    const versions = (await h.inventory()).entries
      .filter((e) => e.ref.kind === "HelmRelease")
      .map((e) => e.ref.apiVersion);
    expect(versions).toEqual(Array(RELEASES.length).fill("helm.toolkit.fluxcd.io/v2"));
  });

  it("keeps in the inventory, and says so, what no served version can reach (the CRD is gone from discovery)", async () => {
    h.fake.uninstall("HelmRelease");
    const report = await applyEnvironment(
      withoutReleases(await h.render(COMMIT_B)),
      h.settings({ prune: true, allowMassPrune: true }),
    );
    const kept = report.objects.filter((o) => o.ref.kind === "HelmRelease");
    expect(kept.map((o) => o.result)).toEqual(Array(RELEASES.length).fill("kept"));
    expect(kept[0]?.message).toBe(
      "the cluster serves no version of HelmRelease (helm.toolkit.fluxcd.io), so it can be neither read nor pruned; kept in the inventory until it is served again or removed from the inventory by hand",
    );
    expect(releasesIn(tracked(await h.inventory()))).toEqual(RELEASES);
  });
});
