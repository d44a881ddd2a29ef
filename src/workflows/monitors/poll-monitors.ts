import type { TrackingIssuePort } from "../tracking-issue-port.ts";
import { issueAlerting, monitorIssue } from "./monitor-issue.ts";
import { type MonitorRunRecord, parseRunRecord } from "./monitor-run-record.ts";
import type { MonitorTarget } from "./monitor-targets.ts";

/** The gauges of `src/metrics/slipway-metrics.ts` a poll sets and removes. */
export interface MonitorGauges {
  setDriftScores(run: {
    repository: string;
    environment: string;
    monitor: string;
    columns: readonly { column: string; stattest: string; score: number }[];
    datasetDrift: boolean;
    driftShare: number;
    qualityFailed: boolean;
    classificationFailed: boolean;
    classification: readonly { metric: string; sample: "reference" | "current"; value: number }[];
    runAt: number;
  }): void;
  removeMonitor(repository: string, environment: string, monitor: string): void;
}

export interface MonitorPollLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface MonitorPollPorts {
  /** `latest.json` of a target (`<prefix>latest.json`), null when there is none; faults throw. */
  readLatest(target: MonitorTarget): Promise<Uint8Array | null>;
  issues(repository: string): TrackingIssuePort;
  gauges: MonitorGauges;
  log: MonitorPollLog;
  /**
   * Told once per new run record, after its issue was written (issue #19: drift triggers start
   * retrains from here), with the monitor issue's number when there is one. A failure is logged; the
   * record stays handled.
   */
  runRecorded?(target: MonitorTarget, record: MonitorRunRecord, issue: number | null): Promise<void>;
}

/** A repository's monitors, or why they could not be listed (its gauges are then kept as they were). */
export type RepositoryMonitors =
  | { repository: string; targets: MonitorTarget[] }
  | { repository: string; fault: string };

export interface PollSummary {
  read: number;
  faults: number;
  /** Issue writes by action (created, updated, reopened, closed); `unchanged` and `none` wrote nothing. */
  issues: Record<string, number>;
}

/**
 * The server's side of scheduled monitors (issue #10): each target's newest run record is read as
 * untrusted input, its scores go to the gauges `/metrics` exposes, and one GitHub issue per monitor is
 * opened, updated or closed. A run is announced once: the same record read again only refreshes the
 * gauges, and one older than the last handled is a fault that changes nothing. A monitor that has not
 * reported yet is said once. Faults (an unreadable or malformed record, a store or GitHub error) are logged per monitor and never stop the
 * others.
 */
export class MonitorPoller {
  readonly #ports: MonitorPollPorts;
  /** Last run time handled per `repository environment monitor`. */
  readonly #handled = new Map<string, string>();
  /** Monitors without a report yet, already said once. */
  readonly #awaiting = new Set<string>();
  /** Gauge series published, by repository, environment and monitor. */
  readonly #published = new Map<string, { repository: string; environment: string; monitor: string }>();

  constructor(ports: MonitorPollPorts) {
    this.#ports = ports;
  }

  async poll(repositories: readonly RepositoryMonitors[], stop?: AbortSignal): Promise<PollSummary> {
    const summary: PollSummary = { read: 0, faults: 0, issues: {} };
    const seen = new Set<string>();
    const faulted = new Set<string>();
    for (const entry of repositories) {
      if ("fault" in entry) {
        faulted.add(entry.repository);
        summary.faults++;
        this.#ports.log.warn({ repository: entry.repository, reason: entry.fault }, "monitors not listed");
        continue;
      }
      for (const target of entry.targets) {
        seen.add(gaugeKey(target));
        if (stop?.aborted) return summary;
        await this.#pollOne(target, summary);
      }
    }
    for (const [key, series] of this.#published) {
      if (seen.has(key) || faulted.has(series.repository)) continue;
      this.#ports.gauges.removeMonitor(series.repository, series.environment, series.monitor);
      this.#published.delete(key);
    }
    return summary;
  }

