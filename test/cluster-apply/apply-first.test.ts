import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEnvironment } from "../../src/cluster/apply/apply-environment.ts";
import { SOURCE_COMMIT_ANNOTATION } from "../../src/render/labels.ts";
import { renderApplyText } from "../../src/report/apply-text.ts";
import {
  type ApplyHarness,
  COMMIT_A,
  COMMIT_B,
  heldObjects,
  rendered,
  startApplyHarness,
  tracked,
} from "./apply-fixture.ts";

describe("apply: first apply and re-apply", () => {
  let h: ApplyHarness;
  beforeEach(async () => {
    h = await startApplyHarness();
  });
  afterEach(() => h.close());

  it("creates every object, records them in the inventory and marks the commit good", async () => {
    const desired = await h.render(COMMIT_A);
    const report = await applyEnvironment(desired, h.settings());
    expect(report.outcome).toBe("applied");
    expect(report.objects.every((o) => o.result === "created")).toBe(true);
    expect(heldObjects(h)).toEqual(rendered(desired));
    const inventory = await h.inventory();
    expect(tracked(inventory)).toEqual(rendered(desired));
    expect(inventory).toMatchObject({ phase: "applied", commit: COMMIT_A, lastGoodCommit: COMMIT_A });
    expect(renderApplyText(report)).toContain(`Apply of ${COMMIT_A} to staging: applied`);
    // Namespaces and CRDs first, the platform charts last (plan order, stage by stage).
    const patched = h.fake
      .requestsFor("patch")
      .filter((r) => r.query.dryRun !== "All")
      .map((r) => r.resource);
    expect(patched[0]).toBe("configmaps"); // the inventory, written ahead
    // The platform stage (HelmRepositories and HelmReleases, applied concurrently) comes last.
    const platform = desired.objects.filter((o) => o.kind.startsWith("Helm")).length;
    expect(new Set(patched.slice(-1 - platform, -1))).toEqual(new Set(["helmreleases", "helmrepositories"]));
    expect(patched.at(-1)).toBe("configmaps"); // the inventory, settled
  });

  it("re-applying the same commit makes zero writes and one LIST per kind and namespace", async () => {
    const desired = await h.render(COMMIT_A);
    await applyEnvironment(desired, h.settings());
    h.countsSince();
    const again = await applyEnvironment(desired, h.settings());
    expect(again.outcome).toBe("no-op");
    const counts = h.countsSince();
    expect(counts).toMatchObject({ patch: 0, delete: 0 });
    expect(counts.get).toBe(1); // the inventory ConfigMap, never an object
    const scopes = new Set(desired.objects.map((o) => `${o.kind}/${o.metadata.namespace}`));
    expect(counts.list).toBe(scopes.size);
    expect(renderApplyText(again)).toContain("No changes to staging");
  });

  it("a new commit that changes no object rewrites only the inventory's record", async () => {
    await applyEnvironment(await h.render(COMMIT_A), h.settings());
    h.countsSince();
    const report = await applyEnvironment(await h.render(COMMIT_B), h.settings());
    expect(report.outcome).toBe("no-op");
    expect(h.countsSince()).toMatchObject({ patch: 1, delete: 0 });
    expect(await h.inventory()).toMatchObject({ commit: COMMIT_B, lastGoodCommit: COMMIT_B });
    // Objects keep the commit that last changed them: the plan ignores the annotation (normalize.ts).
    const isvc = h.fake.objects("InferenceService")[0];
    expect(isvc?.metadata.annotations?.[SOURCE_COMMIT_ANNOTATION]).toBe(COMMIT_A);
  });
});
