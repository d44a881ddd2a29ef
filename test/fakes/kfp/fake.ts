import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Fault, PendingFault } from "./faults.ts";
import { describeProblems, type Expectation, matchesPattern, type RecordedRequest } from "./recorder.ts";
import { experimentRoutes } from "./routes-experiments.ts";
import { pipelineRoutes } from "./routes-pipelines.ts";
import { recurringRoutes } from "./routes-recurring.ts";
import { runRoutes, TERMINAL } from "./routes-runs.ts";
import { type FakeKfpAuth, handleRequest } from "./server.ts";
import { specFromYaml } from "./specs.ts";
import {
  type ExperimentState,
  FakeKfpState,
  type PipelineState,
  type RunState,
  type VersionState,
} from "./state.ts";

export interface FakeKfpOptions {
  /** A multi-user install (Kubeflow profiles): identities required, namespaces enforced. Default false. */
  readonly multiUser?: boolean;
  /** login → namespaces it may act in. */
  readonly users?: Readonly<Record<string, readonly string[]>>;
  /** Bearer token → login. With tokens set, a request without a valid token or identity is refused (401). */
  readonly tokens?: Readonly<Record<string, string>>;
  /** Default `kubeflow-userid`. */
  readonly identityHeader?: string;
  readonly clock?: () => number;
  /** Treat every request no `expect()` covers as unexpected. */
  readonly strict?: boolean;
}

/** A Kubeflow Pipelines API server (v2beta1 REST, as grpc-gateway serves it) on 127.0.0.1. */
export class FakeKfp {
  /** The endpoint, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly state: FakeKfpState;
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #faults: PendingFault[] = [];
  readonly #expectations: Expectation[] = [];
  strict: boolean;

  constructor(server: Server, options: FakeKfpOptions) {
    const { port } = server.address() as AddressInfo;
    this.#server = server;
    this.url = `http://127.0.0.1:${port}`;
    this.strict = options.strict ?? false;
    this.state = new FakeKfpState(options.clock ?? (() => Date.now()));
    const auth: FakeKfpAuth = {
      multiUser: options.multiUser ?? false,
      users: options.users ?? {},
      tokens: options.tokens ?? {},
      identityHeader: options.identityHeader ?? "kubeflow-userid",
    };
    const deps = {
      state: this.state,
      routes: [...experimentRoutes, ...pipelineRoutes, ...runRoutes, ...recurringRoutes],
      requests: this.requests,
      faults: this.#faults,
      expectations: this.#expectations,
      auth,
      isStrict: () => this.strict,
    };
    server.on("request", (req, res) => {
      handleRequest(deps, req, res).catch((error: unknown) => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: 13, message: `fake KFP crashed: ${String(error)}` }));
      });
    });
  }

  addExperiment(displayName: string, namespace?: string): ExperimentState {
    const experiment: ExperimentState = {
      experiment_id: this.state.id(),
      display_name: displayName,
      ...(namespace ? { namespace } : {}),
      storage_state: "AVAILABLE",
      created_at: this.state.now(),
    };
    this.state.experiments.set(experiment.experiment_id, experiment);
    return experiment;
  }

  /** A pipeline with versions uploaded from compiled YAML, oldest first. */
  addPipeline(
    name: string,
    versions: Record<string, string>,
    namespace?: string,
  ): { pipeline: PipelineState; versions: VersionState[] } {
    const pipeline: PipelineState = {
      pipeline_id: this.state.id(),
      name,
      display_name: name,
      ...(namespace ? { namespace } : {}),
      created_at: this.state.now(),
    };
    this.state.pipelines.set(pipeline.pipeline_id, pipeline);
    const added: VersionState[] = [];
    for (const [versionName, yaml] of Object.entries(versions)) {
      const spec = specFromYaml(yaml);
      if (typeof spec === "string") throw new Error(`fake KFP: ${spec}`);
      const version: VersionState = {
        pipeline_id: pipeline.pipeline_id,
        pipeline_version_id: this.state.id(),
        name: versionName,
        display_name: versionName,
        created_at: this.state.now(),
        pipeline_spec: spec,
      };
      this.state.versions.set(version.pipeline_version_id, version);
      added.push(version);
    }
    return { pipeline, versions: added };
  }

  runs(): RunState[] {
    return [...this.state.runs.values()];
  }

  /**
   * Moves a run on, as Argo and the persistence agent would: its state, history, end time and — for a
   * failure — the task that failed; KFP's MLflow plugin ends with the run.
   */
  setRunState(runId: string, state: string, failure?: { task: string; message: string }): void {
    const run = this.state.runs.get(runId);
    if (!run) throw new Error(`fake KFP: no run ${runId}`);
    const at = this.state.now();
    run.state = state;
    run.state_history.push({ update_time: at, state });
    if (TERMINAL.has(state)) run.finished_at = at;
    if (failure) {
      run.tasks.push({
        task_id: this.state.id(),
        display_name: failure.task,
        state: "FAILED",
        error: { code: 2, message: failure.message },
      });
      run.error = { code: 2, message: `Run failed: task ${failure.task} failed` };
    }
    const mlflow = (run.plugins_output as { mlflow?: { state?: string } } | undefined)?.mlflow;
    if (mlflow && TERMINAL.has(state))
      mlflow.state = state === "SUCCEEDED" ? "PLUGIN_SUCCEEDED" : "PLUGIN_FAILED";
  }

  /** What KFP's MLflow plugin reports once it created the parent run in MLflow. */
  linkMlflowRun(runId: string, link: { runId: string; experimentId: string; runUrl: string }): void {
    const run = this.state.runs.get(runId);
    const mlflow = (run?.plugins_output as { mlflow?: { entries: Record<string, unknown> } } | undefined)
      ?.mlflow;
    if (!mlflow) throw new Error(`fake KFP: run ${runId} has no MLflow plugin output`);
    mlflow.entries.root_run_id = { value: link.runId };
    mlflow.entries.experiment_id = { value: link.experimentId };
    mlflow.entries.run_url = { value: link.runUrl, render_type: "URL" };
  }

  /** Answers the next `times` requests matching the pattern with a fault; a number is a status. */
  failNext(pattern: string, fault: Fault | number, times = 1): void {
    this.#faults.push({
      pattern,
      fault: typeof fault === "number" ? { status: fault } : fault,
      remaining: times,
    });
  }

  clearFaults(): void {
    this.#faults.length = 0;
  }

  /** Requests matching "METHOD template" (`POST recurringruns/{id}:disable`), "METHOD path" or "*". */
  requestsTo(pattern: string): RecordedRequest[] {
    return this.requests.filter((r) => matchesPattern(pattern, r));
  }

  /** Requests that changed something (not GET). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET");
  }

  expect(pattern: string, times: number | { min: number; max: number } = 1): Expectation {
    const [min, max] = typeof times === "number" ? [times, times] : [times.min, times.max];
    const expectation = { pattern, min, max, count: 0 };
    this.#expectations.push(expectation);
    return expectation;
  }

  assertNoUnexpected(): void {
    const problems = describeProblems(this.requests, []);
    if (problems.length > 0) throw new Error(`fake KFP:\n  ${problems.join("\n  ")}`);
  }

  verify(): void {
    const problems = describeProblems(this.requests, this.#expectations);
    if (problems.length > 0) throw new Error(`fake KFP:\n  ${problems.join("\n  ")}`);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((e) => (e ? reject(e) : resolve())));
  }
}

export async function startFakeKfp(options: FakeKfpOptions = {}): Promise<FakeKfp> {
  const server = createServer({ keepAlive: true });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return new FakeKfp(server, options);
}
