import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { RolloutState } from "../state/environment-state.ts";
import { labelValue, wordLabel } from "./label-value.ts";
import { METRICS, type MetricSpec } from "./metric-names.ts";
import { type MonitorRun, monitorGauges } from "./monitor-gauges.ts";
import { rolloutGauges } from "./rollout-gauges.ts";

/** Buckets in seconds: webhooks are answered in milliseconds, waits and reconciles take seconds to minutes. */
const FAST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SLOW_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);

export type DeliveryOutcome = "handled" | "failed" | "rejected" | "refused";

export type { ClassificationValue, ColumnScore, MonitorRun } from "./monitor-gauges.ts";

/** What the server records; label values from configuration and data are cleaned (`label-value.ts`). */
export interface SlipwayMetrics {
  /** A registry of its own, not prom-client's global one, so tests and embedders can hold several. */
  readonly registry: Registry;
  recordDelivery(event: string, outcome: DeliveryOutcome, seconds: number): void;
  /** A GitHub API answer: status 0 for no answer (timeout, refused connection). */
  recordGitHubCall(method: string, status: number): void;
  setRateLimitRemaining(installation: string, resource: string, remaining: number): void;
  /** Read at each scrape: the in-process webhook job queue. */
  watchWebhookQueue(depth: () => number): void;
  setQueueDepth(environment: string, depth: number): void;
  observeLockWait(environment: string, seconds: number): void;
  /** A Lease request refused by the cluster (RBAC, credentials). */
  recordLeaseRefused(lease: string): void;
  recordReconcile(environment: string, outcome: string, seconds: number): void;
  setObjectsOutOfSync(environment: string, count: number): void;
  recordDeploy(environment: string, outcome: string): void;
  /** A drift trigger's decision (issue #19). */
  recordRetrainTrigger(pipeline: string, outcome: string): void;
  /** How a retrain a monitor run started ended. */
  recordTriggeredRetrain(pipeline: string, outcome: string): void;
  recordCandidatePull(model: string, action: "opened" | "updated"): void;
  /**
   * The promotion aliases of an environment's models, each in sync with git or not (moved by hand):
   * `slipway_registry_drift` per alias, and the count added to `slipway_objects_out_of_sync`.
   */
  setRegistryDrift(
    environment: string,
    aliases: readonly { model: string; alias: string; drifted: boolean }[],
  ): void;
  /** A monitor's last run replaces its previous series (columns or metrics no longer reported disappear). */
  setDriftScores(run: MonitorRun): void;
  /** A monitor that no longer runs: every series of it disappears from the scrape. */
  removeMonitor(repository: string | undefined, environment: string, monitor: string): void;
  /** An environment's rollout as recorded after each executor step (issue #22); null: none under way. */
  setRollout(repository: string, environment: string, rollout: RolloutState | null): void;
}

const options = (spec: MetricSpec, registry: Registry) => ({
  name: spec.name,
  help: spec.help,
  labelNames: [...spec.labels],
  registers: [registry],
});

