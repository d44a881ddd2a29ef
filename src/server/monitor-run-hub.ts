import type { InstallationOctokit } from "../github/octokit.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import type { MonitorRunRecord } from "../workflows/monitors/monitor-run-record.ts";
import type { MonitorTarget } from "../workflows/monitors/monitor-targets.ts";

/** A new monitor run record, as the monitor poller read it, with the default branch it read it against. */
export interface MonitorRunEvent {
  repository: string;
  octokit: InstallationOctokit;
  defaultBranch: { name: string; head: string; snapshot: PlatformSnapshot; tree: SourceTree };
  target: MonitorTarget;
  record: MonitorRunRecord;
  /** The monitor's issue, when the monitor keeps one. */
  issue: number | null;
}

/**
 * Where the monitor poller tells what it read and the retrain loop listens (issue #19): the poller is
 * started by `slipway serve`, the loop by the app, and neither knows the other. Handlers run in the
 * poll, in order, under its Lease; one that fails is the poller's to log.
 */
export class MonitorRunHub {
  readonly #handlers: ((event: MonitorRunEvent) => Promise<void>)[] = [];

  on(handler: (event: MonitorRunEvent) => Promise<void>): void {
    this.#handlers.push(handler);
  }

  async emit(event: MonitorRunEvent): Promise<void> {
    for (const handler of this.#handlers) await handler(event);
  }
}
