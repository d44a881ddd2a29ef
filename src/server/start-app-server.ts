import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type ApplicationFunction,
  type ApplicationFunctionOptions,
  Probot,
  type ProbotOctokit,
} from "probot";
import type { DeliveryOutcome } from "../metrics/slipway-metrics.ts";
import type { AppCredentials } from "./app-credentials.ts";
import { guardHandlers, reasonOf } from "./guarded-handlers.ts";
import { webhookIntake } from "./webhook-intake.ts";
import { WEBHOOK_READ_TIMEOUT_MS } from "./webhook-limits.ts";

type Handler = Parameters<ApplicationFunctionOptions["addHandler"]>[0];

export interface AppServerOptions {
  readonly credentials: AppCredentials;
  /** LOG_LEVEL, LOG_FORMAT, LOG_LEVEL_IN_STRING, LOG_MESSAGE_KEY, SENTRY_DSN, NODE_ENV, GHE_HOST, GHE_PROTOCOL, HOST, WEBHOOK_PATH. */
  readonly env: NodeJS.ProcessEnv;
  readonly port: number;
  readonly cwd: string;
  readonly Octokit: typeof ProbotOctokit;
  /** False once shutdown began: deliveries are answered 503. */
  readonly accepting?: () => boolean;
  readonly record?: (event: string, outcome: DeliveryOutcome, seconds: number) => void;
}

export interface AppServer {
  readonly port: number;
  readonly log: Probot["log"];
  /** Stops listening; connections in progress finish. */
  stop(): Promise<void>;
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

/** Probot's own reading of its logging and GitHub settings (`read-env-options`), from `env`. */
function probotSettings(env: NodeJS.ProcessEnv) {
  const level = LEVELS.find((l) => l === env.LOG_LEVEL) ?? "info";
  const format: "json" | "pretty" = env.LOG_FORMAT
    ? env.LOG_FORMAT === "pretty"
      ? "pretty"
      : "json"
    : env.NODE_ENV === "production"
      ? "json"
      : "pretty";
  return {
    logLevel: level,
    logFormat: format,
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    ...(env.LOG_MESSAGE_KEY ? { logMessageKey: env.LOG_MESSAGE_KEY } : {}),
    ...(env.SENTRY_DSN ? { sentryDsn: env.SENTRY_DSN } : {}),
    baseUrl: env.GHE_HOST
      ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3`
      : "https://api.github.com",
  };
}

/**
 * The GitHub App's HTTP server: Slipway's webhook intake first (capped, signature-checked bodies; see
 * webhook-intake.ts), then the handlers the app adds (health, metrics), then 404. Probot is the event
 * router and the GitHub client; its own server, which reads every body whole before checking it, is not
 * used.
 */
export async function startAppServer(
  app: ApplicationFunction,
  options: AppServerOptions,
): Promise<AppServer> {
  const { credentials, env } = options;
  const probot = new Probot({
    appId: credentials.appId,
    privateKey: credentials.privateKey,
    secret: credentials.webhookSecret,
    Octokit: options.Octokit,
    ...probotSettings(env),
  });
  await probot.ready();
  const log = probot.log.child({ name: "server" });
  guardHandlers(probot, log);
  const handlers: Handler[] = [
    webhookIntake({
      path: env.WEBHOOK_PATH || "/api/github/webhooks",
      secret: credentials.webhookSecret,
      receive: (event) => probot.webhooks.receive(event),
      log: probot.log.child({ name: "webhooks" }),
      ...(options.accepting ? { accepting: options.accepting } : {}),
      ...(options.record ? { record: options.record } : {}),
    }),
  ];
  await probot.load(app, { cwd: options.cwd, addHandler: (handler: Handler) => handlers.push(handler) });
  const server = createServer({ requestTimeout: WEBHOOK_READ_TIMEOUT_MS }, async (req, res) => {
    try {
      for (const handler of handlers) if (await handler(req, res)) return;
      if (!res.headersSent) res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    } catch (error) {
      log.error(
        { method: req.method, path: (req.url ?? "").split("?")[0]?.slice(0, 100), reason: reasonOf(error) },
        "request failed",
      );
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("internal error\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, host: env.HOST || "localhost" }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, "listening");
  return {
    port,
    log: probot.log,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
