import { Gauge, type Registry } from "prom-client";
import { labelValue, wordLabel } from "./label-value.ts";
import { METRICS, type MetricSpec } from "./metric-names.ts";

// The gauges of monitor runs (issue #10, extended by #17): per run of a monitor of a repository in an
// environment, its column scores, its 0/1 conditions, its drift share, its classification metrics
// (reference and current) and when it ran. A run replaces every series of its monitor, so a column or
// metric no longer reported disappears from the scrape.

/** One column's score at a monitor's run: the p-value or distance of its stattest. */
export interface ColumnScore {
  readonly column: string;
  readonly stattest: string;
  readonly score: number;
}

/** One classification metric of a run, on the reference or the current sample. */
export interface ClassificationValue {
  readonly metric: string;
  readonly sample: "reference" | "current";
  readonly value: number;
}

export interface MonitorRun {
  /** owner/name: two repositories may have monitors of the same name in environments of the same name. */
  readonly repository?: string;
  readonly environment: string;
  readonly monitor: string;
  readonly columns: readonly ColumnScore[];
  readonly datasetDrift: boolean;
  /** Share of tested columns that drifted. */
  readonly driftShare?: number;
  readonly qualityFailed?: boolean;
  readonly classificationFailed?: boolean;
  readonly classification?: readonly ClassificationValue[];
  /** The run time, in seconds since the epoch. */
  readonly runAt?: number;
}

export interface MonitorGaugeSet {
  set(run: MonitorRun): void;
  remove(repository: string | undefined, environment: string, monitor: string): void;
}

type Labels = Record<string, string>;

/** `rocAuc` → `roc_auc`: scikit-learn's and Evidently's spelling, and a bounded label value. */
export function metricLabel(metric: string): string {
  return wordLabel(metric.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

export function monitorGauges(registry: Registry): MonitorGaugeSet {
  const gauge = (spec: MetricSpec) =>
    new Gauge({ name: spec.name, help: spec.help, labelNames: [...spec.labels], registers: [registry] });
  const driftScore = gauge(METRICS.driftScore);
  const classification = gauge(METRICS.monitorClassificationMetric);
  const flags = {
    datasetDrift: gauge(METRICS.monitorDatasetDrift),
    qualityFailed: gauge(METRICS.monitorQualityFailed),
    classificationFailed: gauge(METRICS.monitorClassificationFailed),
  };
  const share = gauge(METRICS.monitorDriftShare);
  const lastRun = gauge(METRICS.monitorLastRun);
  /** Series set per monitor, by its key, with the gauge they are on. */
  const series = new Map<string, { gauge: Gauge; labels: Labels }[]>();

  const base = (repository: string | undefined, environment: string, monitor: string): Labels => ({
    repository: labelValue(repository ?? ""),
    environment: labelValue(environment),
    monitor: labelValue(monitor),
  });
  const keyOf = (labels: Labels) => JSON.stringify([labels.repository, labels.environment, labels.monitor]);
  const drop = (key: string) => {
    for (const { gauge, labels } of series.get(key) ?? []) gauge.remove(labels);
    series.delete(key);
  };

  return {
    set(run) {
      const labels = base(run.repository, run.environment, run.monitor);
      const key = keyOf(labels);
      drop(key);
      const set: { gauge: Gauge; labels: Labels }[] = [];
      const put = (g: Gauge, l: Labels, value: number) => {
        if (!Number.isFinite(value)) return;
        g.set(l, value);
        set.push({ gauge: g, labels: l });
      };
      for (const c of run.columns)
        put(
          driftScore,
          { ...labels, column: labelValue(c.column), stattest: wordLabel(c.stattest) },
          c.score,
        );
      for (const m of run.classification ?? [])
        put(classification, { ...labels, metric: metricLabel(m.metric), sample: m.sample }, m.value);
      put(flags.datasetDrift, labels, run.datasetDrift ? 1 : 0);
      put(flags.qualityFailed, labels, run.qualityFailed ? 1 : 0);
      put(flags.classificationFailed, labels, run.classificationFailed ? 1 : 0);
      if (run.driftShare !== undefined) put(share, labels, run.driftShare);
      if (run.runAt !== undefined) put(lastRun, labels, run.runAt);
      series.set(key, set);
    },
    remove(repository, environment, monitor) {
      drop(keyOf(base(repository, environment, monitor)));
    },
  };
}
