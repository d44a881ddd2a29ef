import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEnvironment } from "../../src/cluster/apply/apply-environment.ts";
import { SOURCE_COMMIT_ANNOTATION } from "../../src/render/labels.ts";
import { renderApplyText } from "../../src/report/apply-text.ts";
import { type ApplyHarness, COMMIT_A, COMMIT_B, startApplyHarness } from "./apply-fixture.ts";

const version8 = (files: Record<string, string>) => {
  files["models/fraud-detection.yaml"] = (files["models/fraud-detection.yaml"] ?? "").replace(
    "version: 7",
    "version: 8",
  );
};
const isvcRef = {
  apiVersion: "serving.kserve.io/v1beta1",
  kind: "InferenceService",
  namespace: "ml-serving",
  name: "fraud-detection",
};

describe("apply: changes, transient faults and other field managers", () => {
  let h: ApplyHarness;
  beforeEach(async () => {
    h = await startApplyHarness();
  });
  afterEach(() => h.close());

  it("writes only what changed: one dry run and one apply per changed object", async () => {
    await applyEnvironment(await h.render(COMMIT_A), h.settings());
    h.countsSince();
    const report = await applyEnvironment(await h.render(COMMIT_B, version8), h.settings());
    expect(report.outcome).toBe("applied");
    const updated = report.objects.filter((o) => o.result === "updated");
    expect(updated.map((o) => o.ref.kind)).toEqual(["InferenceService"]);
    // dry run + apply of the model, inventory ahead + settled; no GET of any object.
    expect(h.countsSince()).toMatchObject({ patch: 4, delete: 0, get: 1 });
    const isvc = h.fake.object(isvcRef);
    expect(JSON.stringify(isvc?.spec)).toContain("models:/fraud-detection/8");
    expect(isvc?.metadata.annotations?.[SOURCE_COMMIT_ANNOTATION]).toBe(COMMIT_B);
  });

  it("retries an API 500 mid-apply and reports the attempts", async () => {
    h.fake.failNext(
      (r) => r.verb === "patch" && r.resource === "inferenceservices" && r.query.dryRun !== "All",
      500,
      2,
    );
    const report = await applyEnvironment(await h.render(COMMIT_A), h.settings());
    expect(report.outcome).toBe("applied");
    const isvc = report.objects.find((o) => o.ref.kind === "InferenceService");
    expect(isvc).toMatchObject({ result: "created", attempts: 3 });
    expect(renderApplyText(report)).toContain(
      "Created InferenceService ml-serving/fraud-detection (3 attempts)",
    );
    expect(h.fake.object(isvcRef)).toBeDefined();
  });

  it("stops after a stage whose object keeps failing; later stages are skipped and the inventory covers all", async () => {
    h.fake.failNext(
      (r) => r.verb === "patch" && r.resource === "inferenceservices" && r.query.dryRun !== "All",
      503,
      4,
    );
    const report = await applyEnvironment(await h.render(COMMIT_A), h.settings());
    expect(report.outcome).toBe("failed");
    expect(report.objects.find((o) => o.ref.kind === "InferenceService")).toMatchObject({
      result: "failed",
      attempts: 4,
    });
    expect(report.objects.filter((o) => o.result === "skipped").map((o) => o.ref.kind)).toContain(
      "HelmRelease",
    );
    expect(h.fake.objects("HelmRelease")).toEqual([]);
    const inventory = await h.inventory();
    expect(inventory).toMatchObject({ phase: "failed", failedCommit: COMMIT_A, lastGoodCommit: null });
    expect(inventory.entries).toHaveLength(report.objects.length);
  });

  it("refuses, before any write, an object another field manager owns, naming that manager", async () => {
    const desired = await h.render(COMMIT_A);
    const ours = desired.objects.find((o) => o.kind === "ConfigMap" && o.metadata.namespace === "ml-serving");
    if (!ours) throw new Error("the template renders no ConfigMap in ml-serving");
    // Someone created the object by hand, without Slipway's labels and with other data.
    const theirs = structuredClone(ours);
    theirs.metadata.labels = { team: "risk" };
    theirs.data = Object.fromEntries(
      Object.keys((ours.data as Record<string, string>) ?? {}).map((k) => [k, "theirs"]),
    );
    h.fake.seed(theirs, "kubectl-client-side-apply");
    h.countsSince();
    const report = await applyEnvironment(desired, h.settings());
    expect(report.outcome).toBe("refused");
    const refused = report.objects.find((o) => o.result === "refused");
    expect(refused?.ref.name).toBe(ours.metadata.name);
    expect(refused?.message).toMatch(
      /^the object exists and field manager "kubectl-client-side-apply" owns fields Slipway sets/,
    );
    const counts = h.countsSince();
    expect(h.fake.requests.filter((r) => r.verb === "patch" && r.query.dryRun !== "All")).toHaveLength(0);
    expect(counts.delete).toBe(0);
    expect(h.fake.object(ours)?.data).toEqual(theirs.data);
  });
});
