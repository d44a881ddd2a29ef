import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import type { ApplicationFunction } from "probot";
import type { LeaseRefusal } from "../cluster/lease/lease-refused.ts";
import { commandRegistry } from "../commands/builtin-commands.ts";
import { BlobCache } from "../github/blob-cache.ts";
import { KeyedJobQueue } from "../github/job-queue.ts";
import { maskCredentials } from "../github/mask-credentials.ts";
import { monitorLease } from "../github/monitor-lease.ts";
import { startMonitorPoller } from "../github/monitor-poller.ts";
import { slipwayApp } from "../github/slipway-app.ts";
import { deploySetup } from "../github/state-stores.ts";
import { shutDownGracefully } from "../lifecycle/graceful-shutdown.ts";
import { Shutdown } from "../lifecycle/shutdown.ts";
import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import { bindingFor, validateServerConfig } from "../manifests/validate-server-config.ts";
import { createSlipwayMetrics } from "../metrics/slipway-metrics.ts";
import { defaultMirrorRoot } from "../repo/git-mirror.ts";
import { type AppCredentials, appCredentials, StartupError } from "../server/app-credentials.ts";
import { withDotEnv } from "../server/dot-env.ts";
import { executorLeases } from "../server/executor-leases.ts";
import { githubPacing, githubTimeoutMs, serverOctokit } from "../server/github-octokit.ts";
import { MonitorRunHub } from "../server/monitor-run-hub.ts";
import { RateBudget } from "../server/rate-budget.ts";
import { startRegistrationServer } from "../server/registration-server.ts";
import { RepoMirrors } from "../server/repo-mirrors.ts";
import { repoReadsOf } from "../server/repo-reads-factory.ts";
import { startAppServer } from "../server/start-app-server.ts";
import type { CliCommand } from "./cli-command.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const USAGE = `usage: slipway serve [--port N]

