import { Gauge, type Registry } from "prom-client";
import type { RolloutState } from "../state/environment-state.ts";
import { labelValue } from "./label-value.ts";
import { METRICS, type MetricSpec } from "./metric-names.ts";

// Issue #22: `/metrics` shows each rollout under way — its step per Model and its checks' last numbers
// and verdicts — and forgets it when it ends, so a dashboard never shows a finished rollout as running.

export interface RolloutGaugeSet {
  /** The environment's rollout as recorded now; null when none is under way (its series go). */
  set(repository: string, environment: string, rollout: RolloutState | null): void;
}

type Labels = Record<string, string>;

export function rolloutGauges(registry: Registry): RolloutGaugeSet {
  const gauge = (spec: MetricSpec) =>
    new Gauge({ name: spec.name, help: spec.help, labelNames: [...spec.labels], registers: [registry] });
  const step = gauge(METRICS.rolloutStep);
  const steps = gauge(METRICS.rolloutSteps);
  const paused = gauge(METRICS.rolloutPaused);
  const value = gauge(METRICS.rolloutCheckValue);
  const passed = gauge(METRICS.rolloutCheckPassed);
  const shown = new Map<string, { gauge: Gauge; labels: Labels }[]>();

  return {
    set(repository, environment, rollout) {
      const key = `${repository} ${environment}`;
      for (const { gauge: g, labels } of shown.get(key) ?? []) g.remove(labels);
      shown.delete(key);
      if (!rollout) return;
      const series: { gauge: Gauge; labels: Labels }[] = [];
      const put = (g: Gauge, labels: Labels, n: number) => {
        g.set(labels, n);
        series.push({ gauge: g, labels });
      };
      const base = { repository: labelValue(repository), environment: labelValue(environment) };
      put(paused, base, rollout.paused ? 1 : 0);
      for (const m of rollout.models) {
        const labels = { ...base, model: labelValue(m.model) };
        put(step, labels, Math.min(m.step + 1, m.steps));
        put(steps, labels, m.steps);
      }
      for (const r of rollout.last?.results ?? []) {
        const labels = { ...base, model: labelValue(r.model), check: labelValue(r.check) };
        put(passed, labels, r.verdict === "pass" ? 1 : 0);
        if (r.canary !== null) put(value, { ...labels, track: "canary" }, r.canary);
        if (r.stable !== null) put(value, { ...labels, track: "stable" }, r.stable);
      }
      shown.set(key, series);
    },
  };
}