export function createSlipwayMetrics(): SlipwayMetrics {
  const registry = new Registry();
  const counter = (spec: MetricSpec) => new Counter(options(spec, registry));
  const gauge = (spec: MetricSpec) => new Gauge(options(spec, registry));
  const histogram = (spec: MetricSpec, buckets: number[]) =>
    new Histogram({ ...options(spec, registry), buckets });

  const deliveries = counter(METRICS.webhookDeliveries);
  const deliveryDuration = histogram(METRICS.webhookDuration, FAST_BUCKETS);
  const githubCalls = counter(METRICS.githubRequests);
  const rateLimit = gauge(METRICS.githubRateLimitRemaining);
  let webhookDepth: () => number = () => 0;
  new Gauge({
    ...options(METRICS.webhookQueueDepth, registry),
    collect() {
      this.set(webhookDepth());
    },
  });
  const queueDepth = gauge(METRICS.queueDepth);
  const lockWait = histogram(METRICS.lockWait, SLOW_BUCKETS);
  const leaseRefusals = counter(METRICS.leaseRefusals);
  const reconcile = histogram(METRICS.reconcileDuration, SLOW_BUCKETS);
  const outOfSync = gauge(METRICS.objectsOutOfSync);
  const deploys = counter(METRICS.deploys);
  const monitors = monitorGauges(registry);
  const rollouts = rolloutGauges(registry);
  const retrainTriggers = counter(METRICS.retrainTriggers);
  const triggeredRetrains = counter(METRICS.triggeredRetrains);
  const candidatePulls = counter(METRICS.candidatePulls);
  const registryDrift = gauge(METRICS.registryDrift);
  // Per environment: objects out of sync in the cluster (reconcile) and aliases moved in the registry;
  // the gauge shows their sum, each side replacing only its own count.
  const clusterOut = new Map<string, number>();
  const registryOut = new Map<string, number>();
  const registrySeries = new Map<string, { model: string; alias: string }[]>();
  const showOutOfSync = (environment: string) =>
    outOfSync.set({ environment }, (clusterOut.get(environment) ?? 0) + (registryOut.get(environment) ?? 0));
  const outcomeLabel = (value: string) => (/^[a-z][a-z-]{0,31}$/.test(value) ? value : "other");
  const seconds = (value: number) => (Number.isFinite(value) && value >= 0 ? value : 0);

  return {
    registry,
    recordDelivery(event, outcome, duration) {
      const labels = { event: wordLabel(event) };
      deliveries.inc({ ...labels, outcome });
      deliveryDuration.observe(labels, seconds(duration));
    },
    recordGitHubCall(method, status) {
      const verb = method.toUpperCase();
      githubCalls.inc({
        method: HTTP_METHODS.has(verb) ? verb : "OTHER",
        status: String(Math.trunc(status) || 0),
      });
    },
    setRateLimitRemaining(installation, resource, remaining) {
      if (!Number.isFinite(remaining)) return;
      rateLimit.set({ installation: labelValue(installation), resource: wordLabel(resource) }, remaining);
    },
    watchWebhookQueue(depth) {
      webhookDepth = depth;
    },
    setQueueDepth: (environment, depth) => queueDepth.set({ environment: labelValue(environment) }, depth),
    observeLockWait: (environment, wait) =>
      lockWait.observe({ environment: labelValue(environment) }, seconds(wait)),
    recordLeaseRefused: (lease) => leaseRefusals.inc({ lease: labelValue(lease) }),
    recordReconcile: (environment, outcome, duration) =>
      reconcile.observe(
        { environment: labelValue(environment), outcome: wordLabel(outcome) },
        seconds(duration),
      ),
    setObjectsOutOfSync(environmentName, count) {
      const environment = labelValue(environmentName);
      clusterOut.set(environment, count);
      showOutOfSync(environment);
    },
    recordRetrainTrigger: (pipeline, outcome) =>
      retrainTriggers.inc({ pipeline: labelValue(pipeline), outcome: outcomeLabel(outcome) }),
    recordTriggeredRetrain: (pipeline, outcome) =>
      triggeredRetrains.inc({ pipeline: labelValue(pipeline), outcome: outcomeLabel(outcome) }),
    recordCandidatePull: (model, action) => candidatePulls.inc({ model: labelValue(model), action }),
    setRegistryDrift(environmentName, aliases) {
      const environment = labelValue(environmentName);
      for (const old of registrySeries.get(environment) ?? []) registryDrift.remove({ environment, ...old });
      const series = aliases.map((a) => ({
        labels: { model: labelValue(a.model), alias: labelValue(a.alias) },
        drifted: a.drifted,
      }));
      for (const { labels, drifted } of series)
        registryDrift.set({ environment, ...labels }, drifted ? 1 : 0);
      registrySeries.set(
        environment,
        series.map((x) => x.labels),
      );
      registryOut.set(environment, aliases.filter((a) => a.drifted).length);
      showOutOfSync(environment);
    },
    recordDeploy: (environment, outcome) =>
      deploys.inc({ environment: labelValue(environment), outcome: wordLabel(outcome) }),
    setDriftScores: (run) => monitors.set(run),
    setRollout: (repository, environment, rollout) => rollouts.set(repository, environment, rollout),
    removeMonitor: (repository, environment, monitor) => monitors.remove(repository, environment, monitor),
  };
}
