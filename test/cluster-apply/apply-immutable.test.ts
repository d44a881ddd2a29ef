import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyEnvironment } from "../../src/cluster/apply/apply-environment.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { contentHash, objectName } from "../../src/render/names.ts";
import { renderTemplate, VARIANTS } from "../render/render-fixtures.ts";
import { type ApplyHarness, COMMIT_A, COMMIT_B, STAGING, startApplyHarness } from "./apply-fixture.ts";

type PodTemplate = { spec: { containers: { env?: { name: string; value: string }[]; image: string }[] } };
const templateOf = (job: KubeObject) => (job.spec as { template: PodTemplate }).template;

// Issue 16, item 7: a Job's pod template is immutable, so a Job must be named by everything immutable in
// it — else a Slipway release that changes the Feast Job's pod template (not its data or image) would
// have every apply of the environment refused with 422.
describe("apply: Jobs and immutable fields", () => {
  let h: ApplyHarness;
  beforeEach(async () => {
    h = await startApplyHarness();
  });
  afterEach(() => h.close());

  it("replaces the Feast Job when only its pod template changed (a Slipway upgrade), and prunes the old one", async () => {
    const desired = await h.render(COMMIT_B);
    // What an earlier release applied: the same definitions and image, an older pod template, and the
    // Job named by the definitions and the image alone.
    const earlier = structuredClone(await h.render(COMMIT_A));
    const job = earlier.objects.find((o) => o.kind === "Job") as KubeObject;
    const config = earlier.objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("slipway-feast-"),
    );
    const container = templateOf(job).spec.containers[0];
    if (!container || !config) throw new Error("the template renders no Feast Job");
    container.env = [{ name: "HOME", value: "/home/feast" }];
    job.metadata.name = objectName([
      "slipway-feast-apply",
      contentHash({ data: config.data, image: container.image }).slice(0, 10),
    ]);
    expect((await applyEnvironment(earlier, h.settings())).outcome).toBe("applied");

    const report = await applyEnvironment(desired, h.settings({ prune: true }));
    expect(report.reason).toBeNull();
    expect(report.outcome).toBe("applied");
    const jobs = report.objects.filter((o) => o.ref.kind === "Job");
    expect(jobs.map((o) => [o.action, o.result, o.ref.name === job.metadata.name])).toEqual([
      ["create", "created", false],
      ["delete", "deleted", true],
    ]);
    expect(h.fake.objects("Job").map((o) => o.metadata.name)).toEqual([jobs[0]?.ref.name]);
  });

  it("names the Job by its whole spec: an unchanged render keeps the name, any change to the spec moves it", async () => {
    const job = (await h.render(COMMIT_A)).objects.find((o) => o.kind === "Job") as KubeObject;
    const again = (await h.render(COMMIT_B)).objects.find((o) => o.kind === "Job") as KubeObject;
    expect(again.metadata.name).toBe(job.metadata.name);
    expect(job.metadata.name).toBe(objectName(["slipway-feast-apply", contentHash(job.spec).slice(0, 10)]));
  });

  it("keeps a Deployment's selector across model versions and image changes, so the server never refuses it", async () => {
    const variant = VARIANTS.find((v) => v.name === "deployment");
    if (!variant) throw new Error("no deployment variant");
    const at = (version: string, image: string) =>
      renderTemplate(
        (files) => {
          variant.mutate(files);
          files["models/fraud-detection.yaml"] = (files["models/fraud-detection.yaml"] ?? "")
            .replace("version: 7", `version: ${version}`)
            .replace("fraud-scorer:2.3.1", image);
        },
        { ...variant.options, binding: STAGING, commit: version.repeat(40).slice(0, 40) },
      );
    expect((await applyEnvironment(await at("6", "fraud-scorer:2.3.1"), h.settings())).outcome).toBe(
      "applied",
    );
    const next = await applyEnvironment(await at("7", "fraud-scorer:2.4.0"), h.settings());
    expect(next.reason).toBeNull();
    expect(next.objects.find((o) => o.ref.kind === "Deployment")?.result).toBe("updated");
  });
});
