import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { announceResponses } from "../../helpers/activity.ts";
import type { Fault, PendingFault } from "./faults.ts";
import { describeProblems, type Expectation, type RecordedRequest } from "./recorder.ts";
import { registryRoutes } from "./routes-registry.ts";
import {
  DEFAULT_WEBHOOK_POLICY,
  deliverEvent,
  type WEBHOOK_EVENTS,
  type WebhookDelivery,
  type WebhookPolicy,
  webhookRoutes,
} from "./webhooks.ts";

type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

import { trackingRoutes } from "./routes-tracking.ts";
import {
  addExperiment,
  addModelVersion,
  addRun,
  type ExperimentSeed,
  type ModelVersionSeed,
  type RunSeed,
} from "./seed.ts";
import { addLoggedModel, type LoggedModelSeed } from "./seed-logged-model.ts";
import { type FakeAuth, handleRequest } from "./server.ts";
import {
  type ExperimentState,
  FakeMlflowState,
  type LoggedModelState,
  type RunState,
  type VersionState,
} from "./state.ts";

export interface FakeMlflowOptions {
  /** Require these credentials (Bearer token, or Basic username/password). */
  readonly auth?: FakeAuth;
  /** The server's webhook settings (MLFLOW_WEBHOOK_ALLOWED_SCHEMES, …_ALLOW_PRIVATE_IPS); default MLflow's. */
  readonly webhooks?: Partial<WebhookPolicy>;
  readonly clock?: () => number;
  /** Treat every request no `expect()` covers as unexpected. */
  readonly strict?: boolean;
}

/** An MLflow tracking server's REST API on 127.0.0.1, with the contracts Slipway relies on. */
export class FakeMlflow {
  /** The tracking URI, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly state: FakeMlflowState;
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #faults: PendingFault[] = [];
  readonly #expectations: Expectation[] = [];
  /** The server's webhook settings; a test changes them as an operator sets MLflow's environment. */
  webhookPolicy: WebhookPolicy;
  /** Every POST made to a webhook's URL, in order (retries included). */
  readonly webhookDeliveries: WebhookDelivery[] = [];
  readonly #pending = new Set<Promise<void>>();
  strict: boolean;

  constructor(server: Server, options: FakeMlflowOptions) {
    const { port } = server.address() as AddressInfo;
    this.#server = server;
    this.url = `http://127.0.0.1:${port}`;
    this.strict = options.strict ?? false;
    this.state = new FakeMlflowState(options.clock ?? (() => Date.now()));
    this.webhookPolicy = { ...DEFAULT_WEBHOOK_POLICY, ...options.webhooks };
    this.state.emit = (event, data) => {
      const sent = deliverEvent(
        this.state,
        this.webhookPolicy,
        this.webhookDeliveries,
        event as WebhookEvent,
        data,
      );
      this.#pending.add(sent);
      void sent.finally(() => this.#pending.delete(sent));
    };
    const deps = {
      state: this.state,
      routes: [...trackingRoutes, ...registryRoutes, ...webhookRoutes(() => this.webhookPolicy)],
      requests: this.requests,
      faults: this.#faults,
      auth: options.auth ?? {},
      expectations: this.#expectations,
      isStrict: () => this.strict,
    };
    server.on("request", (req, res) => {
      handleRequest(deps, req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ error_code: "INTERNAL_ERROR", message: `fake MLflow crashed: ${String(error)}` }),
        );
      });
    });
  }

  addExperiment(seed: ExperimentSeed): ExperimentState {
    return addExperiment(this.state, seed);
  }

  addRun(seed?: RunSeed): RunState {
    return addRun(this.state, seed);
  }

  addModelVersion(seed: ModelVersionSeed): VersionState {
    return addModelVersion(this.state, seed);
  }

  addLoggedModel(seed: LoggedModelSeed): LoggedModelState {
    return addLoggedModel(this.state, seed);
  }

  /** Stores a file the artifact proxy serves at `path` below the artifact root (`1/<run>/artifacts/…`). */
  putArtifact(path: string, text: string): void {
    this.state.artifacts.set(path, text);
  }

  /** Answers the next `times` requests matching "METHOD endpoint" (or "*") with a fault; a number is a status. */
  failNext(pattern: string, fault: Fault | number, times = 1): void {
    this.#faults.push({
      pattern,
      fault: typeof fault === "number" ? { status: fault } : fault,
      remaining: times,
    });
  }

  /** Drops every pending fault: the server answers normally again. */
  clearFaults(): void {
    this.#faults.length = 0;
  }

  requestsTo(pattern: string): RecordedRequest[] {
    return this.requests.filter((r) => `${r.method} ${r.endpoint}` === pattern);
  }

  /** Declares a request ("METHOD endpoint") that must come `times` times (default once); see `verify`. */
  expect(pattern: string, times = 1): Expectation {
    if (!/^(GET|POST|DELETE|PATCH) \S+$/.test(pattern))
      throw new Error(`fake MLflow: a pattern is "METHOD endpoint", got ${JSON.stringify(pattern)}`);
    const expectation = { pattern, min: times, max: times, count: 0 };
    this.#expectations.push(expectation);
    return expectation;
  }

  /** Fails on a request to an endpoint the fake does not serve, or (strict) one nobody expected. */
  assertNoUnexpected(): void {
    const problems = describeProblems(this.requests, []);
    if (problems.length > 0) throw new Error(`fake MLflow:\n  ${problems.join("\n  ")}`);
  }

  /** Fails on any unexpected request and on any expected request that never came. */
  verify(): void {
    const problems = describeProblems(this.requests, this.#expectations);
    if (problems.length > 0) throw new Error(`fake MLflow:\n  ${problems.join("\n  ")}`);
  }

  /** Resolves when every webhook delivery started so far has been answered (or given up). */
  async webhooksSettled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  async close(): Promise<void> {
    await this.webhooksSettled();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((e) => (e ? reject(e) : resolve())));
  }
}

export async function startFakeMlflow(options: FakeMlflowOptions = {}): Promise<FakeMlflow> {
  const server = createServer({ keepAlive: true });
  announceResponses(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return new FakeMlflow(server, options);
}
