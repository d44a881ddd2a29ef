import type { Probot } from "probot";
import { type ReportStore, s3ReportStore } from "../datasets/s3/report-store.ts";
import { createS3Client } from "../datasets/s3/s3-client.ts";
import type { ServerBinding, ServerConfig } from "../manifests/schemas/server-config.ts";
import { REPO_CONFIG_PATH, type SourceTree } from "../manifests/source-tree.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { bindingFor } from "../manifests/validate-server-config.ts";
import { resumeTime } from "../report/deferred-review-output.ts";
import type { MonitorRunEvent, MonitorRunHub } from "../server/monitor-run-hub.ts";
import type { RateBudget } from "../server/rate-budget.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import { MAX_RUN_RECORD_BYTES } from "../workflows/monitors/monitor-run-record.ts";
import { type MonitorTarget, monitorTargets } from "../workflows/monitors/monitor-targets.ts";
import {
  type MonitorGauges,
  MonitorPoller,
  type PollSummary,
  type RepositoryMonitors,
} from "../workflows/monitors/poll-monitors.ts";
import type { BlobCache } from "./blob-cache.ts";
import { maskCredentials } from "./mask-credentials.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { rateLimitKeyOf } from "./rate-limit-plugin.ts";
import { readTreeFromGitHub } from "./read-tree.ts";
import { githubTrackingIssues } from "./tracking-issue-github.ts";

export interface MonitorPollerOptions {
  serverConfig: ServerConfig;
  /** `SLIPWAY_MONITOR_INTERVAL_SECONDS` in milliseconds; 0: no polling. */
  intervalMs: number;
  cache: BlobCache;
  gauges: MonitorGauges;
  /** Where `{ env: … }` credentials of the reports integrations are read. */
  env: NodeJS.ProcessEnv;
  stop: AbortSignal;
  /** Cluster mode: each poll runs only in the replica holding the monitors' Lease (`monitor-lease.ts`). */
  exclusive?: (work: (leading: AbortSignal) => Promise<void>) => Promise<boolean>;
  /** Told of every new run record, in the poll (issue #19: drift triggers). */
  runs?: MonitorRunHub;
  /**
   * The installations' REST budgets (issue #20): the poll is background work, so an installation's
   * repositories below the floor are left as they are (a fault, nothing removed) until the reset.
   */
  budget?: RateBudget;
  /**
   * How a default branch's tree is read: through the repository's git mirror in `slipway serve` (issue
   * #20: no REST call per file each poll); default, the REST API with `cache`.
   */
  readTree?: (
    octokit: InstallationOctokit,
    repo: { owner: string; repo: string },
    sha: string,
  ) => Promise<SourceTree>;
}

/**
 * Issue #10, item 3, the server's side: on an interval (first at start), for every repository the App
 * is installed on whose binding says where reports go, the Monitors of its default branch are listed,
 * each one's `latest.json` is read with the reports integration, the gauges are set and one issue per
 * monitor is kept (`MonitorPoller`). A poll that fails is logged and the next one comes anyway.
 */
