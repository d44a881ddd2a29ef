import type { Manifest } from "../manifests/snapshot.ts";
import {
  DATASOURCE,
  flagStat,
  type Panel,
  promString,
  table,
  timeSeries,
  valueStat,
} from "./grafana-panels.ts";
import type { KubeObject } from "./kube-object.ts";
import { type ObjectSource, objectMeta } from "./labels.ts";
import { contentHash, objectName } from "./names.ts";
import type { RenderContext } from "./render-context.ts";

type Monitor = Manifest<"Monitor">;

/** The label Grafana's dashboard sidecar selects ConfigMaps by (the grafana chart's default name). */
export const DASHBOARD_LABEL = "grafana_dashboard";
export const GRAFANA_SCHEMA_VERSION = 39;

/**
 * Monitor → a Grafana dashboard in a ConfigMap labelled for the sidecar (`grafana_dashboard: "1"`),
 * over the monitor's `/metrics` series: its conditions, drift share, per-column scores, classification
 * metrics and last run time (issue #17, item 5). The render does not know which repository it renders,
 * so a `repository` variable lists those that publish this monitor in this environment.
 */
export function renderMonitorDashboard(
  monitor: Monitor,
  namespace: string,
  source: ObjectSource,
  ctx: RenderContext,
): KubeObject {
  const name = objectName(["slipway-monitor", monitor.name, "dashboard"]);
  const meta = objectMeta(name, namespace, "monitoring", source, ctx);
  meta.labels = { ...meta.labels, [DASHBOARD_LABEL]: "1" };
  const dashboard = monitorDashboard(monitor, namespace, ctx.environment);
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta,
    data: { [`${name}.json`]: `${JSON.stringify(dashboard)}\n` },
  };
}

export function monitorDashboard(
  monitor: Monitor,
  namespace: string,
  environment: string,
): Record<string, unknown> {
  const spec = monitor.value.spec;
  const fixed = `environment=${promString(environment)}, monitor=${promString(monitor.name)}`;
  const sel = `{repository="$repository", ${fixed}}`;
  const share = spec.drift.datasetShare;
  const classified = spec.classification !== undefined;
  const panels: Panel[] = [
    flagStat(1, "Dataset drift", `slipway_monitor_dataset_drift${sel}`, "no drift", "DRIFT", {
      x: 0,
      y: 0,
      w: 4,
      h: 4,
    }),
    valueStat(
      2,
      "Drifted columns",
      `slipway_monitor_drift_share${sel}`,
      "percentunit",
      { x: 4, y: 0, w: 4, h: 4 },
      [
        { color: "green", value: null },
        { color: "red", value: share },
      ],
    ),
    flagStat(3, "Data quality", `slipway_monitor_quality_failed${sel}`, "pass", "FAIL", {
      x: 8,
      y: 0,
      w: 4,
      h: 4,
    }),
    flagStat(4, "Classification", `slipway_monitor_classification_failed${sel}`, "pass", "FAIL", {
      x: 12,
      y: 0,
      w: 4,
      h: 4,
    }),
    valueStat(5, "Last run", `slipway_monitor_last_run_timestamp_seconds${sel} * 1000`, "dateTimeFromNow", {
      x: 16,
      y: 0,
      w: 8,
      h: 4,
    }),
    timeSeries(
      6,
      "Share of drifted columns",
      [{ expr: `slipway_monitor_drift_share${sel}`, legendFormat: "drift share" }],
      { x: 0, y: 4, w: 12, h: 8 },
      {
        unit: "percentunit",
        min: 0,
        max: 1,
        thresholds: {
          mode: "absolute",
          steps: [
            { color: "green", value: null },
            { color: "red", value: share },
          ],
        },
        custom: { lineInterpolation: "stepAfter", showPoints: "always", thresholdsStyle: { mode: "line" } },
      },
      `Dataset drift at ${share} (the Monitor's drift.datasetShare).`,
    ),
    timeSeries(
      7,
      "Column drift scores",
      [{ expr: `slipway_drift_score${sel}`, legendFormat: "{{column}} ({{stattest}})" }],
      { x: 12, y: 4, w: 12, h: 8 },
      {},
      "p-values drift below their threshold (ks, chisquare, z), distances above it (wasserstein, jensenshannon, psi, kl, hellinger).",
    ),
    table(
      8,
      "Columns at the last run",
      [{ expr: `slipway_drift_score${sel}` }],
      { x: 0, y: 12, w: classified ? 12 : 24, h: 8 },
      [
        {
          id: "organize",
          options: { excludeByName: hidden(["stattest", "column"]), renameByName: { Value: "score" } },
        },
        { id: "sortBy", options: { sort: [{ field: "column" }] } },
      ],
    ),
  ];
  if (classified)
    panels.push(
      timeSeries(
        9,
        "Classification metrics (current)",
        [
          {
            expr: `slipway_monitor_classification_metric{sample="current", ${sel.slice(1)}`,
            legendFormat: "{{metric}}",
          },
        ],
        { x: 12, y: 12, w: 12, h: 8 },
        { min: 0 },
      ),
      table(
        10,
        "Classification: reference vs current",
        [
          // Without the sample label, the two queries' rows merge by metric.
          {
            expr: `max without (sample) (slipway_monitor_classification_metric{sample="reference", ${sel.slice(1)})`,
          },
          {
            expr: `max without (sample) (slipway_monitor_classification_metric{sample="current", ${sel.slice(1)})`,
          },
        ],
        { x: 0, y: 20, w: 24, h: 8 },
        [
          { id: "merge", options: {} },
          {
            id: "organize",
            options: {
              excludeByName: hidden(["metric"]),
              renameByName: { "Value #A": "reference", "Value #B": "current" },
            },
          },
        ],
      ),
    );
  return {
    uid: `slipway-${contentHash([namespace, environment, monitor.name]).slice(0, 24)}`,
    title: `Slipway monitor ${monitor.name} (${environment})`,
    description: `Model ${spec.model}: drift and classification quality from the monitor's runs (slipway_* series).`,
    tags: ["slipway", "monitor", spec.model],
    editable: false,
    graphTooltip: 1,
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    version: 1,
    time: { from: "now-30d", to: "now" },
    timezone: "utc",
    refresh: "5m",
    templating: {
      list: [
        {
          name: "datasource",
          label: "Prometheus",
          type: "datasource",
          query: "prometheus",
          current: {},
          hide: 0,
          refresh: 1,
          options: [],
        },
        {
          name: "repository",
          label: "Repository",
          type: "query",
          datasource: DATASOURCE,
          definition: `label_values(slipway_monitor_dataset_drift{${fixed}}, repository)`,
          query: {
            query: `label_values(slipway_monitor_dataset_drift{${fixed}}, repository)`,
            refId: "repository",
          },
          refresh: 2,
          includeAll: false,
          multi: false,
          current: {},
          hide: 0,
          options: [],
          sort: 1,
        },
      ],
    },
    annotations: { list: [] },
    panels,
  };
}

/** The series labels a table hides, all but `keep`. */
function hidden(keep: readonly string[]): Record<string, boolean> {
  const all = [
    "Time",
    "__name__",
    "repository",
    "environment",
    "monitor",
    "column",
    "stattest",
    "metric",
    "sample",
  ];
  return Object.fromEntries(all.filter((l) => !keep.includes(l)).map((l) => [l, true]));
}