  async #pollOne(target: MonitorTarget, summary: PollSummary): Promise<void> {
    const fields = {
      repository: target.repository,
      environment: target.environment,
      monitor: target.monitor,
    };
    const fault = (reason: string) => {
      summary.faults++;
      this.#ports.log.warn({ ...fields, reason }, "monitor report not used");
    };
    let bytes: Uint8Array | null;
    try {
      bytes = await this.#ports.readLatest(target);
    } catch (error) {
      return fault(describe(error));
    }
    const handledKey = `${target.repository} ${target.environment} ${target.monitor}`;
    if (bytes === null) {
      // A monitor that has not run yet (a weekly schedule, a new monitor) is said once, not every poll.
      if (!this.#awaiting.has(handledKey))
        this.#ports.log.info(
          { ...fields, at: `${target.prefix}latest.json` },
          "monitor has not reported yet",
        );
      this.#awaiting.add(handledKey);
      return;
    }
    this.#awaiting.delete(handledKey);
    const parsed = parseRunRecord(bytes);
    if (!parsed.ok) return fault(`${target.prefix}latest.json: ${parsed.problem}`);
    const record = parsed.record;
    const mismatch = checkBelongs(record, target);
    if (mismatch) return fault(`${target.prefix}latest.json: ${mismatch}`);
    const last = this.#handled.get(handledKey);
    // latest.json only moves forward; an older record (rolled back, or forged) must not set the gauges
    // the alerts read while the issue says otherwise.
    if (last !== undefined && Date.parse(record.runAt) < Date.parse(last))
      return fault(
        `${target.prefix}latest.json: its run at ${record.runAt} is older than the run at ${last} already handled`,
      );
    summary.read++;
    this.#ports.gauges.setDriftScores({
      repository: target.repository,
      environment: target.environment,
      monitor: target.monitor,
      columns: record.columns.flatMap((c) =>
        c.score === null ? [] : [{ column: c.name, stattest: c.test, score: c.score }],
      ),
      datasetDrift: record.status.drift,
      driftShare: record.dataset.share,
      qualityFailed: record.status.qualityFailed,
      classificationFailed: record.status.classificationFailed,
      classification: (record.classification?.metrics ?? []).flatMap((m) =>
        (["reference", "current"] as const).flatMap((sample) => {
          const value = m[sample];
          return value === null ? [] : [{ metric: m.metric, sample, value }];
        }),
      ),
      runAt: Date.parse(record.runAt) / 1000,
    });
    this.#published.set(gaugeKey(target), fields);
    if (last !== undefined && Date.parse(record.runAt) === Date.parse(last)) return;
    const alerting = issueAlerting(target.alerts);
    if (alerting.conditions.size === 0) {
      this.#handled.set(handledKey, record.runAt);
      return this.#recorded(target, record, null, fields);
    }
    let issue: number | null;
    try {
      const result = await this.#ports
        .issues(target.repository)
        .upsert(monitorIssue(record, target, alerting));
      this.#handled.set(handledKey, record.runAt);
      issue = result.number;
      if (result.action !== "unchanged" && result.action !== "none") {
        summary.issues[result.action] = (summary.issues[result.action] ?? 0) + 1;
        this.#ports.log.info(
          { ...fields, runAt: record.runAt, issue: result.number, action: result.action },
          "monitor issue written",
        );
      }
    } catch (error) {
      return fault(`the issue could not be written: ${describe(error)}`);
    }
    await this.#recorded(target, record, issue, fields);
  }

  async #recorded(
    target: MonitorTarget,
    record: MonitorRunRecord,
    issue: number | null,
    fields: object,
  ): Promise<void> {
    if (!this.#ports.runRecorded) return;
    try {
      await this.#ports.runRecorded(target, record, issue);
    } catch (error) {
      this.#ports.log.warn(
        { ...fields, runAt: record.runAt, reason: describe(error) },
        "retrain trigger failed",
      );
    }
  }
}

function gaugeKey(target: MonitorTarget): string {
  return JSON.stringify([target.repository, target.environment, target.monitor]);
}

/** A record must be the target's own: its monitor, its environment, reports below its prefix. */
function checkBelongs(record: MonitorRunRecord, target: MonitorTarget): string | null {
  if (record.monitor !== target.monitor)
    return `it is the record of monitor ${record.monitor}, not ${target.monitor}`;
  if (record.environment !== null && record.environment !== target.environment)
    return `it is the record of environment ${record.environment.slice(0, 63)}, not ${target.environment}`;
  if (!record.report.json.startsWith(target.prefix) || !record.report.html.startsWith(target.prefix))
    return "its report locations are not below the monitor's prefix";
  return null;
}

/** Faults' messages are built to be shown (no credential); anything else is named by its type only. */
function describe(error: unknown): string {
  if (error instanceof Error && /Fault$|^DatasetError$/.test(error.name)) return error.message;
  return error instanceof Error ? `${error.name} while reading` : "unknown failure";
}
