import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEnvironment } from "../../src/cluster/apply/apply-environment.ts";
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

/** The template without the Kubeflow component: its HelmRelease and HelmRepository go. */
const withoutKubeflow = (files: Record<string, string>) => {
  files["platform/stack.yaml"] = (files["platform/stack.yaml"] ?? "").replace(
    "    kubeflow:\n      enabled: true",
    "    kubeflow:\n      enabled: false",
  );
};
const KUBEFLOW = ["HelmRelease kubeflow/kubeflow", "HelmRepository kubeflow/kubeflow"];

describe("apply: prune from the inventory", () => {
  let h: ApplyHarness;
  beforeEach(async () => {
    h = await startApplyHarness();
    await applyEnvironment(await h.render(COMMIT_A), h.settings());
    h.countsSince();
  });
  afterEach(() => h.close());

  it("deletes a removed component with --prune and drops it from the inventory", async () => {
    const desired = await h.render(COMMIT_B, withoutKubeflow);
    const report = await applyEnvironment(desired, h.settings({ prune: true }));
    expect(report.outcome).toBe("applied");
    const deleted = report.objects
      .filter((o) => o.result === "deleted")
      .map((o) => `${o.ref.kind} ${o.ref.namespace}/${o.ref.name}`);
    expect(deleted.sort()).toEqual(KUBEFLOW);
    expect(heldObjects(h)).toEqual(rendered(desired));
    expect(tracked(await h.inventory())).toEqual(rendered(desired));
    expect(h.countsSince().delete).toBe(2);
  });

  it("without --prune keeps the objects, in the inventory, and says so", async () => {
    const report = await applyEnvironment(await h.render(COMMIT_B, withoutKubeflow), h.settings());
    expect(report.objects.filter((o) => o.result === "kept")).toHaveLength(2);
    expect(h.countsSince().delete).toBe(0);
    expect(tracked(await h.inventory())).toEqual(expect.arrayContaining(KUBEFLOW));
    expect(renderApplyText(report)).toContain(
      "Kept HelmRelease kubeflow/kubeflow: not deleted: prune was not requested (--prune); kept in the inventory",
    );
    // A later apply with --prune still finds them through the inventory.
    const later = await applyEnvironment(
      await h.render(COMMIT_B, withoutKubeflow),
      h.settings({ prune: true }),
    );
    expect(later.objects.filter((o) => o.result === "deleted")).toHaveLength(2);
  });

  it("refuses a prune over the guard before writing anything, unless overridden", async () => {
    const before = await h.inventory();
    const settings = h.settings({ prune: true, maxPruneShare: 0.05 });
    const report = await applyEnvironment(await h.render(COMMIT_B, withoutKubeflow), settings);
    expect(report.outcome).toBe("refused");
    expect(report.reason).toMatch(
      /^the prune would delete 2 of the 21 objects in the inventory \(9.5%\), more than the 5% allowed/,
    );
    expect(h.countsSince()).toMatchObject({ patch: 0, delete: 0 });
    expect(await h.inventory()).toEqual(before);
    const forced = await applyEnvironment(
      await h.render(COMMIT_B, withoutKubeflow),
      h.settings({ prune: true, maxPruneShare: 0.05, allowMassPrune: true }),
    );
    expect(forced.outcome).toBe("applied");
    expect(h.countsSince().delete).toBe(2);
  });

  it("keeps an object whose delete failed in the inventory, and the next apply retries it", async () => {
    h.fake.failNext("delete helmreleases/kubeflow", 403);
    const report = await applyEnvironment(
      await h.render(COMMIT_B, withoutKubeflow),
      h.settings({ prune: true }),
    );
    expect(report.outcome).toBe("failed");
    expect(report.reason).toBe(
      "1 delete(s) failed; they stay in the inventory and the next apply retries them",
    );
    const failedDelete = report.objects.find((o) => o.result === "failed");
    expect(failedDelete?.message).toMatch(
      /HTTP 403.*forbidden.*kept in the inventory; the next apply retries it/s,
    );
    const inventory = await h.inventory();
    expect(tracked(inventory)).toContain("HelmRelease kubeflow/kubeflow");
    expect(tracked(inventory)).not.toContain("HelmRepository kubeflow/kubeflow");
    // The commit's own objects are applied and healthy: it is the last good commit.
    expect(inventory).toMatchObject({ phase: "applied", lastGoodCommit: COMMIT_B });
    const retry = await applyEnvironment(
      await h.render(COMMIT_B, withoutKubeflow),
      h.settings({ prune: true }),
    );
    expect(retry.outcome).toBe("applied");
    expect(retry.objects.filter((o) => o.result === "deleted").map((o) => o.ref.kind)).toEqual([
      "HelmRelease",
    ]);
    expect(tracked(await h.inventory())).not.toContain("HelmRelease kubeflow/kubeflow");
  });
});