export function startMonitorPoller(
  app: Probot,
  options: MonitorPollerOptions,
): { pollNow(): Promise<PollSummary | null> } {
  const log = app.log.child({ name: "monitors" });
  const stores = new Map<string, { store: ReportStore; close(): void }>();
  let slug: string | null = null;
  const octokits = new Map<string, InstallationOctokit>();
  const poller = new MonitorPoller({
    readLatest: async (target) =>
      (await storeFor(target)).get(`${target.prefix}latest.json`, MAX_RUN_RECORD_BYTES),
    issues: (repository) => {
      const [owner = "", repo = ""] = repository.split("/");
      const octokit = octokits.get(repository);
      if (!octokit) throw new Error(`no installation client for ${repository}`);
      return githubTrackingIssues(octokit, { owner, repo, appSlug: slug ?? "" });
    },
    gauges: options.gauges,
    log,
    ...(options.runs
      ? {
          runRecorded: async (target, record, issue) => {
            const read = branches.get(target.repository);
            if (!read) return;
            await options.runs?.emit({ ...read, target, record, issue });
          },
        }
      : {}),
  });
  const bindings = new Map<string, ServerBinding>();
  /** The default branch each repository's monitors were listed from, in this poll. */
  const branches = new Map<string, Omit<MonitorRunEvent, "target" | "record" | "issue">>();

  async function storeFor(target: MonitorTarget): Promise<ReportStore> {
    const key = `${target.repository} ${target.integration}`;
    let opened = stores.get(key);
    if (!opened) {
      const integration = bindings.get(target.repository)?.integrations?.[target.integration] ?? {};
      const connection = await createS3Client({
        name: target.integration,
        binding: integration,
        readSecret: nodeSecretReader(options.env),
        env: options.env,
      });
      opened = { store: s3ReportStore(connection), close: () => connection.client.destroy() };
      stores.set(key, opened);
    }
    return opened.store;
  }

  async function listMonitors(): Promise<RepositoryMonitors[]> {
    const appOctokit = await app.auth();
    slug ??= (await appOctokit.rest.apps.getAuthenticated()).data?.slug ?? "";
    const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
      per_page: 100,
    });
    const out: RepositoryMonitors[] = [];
    for (const installation of installations) {
      const octokit = (await app.auth(installation.id)) as InstallationOctokit;
      const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
        per_page: 100,
      });
      const key = rateLimitKeyOf(octokit);
      const until = key && options.budget ? options.budget.waitUntil(key, "background") : null;
      for (const repo of repos) {
        const repository = repo.full_name;
        const binding = bindingFor(options.serverConfig, repository);
        if (!binding || !Object.values(binding.environments).some((e) => e.monitorReports)) continue;
        bindings.set(repository, binding);
        octokits.set(repository, octokit);
        if (until !== null) {
          const reason = `deferred to ${resumeTime(until)}: the installation's GitHub API budget is below the floor kept for reviews of new heads`;
          out.push({ repository, fault: reason });
          continue;
        }
        try {
          const where = { owner: repo.owner.login, repo: repo.name };
          const { data: ref } = await octokit.rest.git.getRef({
            ...where,
            ref: `heads/${repo.default_branch}`,
          });
          const tree = options.readTree
            ? await options.readTree(octokit, where, ref.object.sha)
            : await readTreeFromGitHub(octokit, where, ref.object.sha, options.cache);
          // Configuration and monitors come from the default branch only (DESIGN.md §4).
          const { snapshot } = validateRepo(tree, { binding });
          branches.set(repository, {
            repository,
            octokit,
            defaultBranch: { name: repo.default_branch, head: ref.object.sha, snapshot, tree },
          });
          // Without a valid configuration no environment is declared, which would read as every monitor
          // gone (series removed, alerts resolved): the repository cannot be read until it is fixed.
          if (snapshot.config === null && tree.files.has(REPO_CONFIG_PATH))
            out.push({ repository, fault: "the default branch's .slipway.yml does not validate" });
          else out.push({ repository, targets: monitorTargets(repository, snapshot, binding) });
        } catch (error) {
          out.push({ repository, fault: maskCredentials(String((error as Error)?.message ?? error)) });
        }
      }
    }
    return out;
  }

  let running: Promise<PollSummary | null> | null = null;
  const once = async (signal: AbortSignal): Promise<PollSummary | null> => {
    try {
      const summary = await poller.poll(await listMonitors(), signal);
      log.info({ ...summary }, "monitor reports polled");
      return summary;
    } catch (error) {
      log.warn(
        { reason: maskCredentials(String((error as Error)?.message ?? error)) },
        "monitor poll failed; it runs again at the next interval",
      );
      return null;
    } finally {
      for (const opened of stores.values()) opened.close();
      stores.clear();
      branches.clear();
    }
  };
  const pollNow = (): Promise<PollSummary | null> => {
    if (options.stop.aborted) return Promise.resolve(null);
    running ??= (async () => {
      if (!options.exclusive) return once(options.stop);
      let result: PollSummary | null = null;
      await options.exclusive(async (leading) => {
        result = await once(AbortSignal.any([leading, options.stop]));
      });
      return result;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  if (options.intervalMs > 0) {
    void pollNow();
    const timer = setInterval(() => void pollNow(), options.intervalMs);
    timer.unref();
    options.stop.addEventListener("abort", () => clearInterval(timer), { once: true });
  }
  return { pollNow };
}
