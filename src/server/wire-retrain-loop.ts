import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import type { DeployContext } from "../github/deploy-events.ts";
import type { MonitorExclusive } from "../github/monitor-lease.ts";
import type { InstallationOctokit } from "../github/octokit.ts";
import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import type { SlipwayMetrics } from "../metrics/slipway-metrics.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import type { LoopMetrics } from "../workflows/loop/loop-ports.ts";
import { mlflowWebhookIntake } from "./mlflow-webhook-intake.ts";
import { mlflowWebhookSources } from "./mlflow-webhook-sources.ts";
import type { MonitorRunHub } from "./monitor-run-hub.ts";
import { type RetrainLoop, startRetrainLoop } from "./retrain-loop.ts";

type AddHandler = (
  handler: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>,
) => void;

/** `slipway serve`'s settings of the loop (issue #19). */
export interface LoopSetup {
  /** How often each repository's ended runs are followed up (the pipeline poll interval). */
  intervalMs: number;
  stop: AbortSignal;
  env: NodeJS.ProcessEnv;
  exclusive?: MonitorExclusive;
  monitorRuns?: MonitorRunHub;
  /** Wall clock for the webhooks' timestamps (tests inject one). */
  clock?: () => number;
}

const NO_METRICS: LoopMetrics = {
  recordRetrainTrigger: () => undefined,
  recordTriggeredRetrain: () => undefined,
  recordCandidatePull: () => undefined,
  setRegistryDrift: () => undefined,
};

/**
 * Starts the drift-to-candidate loop and takes MLflow's registry webhooks at `POST /api/mlflow/webhooks`:
 * a delivery signed with a repository's bound `webhookSecret` is queued for that repository only.
 */
export function wireRetrainLoop(
  app: Probot,
  ctx: DeployContext,
  addHandler: AddHandler,
  options: {
    setup: LoopSetup;
    serverConfig: ServerConfig | null;
    enqueue: (key: string, job: () => Promise<void>) => boolean;
    metrics?: SlipwayMetrics;
    accepting?: () => boolean;
  },
): RetrainLoop {
  const { setup } = options;
  const loop = startRetrainLoop(app, ctx, {
    serverConfig: options.serverConfig,
    intervalMs: setup.intervalMs,
    stop: setup.stop,
    enqueue: options.enqueue,
    metrics: options.metrics ?? NO_METRICS,
    ...(setup.exclusive ? { exclusive: setup.exclusive } : {}),
    ...(setup.monitorRuns ? { monitorRuns: setup.monitorRuns } : {}),
  });
  // A candidate merged or closed is said on its monitor issues. Only Slipway's own (its branch naming, a
  // bot's pull request): the run records decide which are the loop's.
  app.on("pull_request.closed", async (context) => {
    const pull = context.payload.pull_request;
    if (!pull.head.ref.startsWith("slipway/retrain/") || pull.user?.type !== "Bot") return;
    loop.pullClosed(context.payload.repository.full_name, context.octokit as InstallationOctokit, {
      number: pull.number,
      merged: pull.merged === true,
      mergedBy: pull.merged_by?.login ?? null,
    });
  });
  const log = app.log.child({ name: "mlflow-webhooks" });
  const readSecret = nodeSecretReader(setup.env);
  addHandler(
    mlflowWebhookIntake({
      sources: () =>
        mlflowWebhookSources(options.serverConfig, readSecret, (repository, integration) =>
          log.warn({ repository, integration }, "the MLflow webhook secret of this binding cannot be read"),
        ),
      receive: (event, source) =>
        loop.registryEvent(event, [...new Set(source.targets.map((t) => t.repository))]),
      log,
      ...(options.accepting ? { accepting: options.accepting } : {}),
      ...(options.metrics ? { record: options.metrics.recordDelivery } : {}),
      ...(setup.clock ? { clock: setup.clock } : {}),
    }),
  );
  return loop;
}