Runs the Slipway GitHub App server (the same as \`npm start\`).
With APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, and WEBHOOK_SECRET it serves webhooks at
/api/github/webhooks, plus /healthz, /readyz and /metrics (Prometheus). Without them it is in setup
mode: the page it names registers the GitHub App from app.yml, named after the account that owns it
("Slipway (acme)"; SLIPWAY_APP_NAME chooses another name), and writes its credentials to .env; /healthz
answers meanwhile and /readyz says not ready. The App's webhook URL is WEBHOOK_PROXY_URL when set (a
webhook proxy channel, for a server GitHub cannot reach), else SLIPWAY_PUBLIC_URL (default: the address
the page was opened at) + /api/github/webhooks. GHE_HOST (and GHE_PROTOCOL) point it at GitHub Enterprise. With APP_ID set, a missing
WEBHOOK_SECRET or a private key that cannot be read or used exits 2; a webhook body over 25,000,000
bytes is answered 413 unread. A .env file only fills in variables the environment does not set.
SLIPWAY_SERVER_CONFIG names the server configuration (bindings of environments and integrations);
without it, names used by platform repositories are not checked against bindings.
SLIPWAY_SWEEP_INTERVAL_SECONDS sets how often open pull requests are swept (default 600; 0 = never).
SLIPWAY_RECOVERY_INTERVAL_SECONDS sets how often environments are checked for deploys left queued or
by a dead executor (default 60; 0 = at start only); SLIPWAY_TAKEOVER_AFTER_SECONDS is how old a dead
executor's claim must be to be taken over (default: the health timeout + 5 min). With state in the clusters, an environment is deployed
only by the replica holding its Lease slipway-env-<env> (in the environment's first bound namespace).
SLIPWAY_RECONCILE_INTERVAL_SECONDS sets how often each environment bound to a cluster is compared with git
(default 180, ±20%; 0 = off), and it is at once after a push deploy: drift opens one issue per environment,
and an environment with selfHeal in .slipway.yml is re-applied (never while locked or held); a production
environment's promotion aliases are compared with the MLflow registry too (registry drift).
SLIPWAY_MONITOR_INTERVAL_SECONDS sets how often monitor Jobs' reports (where a binding's \`reports\` puts them)
are read (default 300; 0 = off): scores to /metrics, one issue per alerting monitor (in a pod: only the
holder of the slipway-monitors Lease).
A Pipeline with a drift trigger is started by the monitor poll, and every SLIPWAY_PIPELINE_POLL_INTERVAL_SECONDS
(default 30) ended runs become candidate pull requests; MLflow's registry webhooks, signed with a binding's
webhookSecret, are taken at /api/mlflow/webhooks.
SLIPWAY_GITHUB_TIMEOUT_SECONDS bounds each GitHub API request (default 30); timed-out requests are retried.
GitHub writes are spaced a second apart (three for comments, issues and pull requests) and rate-limited
requests retried, as GitHub asks of integrations; SLIPWAY_GITHUB_PACING=off stops both (for a GitHub
Enterprise Server with rate limits disabled, or a local test double).
On SIGTERM or SIGINT it stops taking webhooks (503; /readyz unready), lets queued jobs finish for up to
SLIPWAY_SHUTDOWN_GRACE_SECONDS (default 25), releases its leases and exits 0.
Exit status: 0 after a shutdown on SIGTERM or SIGINT, 2 when it cannot start (credentials missing or
unusable, an invalid server configuration, a port in use, APP_ID unset with NODE_ENV=production).
`;

const OPTIONS = { port: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

export async function runServe(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(args, USAGE, OPTIONS, "none");
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const requested = Number(values.port ?? io.env.PORT ?? 3000);
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
    throw new UsageError(`invalid port ${values.port ?? io.env.PORT}`);
  }
  // The registration flow writes the App's credentials to .env; variables already set win over it.
  const startEnv = withDotEnv(io.env, io.cwd);
  let credentials: AppCredentials | null = null;
  let pacing = true;
  try {
    pacing = githubPacing(io.env.SLIPWAY_GITHUB_PACING);
    if (startEnv.APP_ID !== undefined && startEnv.APP_ID !== "")
      credentials = appCredentials(startEnv, io.cwd);
    else if (startEnv.NODE_ENV === "production")
      throw new StartupError(
        "APP_ID is not set: in production (NODE_ENV=production) the App registration flow does not run",
      );
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    io.stderr(`slipway serve: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const serverConfig = await loadServerConfig(io);
  if (serverConfig === "invalid") return EXIT_USAGE;
  const port = requested;
  const sweepSeconds = Number(io.env.SLIPWAY_SWEEP_INTERVAL_SECONDS ?? 600);
  const graceMs = graceSeconds(io.env.SLIPWAY_SHUTDOWN_GRACE_SECONDS) * 1000;
  const log = { error: (obj: object, message: string) => io.stderr(`${message} ${JSON.stringify(obj)}\n`) };
  const queue = new KeyedJobQueue({ log });
  const shutdown = new Shutdown();
  const metrics = createSlipwayMetrics();
  let appLog: Parameters<ApplicationFunction>[0]["log"] | undefined;
  let mirrorLog: Parameters<ApplicationFunction>[0]["log"] | undefined;
  const executor = `${hostname()}-${process.pid}`;
  // A Lease the cluster refuses stops what it guards until an operator fixes RBAC: said loudly, counted.
  const onRefused = (refusal: LeaseRefusal) => {
    metrics.recordLeaseRefused(refusal.lease);
    const said = { ...refusal, reason: maskCredentials(refusal.reason) };
    if (appLog) appLog.error(said, "lease refused");
    else io.stderr(`lease refused ${JSON.stringify(said)}\n`);
  };
  const deploys = deploySetup(io.env, {
    executor,
    onRollout: (repository, environment, rollout) => metrics.setRollout(repository, environment, rollout),
    leases: executorLeases({
      identity: executor,
      env: io.env,
      shutdown,
      log: { info: (f, m) => appLog?.info(f, m), warn: (f, m) => appLog?.warn(f, m) },
      onRefused,
    }),
    recovery: {
      intervalMs: intervalSeconds(io.env.SLIPWAY_RECOVERY_INTERVAL_SECONDS, 60) * 1000,
      stop: shutdown.signal,
    },
  });
  // One Lease for the monitor poll and the retrain loop's follow-ups: one replica writes monitor issues,
  // starts drift-triggered runs and opens candidate pull requests.
  const monitorExclusive = monitorLease(io.env, {
    identity: executor,
    stop: shutdown.signal,
    onStop: (name, run) => shutdown.onStop(name, run),
    onRefused,
  });
  const monitorRuns = new MonitorRunHub();
  const pipelinePollMs = intervalSeconds(io.env.SLIPWAY_PIPELINE_POLL_INTERVAL_SECONDS, 30) * 1000;
  // Each installation's GitHub REST budget, from the rate-limit headers of every answer (issue #20).
  const budget = new RateBudget();
  // One git mirror per repository, for reviews, plans, deploys and reconcile passes alike (issue #20).
  const mirrors = new RepoMirrors({
    dir: defaultMirrorRoot(io.env),
    log: {
      info: (fields, message) => mirrorLog?.info(fields, message),
      warn: (fields, message) => mirrorLog?.warn(fields, message),
    },
  });
  const monitorReads = repoReadsOf({
    mirrors,
    cache: new BlobCache(),
    binding: (repository) => (serverConfig ? (bindingFor(serverConfig, repository) ?? null) : null),
    log: { warn: (fields, message) => mirrorLog?.warn(fields, message) },
  });
  const slipway = slipwayApp({
    appId: Number(io.env.APP_ID),
    budget,
    mirrors,
    serverConfig,
    queue,
    cache: new BlobCache(),
    registry: commandRegistry(),
    sweepIntervalMs: Number.isFinite(sweepSeconds) && sweepSeconds > 0 ? sweepSeconds * 1000 : 0,
    operations: { metrics, accepting: () => shutdown.accepting },
    deploy: deploys,
    reconcile: {
      intervalMs: intervalSeconds(io.env.SLIPWAY_RECONCILE_INTERVAL_SECONDS, 180) * 1000,
      stop: shutdown.signal,
    },
    pipelineRuns: { intervalMs: pipelinePollMs, stop: shutdown.signal },
    loop: {
      intervalMs: pipelinePollMs,
      stop: shutdown.signal,
      env: io.env,
      monitorRuns,
      ...(monitorExclusive ? { exclusive: monitorExclusive } : {}),
    },
  });
  const app: ApplicationFunction = (probot, options) => {
    appLog = probot.log.child({ name: "shutdown" });
    mirrorLog = probot.log.child({ name: "git-mirror" });
    const monitorMs = intervalSeconds(io.env.SLIPWAY_MONITOR_INTERVAL_SECONDS, 300) * 1000;
    if (serverConfig && monitorMs > 0)
      startMonitorPoller(probot, {
        serverConfig,
        intervalMs: monitorMs,
        cache: new BlobCache(),
        gauges: metrics,
        env: io.env,
        stop: shutdown.signal,
        ...(monitorExclusive ? { exclusive: monitorExclusive } : {}),
        runs: monitorRuns,
        budget,
        // Default branches through the same git mirrors as reviews and deploys (the API if git cannot run).
        readTree: (octokit, repo, sha) => monitorReads(octokit, repo).readTree(sha),
      });
    return slipway(probot, options);
  };
  const Octokit = serverOctokit(metrics, {
    budget,
    timeoutMs: githubTimeoutMs(io.env.SLIPWAY_GITHUB_TIMEOUT_SECONDS),
    pacing,
  });
  const server = credentials
    ? await startAppServer(app, {
        credentials,
        env: startEnv,
        port,
        cwd: io.cwd,
        Octokit,
        accepting: () => shutdown.accepting,
        record: metrics.recordDelivery,
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EADDRINUSE") throw error;
        io.stderr(`slipway serve: port ${port} is already in use; set PORT or --port to another\n`);
        return null;
      })
    : await startRegistrationServer({
        port,
        env: startEnv,
        cwd: io.cwd,
        appYml: await appManifestText(io.cwd),
        log: (line) => io.stderr(`${line}\n`),
        metrics: { contentType: metrics.registry.contentType, text: () => metrics.registry.metrics() },
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EADDRINUSE") throw error;
        io.stderr(`slipway serve: port ${port} is already in use; set PORT or --port to another\n`);
        return null;
      });
  if (!server) return EXIT_USAGE;
  io.stdout(`slipway: listening on port ${server.port}\n`);
  if ("url" in server)
    io.stdout(
      `slipway: setup mode (no GitHub App credentials): open ${server.url} to register the App on GitHub\n`,
    );
  else if (startEnv.WEBHOOK_PROXY_URL)
    io.stdout(
      `slipway: WEBHOOK_PROXY_URL is set: forward its deliveries here with\n` +
        `  npx smee-client --url ${startEnv.WEBHOOK_PROXY_URL} --target http://localhost:${server.port}${startEnv.WEBHOOK_PATH || "/api/github/webhooks"}\n`,
    );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
    // Started by a parent over an IPC channel (a supervisor, a test harness): it stops with that parent,
    // as if the parent had sent SIGTERM, instead of serving on as an orphan.
    if (process.channel) {
      process.channel.unref();
      process.once("disconnect", () => resolve("SIGTERM"));
    }
  });
  const shutdownLog = appLog ?? {
    info: (obj: object, message: string) => io.stderr(`${message} ${JSON.stringify(obj)}\n`),
    warn: (obj: object, message: string) => io.stderr(`${message} ${JSON.stringify(obj)}\n`),
  };
  shutdownLog.info({ signal }, "signal received");
  const report = await shutDownGracefully({
    shutdown,
    queue,
    graceMs,
    log: shutdownLog,
    closeServer: () => server.stop(),
  });
  deploys.close();
  // Abandoned work may be inside a git fetch: it ends now, its helpers with it, rather than hold the exit.
  await mirrors.close({ abandon: !report.drained });
  // Work abandoned after the grace period may still hold sockets open; it must not keep the process.
  setTimeout(() => process.exit(process.exitCode ?? EXIT_OK), 1000).unref();
  return EXIT_OK;
}

function intervalSeconds(text: string | undefined, fallback: number): number {
  const seconds = Number(text ?? fallback);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : fallback;
}

function graceSeconds(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return 25;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new UsageError(
      `SLIPWAY_SHUTDOWN_GRACE_SECONDS must be a number of seconds (0 or more), not "${text.slice(0, 40)}"`,
    );
  return seconds;
}

/** The App manifest to register: app.yml in the working directory when there is one, else the package's. */
async function appManifestText(cwd: string): Promise<string> {
  const local = await readFile(join(cwd, "app.yml"), "utf8").catch(() => null);
  return local ?? readFile(new URL("../../app.yml", import.meta.url), "utf8");
}

async function loadServerConfig(io: CliIo): Promise<ServerConfig | null | "invalid"> {
  const file = io.env.SLIPWAY_SERVER_CONFIG;
  if (!file) return null;
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot read the server configuration ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
    );
  });
  const { config, diagnostics } = validateServerConfig(file, new Uint8Array(bytes));
  if (config) return config;
  const lines = diagnostics.map(
    (d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`,
  );
  io.stderr(`slipway serve: the server configuration is invalid\n${lines.join("\n")}\n`);
  return "invalid";
}

export const command: CliCommand = { run: runServe, options: OPTIONS };
