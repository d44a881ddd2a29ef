import { randomUUID } from "node:crypto";
import { timestamp } from "./clock.ts";

type Json = Record<string, unknown>;

export interface ExperimentState {
  experiment_id: string;
  display_name: string;
  description?: string;
  namespace?: string;
  storage_state: "AVAILABLE" | "ARCHIVED";
  created_at: string;
}

export interface PipelineState {
  pipeline_id: string;
  name: string;
  display_name: string;
  description?: string;
  namespace?: string;
  created_at: string;
}

export interface VersionState {
  pipeline_id: string;
  pipeline_version_id: string;
  name: string;
  display_name: string;
  description?: string;
  created_at: string;
  /** The compiled pipeline as KFP keeps it (`pipeline_spec`, a Struct; with `platform_spec` when given). */
  pipeline_spec: Json;
}

export interface TaskState {
  task_id: string;
  display_name: string;
  state: string;
  error?: { code: number; message: string };
}

export interface RunState {
  run_id: string;
  experiment_id: string;
  namespace?: string;
  display_name: string;
  description?: string;
  storage_state: "AVAILABLE" | "ARCHIVED";
  pipeline_version_reference?: { pipeline_id: string; pipeline_version_id: string };
  pipeline_spec?: Json;
  runtime_config: { parameters: Json; pipeline_root?: string };
  service_account: string;
  created_at: string;
  scheduled_at: string;
  finished_at?: string;
  state: string;
  state_history: { update_time: string; state: string }[];
  error?: { code: number; message: string };
  tasks: TaskState[];
  recurring_run_id?: string;
  plugins_input?: Json;
  plugins_output?: Json;
  /** Who created it (the identity the fake authenticated). */
  created_by: string | null;
}

export interface RecurringRunState {
  recurring_run_id: string;
  display_name: string;
  description?: string;
  pipeline_version_reference?: { pipeline_id: string; pipeline_version_id: string };
  pipeline_spec?: Json;
  runtime_config: { parameters: Json };
  service_account: string;
  max_concurrency: number;
  trigger: Json;
  mode: "ENABLE" | "DISABLE";
  status: "ENABLED" | "DISABLED";
  no_catchup: boolean;
  namespace?: string;
  experiment_id: string;
  plugins_input?: Json;
  created_at: string;
  updated_at: string;
}

/** Everything the fake API server holds; tests read and change it through `FakeKfp`. */
export class FakeKfpState {
  readonly experiments = new Map<string, ExperimentState>();
  readonly pipelines = new Map<string, PipelineState>();
  readonly versions = new Map<string, VersionState>();
  readonly runs = new Map<string, RunState>();
  readonly recurringRuns = new Map<string, RecurringRunState>();
  #tick = 0;

  readonly #clock: () => number;

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /** A timestamp that never repeats, so creation order is also `created_at` order. */
  now(): string {
    this.#tick += 1;
    return timestamp(this.#clock() + this.#tick * 1000);
  }

  id(): string {
    return randomUUID();
  }

  /** The namespace of an experiment's resources (multi-user installs); undefined when unknown. */
  namespaceOf(experimentId: string): string | undefined {
    return this.experiments.get(experimentId)?.namespace;
  }

  /** Runs and versions as KFP answers with them: internal fields dropped, empty ones left out. */
  runJson(run: RunState): Json {
    const { tasks, created_by: _, namespace: __, ...rest } = run;
    const details =
      tasks.length === 0
        ? {}
        : {
            run_details: {
              task_details: tasks.map((t) => ({ run_id: run.run_id, ...t })),
            },
          };
    return { ...rest, ...details };
  }

  recurringJson(job: RecurringRunState): Json {
    // int64 fields are strings in protobuf JSON.
    return { ...job, max_concurrency: String(job.max_concurrency) };
  }
}
