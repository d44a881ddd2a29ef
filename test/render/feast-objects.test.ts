import { describe, expect, it } from "vitest";
import { FEAST_LOADER } from "../../src/render/feast-loader.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { renderTemplate } from "./render-fixtures.ts";

type Pod = {
  containers: { command: string[]; args: string[] }[];
  volumes: { name: string; configMap?: { name: string } }[];
};

const feast = (objects: KubeObject[]) =>
  objects.filter((o) => o.metadata.labels?.["slipway.dev/component"] === "feature-store");
const job = (objects: KubeObject[]) =>
  feast(objects).find((o) => o.kind === "Job") as KubeObject & { spec: { template: { spec: Pod } } };

describe("feature store objects", () => {
  it("hold the definitions as JSON data beside the fixed loader, in the Feast component's namespace", async () => {
    const objects = feast((await renderTemplate()).objects);
    const configMap = objects.find((o) => o.kind === "ConfigMap") as KubeObject & {
      data: Record<string, string>;
      immutable: boolean;
    };
    expect(configMap.metadata.namespace).toBe("feast");
    expect(configMap.immutable).toBe(true);
    expect(configMap.data["load_definitions.py"]).toBe(FEAST_LOADER);
    const definitions = JSON.parse(configMap.data["definitions.json"] ?? "{}");
    expect(definitions.entities.map((e: { name: string }) => e.name)).toEqual(["customer", "merchant"]);
    expect(definitions.featureViews.map((v: { name: string }) => v.name)).toEqual([
      "customer_stats",
      "merchant_stats",
    ]);
    expect(definitions.featureServices[0].features).toEqual([
      "customer_stats:transaction_count_7d",
      "customer_stats:avg_amount_30d",
      "merchant_stats:fraud_rate_90d",
    ]);
  });

  it("run the loader with fixed arguments: no manifest text becomes code", async () => {
    const objects = (
      await renderTemplate((files) => {
        files["features/customer-stats.yaml"] = (files["features/customer-stats.yaml"] ?? "").replace(
          "Mean transaction amount over the last 30 days.",
          '"\\"); import os; os.system(\\"rm -rf /\\") #"',
        );
      })
    ).objects;
    const pod = job(objects).spec.template.spec;
    expect(pod.containers[0]?.command).toEqual(["python", "/etc/slipway/feast/load_definitions.py"]);
    expect(pod.containers[0]?.args).toEqual(["apply"]);
    const configMap = feast(objects).find((o) => o.kind === "ConfigMap") as KubeObject & {
      data: Record<string, string>;
    };
    expect(configMap.data["load_definitions.py"]).toBe(FEAST_LOADER);
    expect(configMap.data["definitions.json"]).toContain("os.system");
  });

  it("name the ConfigMap and Job by content hash: a changed definition is a new Job", async () => {
    const before = job((await renderTemplate()).objects);
    const same = job((await renderTemplate()).objects);
    const after = job(
      (
        await renderTemplate((files) => {
          files["features/merchant-stats.yaml"] = (files["features/merchant-stats.yaml"] ?? "").replace(
            "ttl: 90d",
            "ttl: 60d",
          );
        })
      ).objects,
    );
    expect(same.metadata.name).toBe(before.metadata.name);
    expect(after.metadata.name).not.toBe(before.metadata.name);
    expect(before.metadata.name).toMatch(/^slipway-feast-apply-[0-9a-f]{10}$/);
    const volume = (j: typeof before) =>
      j.spec.template.spec.volumes.find((v) => v.name === "definitions")?.configMap?.name;
    expect(volume(after)).not.toBe(volume(before));
  });

  it("materialize only online views with a schedule, one CronJob each", async () => {
    const cronJobs = (o: KubeObject[]) =>
      feast(o)
        .filter((x) => x.kind === "CronJob")
        .map((x) => [x.metadata.name, (x.spec as { schedule: string }).schedule]);
    expect(cronJobs((await renderTemplate()).objects)).toEqual([
      ["slipway-feast-materialize-customer-stats", "0 * * * *"],
      ["slipway-feast-materialize-merchant-stats", "15 */6 * * *"],
    ]);
    const offline = await renderTemplate((files) => {
      files["features/merchant-stats.yaml"] = (files["features/merchant-stats.yaml"] ?? "").replace(
        '  online: true\n  materialization:\n    schedule: "15 */6 * * *"\n',
        "  online: false\n",
      );
    });
    expect(cronJobs(offline.objects)).toEqual([["slipway-feast-materialize-customer-stats", "0 * * * *"]]);
  });
});
