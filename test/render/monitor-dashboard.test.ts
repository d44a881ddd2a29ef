import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { DASHBOARD_LABEL } from "../../src/render/render-monitor-dashboard.ts";
import { dashboardProblems } from "./grafana-dashboard-model.ts";
import { exampleEnvironment, renderTemplate } from "./render-fixtures.ts";

// Issue #17, item 5: each Monitor renders a Grafana dashboard in a ConfigMap the sidecar picks up,
// over the series /metrics exposes, valid as Grafana's dashboard JSON model.

type ConfigMap = KubeObject & { data: Record<string, string> };

async function dashboardOf(mutate?: (files: Record<string, string>) => void) {
  const { objects } = await renderTemplate(mutate, {
    binding: exampleEnvironment("production"),
    environment: "production",
  });
  const configMap = objects.find(
    (o) => o.kind === "ConfigMap" && o.metadata.labels?.[DASHBOARD_LABEL] === "1",
  ) as ConfigMap | undefined;
  if (!configMap) throw new Error("no dashboard ConfigMap rendered");
  const [key, text] = Object.entries(configMap.data)[0] as [string, string];
  return {
    configMap,
    key,
    model: JSON.parse(text) as Record<string, unknown> & {
      panels: { title: string; targets: { expr: string }[] }[];
    },
  };
}

describe("the monitor's Grafana dashboard", () => {
  it("is a ConfigMap labelled for the sidecar beside the monitor's Job", async () => {
    const { configMap, key } = await dashboardOf();
    expect(configMap.metadata).toMatchObject({
      name: "slipway-monitor-fraud-detection-drift-dashboard",
      namespace: "ml-serving",
      labels: { grafana_dashboard: "1", "slipway.dev/environment": "production" },
    });
    expect(key).toBe("slipway-monitor-fraud-detection-drift-dashboard.json");
  });

  it("is a valid Grafana dashboard model over Slipway's monitor series", async () => {
    const { model } = await dashboardOf();
    expect(dashboardProblems(model)).toEqual([]);
    expect(model.panels.map((p) => p.title)).toEqual([
      "Dataset drift",
      "Drifted columns",
      "Data quality",
      "Classification",
      "Last run",
      "Share of drifted columns",
      "Column drift scores",
      "Columns at the last run",
      "Classification metrics (current)",
      "Classification: reference vs current",
    ]);
    const exprs = model.panels.flatMap((p) => p.targets.map((t) => t.expr));
    for (const series of [
      "slipway_monitor_dataset_drift",
      "slipway_monitor_drift_share",
      "slipway_drift_score",
      "slipway_monitor_classification_metric",
      "slipway_monitor_last_run_timestamp_seconds",
    ])
      expect(exprs.some((e) => e.includes(series))).toBe(true);
    for (const e of exprs)
      expect(e).toContain(
        '{repository="$repository", environment="production", monitor="fraud-detection-drift"}'.slice(1, -1),
      );
  });

  it("drops the classification panels for a monitor without classification", async () => {
    const { model } = await dashboardOf((files) => {
      const path = "monitors/fraud-detection-drift.yaml";
      const text = files[path] as string;
      files[path] = text.replace(/ {2}classification:\n(?: {4}.*\n| *#.*\n)+/, "");
    });
    expect(dashboardProblems(model)).toEqual([]);
    expect(model.panels.map((p) => p.title)).not.toContain("Classification metrics (current)");
  });

  it("the validator catches what Grafana would refuse", async () => {
    const { model } = await dashboardOf();
    const broken = structuredClone(model) as unknown as Record<string, unknown> & {
      panels: Record<string, unknown>[];
      templating: { list: Record<string, unknown>[] };
    };
    (broken.panels[0] as { gridPos: { x: number } }).gridPos.x = 22;
    (broken.panels[1] as { targets: { expr: string }[] }).targets[0] = {
      refId: "A",
      expr: 'slipway_nope{a="1"',
    } as never;
    (broken.panels[2] as { id: number }).id = 1;
    broken.templating.list = broken.templating.list.filter((v) => v.name !== "datasource");
    const problems = dashboardProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        "panel 1 (Dataset drift): gridPos x + w = 26 > 24",
        "templating: no `datasource` variable of type datasource querying prometheus",
        "panel 1 (Data quality): duplicate id",
      ]),
    );
    expect(problems).toEqual(
      expect.arrayContaining(['panel 2 (Drifted columns) A: unbalanced expression slipway_nope{a="1"']),
    );
    const noSchema = { ...model, schemaVersion: 16 };
    expect(dashboardProblems(noSchema)).toEqual(["/schemaVersion must be >= 36"]);
  });
});
