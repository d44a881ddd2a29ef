/**
 * The Prometheus series Slipway exposes at `/metrics` (issue #10, item 4), in one place: the server's
 * registry creates them from this list, docs/operations.md describes them (a test keeps the two equal),
 * and the monitor gauges are the ones the rendered PrometheusRules query. Label values stay bounded:
 * environments, monitors and columns come from the platform repo, never from request data.
 */
export type MetricType = "counter" | "gauge" | "histogram";

export interface MetricSpec {
  readonly name: string;
  readonly type: MetricType;
  readonly labels: readonly string[];
  readonly help: string;
}

export const METRICS = {
  webhookDeliveries: {
    name: "slipway_webhook_deliveries_total",
    type: "counter",
    labels: ["event", "outcome"],
    help: "Webhook deliveries received, by event and outcome (handled, failed, rejected: bad signature, refused: shutting down).",
  },
  webhookDuration: {
    name: "slipway_webhook_duration_seconds",
    type: "histogram",
    labels: ["event"],
    help: "Time from a webhook's arrival to the end of its handling, by event.",
  },
  githubRequests: {
    name: "slipway_github_api_requests_total",
    type: "counter",
    labels: ["method", "status"],
    help: "GitHub API requests made, by HTTP method and status code (timeouts count as status 0).",
  },
  githubRateLimitRemaining: {
    name: "slipway_github_rate_limit_remaining",
    type: "gauge",
    labels: ["installation", "resource"],
    help: "Requests left in the current GitHub rate-limit window, as the last response reported it.",
  },
  webhookQueueDepth: {
    name: "slipway_webhook_queue_depth",
    type: "gauge",
    labels: [],
    help: "Jobs queued or running in this replica's in-process webhook queue (reviews, commands).",
  },
  queueDepth: {
    name: "slipway_queue_depth",
    type: "gauge",
    labels: ["environment"],
    help: "Intents queued or running for an environment.",
  },
  lockWait: {
    name: "slipway_lock_wait_seconds",
    type: "histogram",
    labels: ["environment"],
    help: "Time an intent waited for its environment's executor lease before running.",
  },
  leaseRefusals: {
    name: "slipway_lease_refusals_total",
    type: "counter",
    labels: ["lease"],
    help: "Lease requests the cluster refused (HTTP 403 or 401), by Lease: what it guards (an environment's deploys, the monitor poll) cannot run until RBAC grants get, create and update on it.",
  },
  reconcileDuration: {
    name: "slipway_reconcile_duration_seconds",
    type: "histogram",
    labels: ["environment", "outcome"],
    help: "Duration of reconcile passes (git to cluster), by outcome (in-sync, healed, drifted, failed, held).",
  },
  objectsOutOfSync: {
    name: "slipway_objects_out_of_sync",
    type: "gauge",
    labels: ["environment"],
    help: "Objects whose live state differs from git at the last reconcile pass, plus registry aliases moved outside git.",
  },
  retrainTriggers: {
    name: "slipway_retrain_triggers_total",
    type: "counter",
    labels: ["pipeline", "outcome"],
    help: "Drift triggers of Pipelines by a monitor run, by decision (started, skipped-cooldown, skipped-running, refused, failed).",
  },
  triggeredRetrains: {
    name: "slipway_triggered_retrains_total",
    type: "counter",
    labels: ["pipeline", "outcome"],
    help: "Retrains a monitor run started that ended, by outcome (succeeded, failed, canceled).",
  },
  candidatePulls: {
    name: "slipway_candidate_pull_requests_total",
    type: "counter",
    labels: ["model", "action"],
    help: "Candidate pull requests of retrained versions, by action (opened, updated: a newer version on the open one).",
  },
  registryDrift: {
    name: "slipway_registry_drift",
    type: "gauge",
    labels: ["environment", "model", "alias"],
    help: "1 while a promotion alias in the MLflow registry points elsewhere than git says (moved by hand), else 0; counted in slipway_objects_out_of_sync too.",
  },
  deploys: {
    name: "slipway_deploys_total",
    type: "counter",
    labels: ["environment", "outcome"],
    help: "Deploys finished, by outcome (succeeded, failed, rolled-back, refused).",
  },
  rolloutStep: {
    name: "slipway_rollout_step",
    type: "gauge",
    labels: ["repository", "environment", "model"],
    help: "The step (1-based) a canary rollout under way is at; the series goes when the rollout ends.",
  },
  rolloutSteps: {
    name: "slipway_rollout_steps",
    type: "gauge",
    labels: ["repository", "environment", "model"],
    help: "How many steps the canary rollout under way walks before the new version takes all traffic.",
  },
  rolloutPaused: {
    name: "slipway_rollout_paused",
    type: "gauge",
    labels: ["repository", "environment"],
    help: "1 while a rollout is paused (/slipway rollout pause), else 0.",
  },
  rolloutCheckValue: {
    name: "slipway_rollout_check_value",
    type: "gauge",
    labels: ["repository", "environment", "model", "check", "track"],
    help: "A canary check's value at its last evaluation, for the canary and the stable version (track); absent when it measured nothing.",
  },
  rolloutCheckPassed: {
    name: "slipway_rollout_check_passed",
    type: "gauge",
    labels: ["repository", "environment", "model", "check"],
    help: "1 when a canary check passed at its last evaluation, 0 when it failed, measured nothing or could not be queried.",
  },
  driftScore: {
    name: "slipway_drift_score",
    type: "gauge",
    labels: ["repository", "environment", "monitor", "column", "stattest"],
    help: "Drift score of one column at a monitor's last run (p-value or distance, per stattest).",
  },
  monitorDatasetDrift: {
    name: "slipway_monitor_dataset_drift",
    type: "gauge",
    labels: ["repository", "environment", "monitor"],
    help: "1 when a monitor's last run found dataset drift, else 0.",
  },
  monitorDriftShare: {
    name: "slipway_monitor_drift_share",
    type: "gauge",
    labels: ["repository", "environment", "monitor"],
    help: "Share of the tested columns that drifted at a monitor's last run (dataset drift at the Monitor's datasetShare).",
  },
  monitorQualityFailed: {
    name: "slipway_monitor_quality_failed",
    type: "gauge",
    labels: ["repository", "environment", "monitor"],
    help: "1 when a monitor's last run failed a data quality check, else 0.",
  },
  monitorClassificationFailed: {
    name: "slipway_monitor_classification_failed",
    type: "gauge",
    labels: ["repository", "environment", "monitor"],
    help: "1 when a monitor's last run found classification quality below its thresholds, else 0.",
  },
  monitorClassificationMetric: {
    name: "slipway_monitor_classification_metric",
    type: "gauge",
    labels: ["repository", "environment", "monitor", "metric", "sample"],
    help: "A classification metric (accuracy, precision, recall, f1, roc_auc, log_loss, tpr, tnr, fpr, fnr) of a monitor's last run, on its reference or current sample.",
  },
  monitorLastRun: {
    name: "slipway_monitor_last_run_timestamp_seconds",
    type: "gauge",
    labels: ["repository", "environment", "monitor"],
    help: "When a monitor's last run read its data (the run record's runAt), in seconds since the epoch.",
  },
} as const satisfies Record<string, MetricSpec>;

/** The same series as a list, in the order docs/operations.md shows them. */
export const METRIC_LIST: readonly MetricSpec[] = Object.values(METRICS);
