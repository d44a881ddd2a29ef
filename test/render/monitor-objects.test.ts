import { describe, expect, it } from "vitest";
import { METRIC_LIST } from "../../src/metrics/metric-names.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { DEFAULT_BINDING } from "../../src/render/render-context.ts";
import { renderTemplate } from "./render-fixtures.ts";

type Container = {
  image: string;
  args: string[];
  envFrom: { secretRef: { name: string } }[];
  securityContext: Record<string, unknown>;
};
type CronJobSpec = {
  schedule: string;
  timeZone: string;
  jobTemplate: {
    spec: {
      template: {
        spec: { automountServiceAccountToken: boolean; serviceAccountName: string; containers: Container[] };
      };
    };
  };
};

const monitoring = (objects: KubeObject[]) =>
  objects.filter((o) => o.metadata.labels?.["slipway.dev/component"] === "monitoring");

describe("monitor objects", () => {
  it("run Slipway's own image with `slipway drift --monitor-file` on the monitor's schedule, in UTC", async () => {
    const { objects } = await renderTemplate(() => {}, { images: { slipway: "ghcr.io/acme/slipway:1.2.3" } });
    const cron = monitoring(objects).find((o) => o.kind === "CronJob") as KubeObject & { spec: CronJobSpec };
    expect(cron.metadata.namespace).toBe("ml-serving");
    expect(cron.spec.schedule).toBe("0 6 * * 1");
    expect(cron.spec.timeZone).toBe("Etc/UTC");
    const container = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect(container?.image).toBe("ghcr.io/acme/slipway:1.2.3");
    expect(container?.args).toEqual([
      "drift",
      "--monitor-file",
      "/etc/slipway/monitor/monitor.json",
      "--exit-zero-on-findings",
      "--format",
      "json",
    ]);
  });

  it("run the image the environment's binding names (the server's own, built or mirrored elsewhere)", async () => {
    const mirrored = `registry.acme.internal/platform/slipway@sha256:${"a".repeat(64)}`;
    const feast = "registry.acme.internal/platform/feast:0.66.0";
    const binding = { ...DEFAULT_BINDING, namespaces: ["ml-serving"], images: { slipway: mirrored, feast } };
    const { objects } = await renderTemplate(() => {}, { binding });
    const images = objects.flatMap((o) => JSON.stringify(o).match(/"image":"[^"]+"/g) ?? []);
    expect(images).toContain(`"image":"${mirrored}"`);
    expect(images).toContain(`"image":"${feast}"`);
    expect(images.join()).not.toContain("ghcr.io/slipway-dev");
    expect(images.join()).not.toContain("quay.io/feastdev");
  });

  it("get only the access they need: no API token, no RBAC, only the datasets integration's Secret", async () => {
    const objects = monitoring((await renderTemplate()).objects);
    expect(objects.map((o) => o.kind).sort()).toEqual([
      "ConfigMap",
      "ConfigMap",
      "CronJob",
      "PrometheusRule",
      "ServiceAccount",
    ]);
    const account = objects.find((o) => o.kind === "ServiceAccount");
    expect(account?.automountServiceAccountToken).toBe(false);
    const pod = (objects.find((o) => o.kind === "CronJob") as KubeObject & { spec: CronJobSpec }).spec
      .jobTemplate.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe(account?.metadata.name);
    expect(pod.containers[0]?.envFrom).toEqual([{ secretRef: { name: "slipway-integration-datalake" } }]);
    expect(pod.containers[0]?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
  });

  it("alert through a PrometheusRule: one alert per condition the monitor's alerts listen to, plus job failure", async () => {
    const rule = monitoring((await renderTemplate()).objects).find(
      (o) => o.kind === "PrometheusRule",
    ) as KubeObject & {
      spec: { groups: { rules: { alert: string; labels: Record<string, string> }[] }[] };
    };
    const rules = rule.spec.groups[0]?.rules ?? [];
    expect(rules.map((r) => [r.alert, r.labels.slipway_notify])).toEqual([
      ["SlipwayDatasetDrift", "github-issue,slack"],
      ["SlipwayDataQualityFailed", "github-issue"],
      ["SlipwayClassificationQualityFailed", "github-issue"],
      ["SlipwayMonitorJobFailed", undefined],
      ["SlipwayMonitorStale", undefined],
    ]);
    // The template's Monitor runs Mondays at 06:00: stale after a week and the grace, over the gauge /metrics has.
    const stale = rules.find((r) => r.alert === "SlipwayMonitorStale") as unknown as {
      expr: string;
      for: string;
    };
    expect(stale.expr).toMatch(
      /^time\(\) - max by \(repository\) \(slipway_monitor_last_run_timestamp_seconds\{monitor="[^"]+", environment="[^"]+"\}\) > 612000$/,
    );
    expect(stale.for).toBe("15m");
    expect(METRIC_LIST.map((m) => m.name)).toContain("slipway_monitor_last_run_timestamp_seconds");
  });
});
