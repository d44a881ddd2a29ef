import { PipelinesFault } from "../pipelines-fault.ts";
import type {
  FailedTask,
  KfpExperiment,
  KfpPipeline,
  KfpPipelineVersion,
  KfpRecurringRun,
  KfpRun,
  MlflowLink,
  Parameters,
  RunState,
} from "../pipelines-port.ts";

/** A body that does not have the shape KFP documents; `checked` turns it into a fault. */
class ShapeError extends Error {}
type Obj = Record<string, unknown>;

function asObject(value: unknown, path: string): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ShapeError(`${path} is not an object`);
  return value as Obj;
}

/** Protobuf JSON omits empty fields (KFP's marshaler sets EmitUnpopulated: false): absent is empty. */
function optObject(o: Obj, key: string, path: string): Obj {
  return o[key] === undefined || o[key] === null ? {} : asObject(o[key], `${path}.${key}`);
}

function req(o: Obj, key: string, path: string): string {
  const value = o[key];
  if (typeof value !== "string" || value === "")
    throw new ShapeError(`${path}.${key} is missing or not a string`);
  return value;
}

function str(o: Obj, key: string, path: string): string | undefined {
  const value = o[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new ShapeError(`${path}.${key} is not a string`);
  return value;
}

/** int64 fields come as strings in protobuf JSON ("1"), int32 as numbers. */
function num(o: Obj, key: string, path: string): number | undefined {
  const value = o[key];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw new ShapeError(`${path}.${key} is not a number`);
  return n;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Runs a shape check; a mismatch becomes an "invalid" fault naming the endpoint and the field. */
export function checked<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ShapeError)
      throw new PipelinesFault("invalid", `${where} answered with an unexpected shape: ${error.message}.`);
    throw error;
  }
}

export function parseExperiment(v: unknown, path: string): KfpExperiment {
  const o = asObject(v, path);
  return {
    id: req(o, "experiment_id", path),
    displayName: str(o, "display_name", path) ?? "",
    archived: o.storage_state === "ARCHIVED",
    ...opt("namespace", str(o, "namespace", path)),
  };
}

export function parsePipeline(v: unknown, path: string): KfpPipeline {
  const o = asObject(v, path);
  const displayName = str(o, "display_name", path) ?? "";
  return {
    id: req(o, "pipeline_id", path),
    // `name` arrived in KFP 2.5; older servers have only the display name.
    name: str(o, "name", path) ?? displayName,
    displayName,
    ...opt("namespace", str(o, "namespace", path)),
  };
}

export function parseVersion(v: unknown, path: string): KfpPipelineVersion {
  const o = asObject(v, path);
  const displayName = str(o, "display_name", path) ?? "";
  return {
    id: req(o, "pipeline_version_id", path),
    pipelineId: req(o, "pipeline_id", path),
    name: str(o, "name", path) ?? displayName,
    displayName,
    ...opt("description", str(o, "description", path)),
    ...opt("createdAt", str(o, "created_at", path)),
  };
}

function parameters(o: Obj, path: string): Parameters {
  const runtime = optObject(o, "runtime_config", path);
  return optObject(runtime, "parameters", `${path}.runtime_config`) as Parameters;
}

function mlflowOf(o: Obj, path: string): MlflowLink | undefined {
  const outputs = optObject(o, "plugins_output", path);
  if (outputs.mlflow === undefined) return undefined;
  const p = `${path}.plugins_output.mlflow`;
  const m = asObject(outputs.mlflow, p);
  const entries = optObject(m, "entries", p);
  const entry = (key: string): string | undefined => {
    const e = entries[key];
    if (e === undefined) return undefined;
    const value = asObject(e, `${p}.entries.${key}`).value;
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const state = str(m, "state", p);
  return {
    ...opt("experimentId", entry("experiment_id")),
    ...opt("experimentName", entry("experiment_name")),
    ...opt("runId", entry("root_run_id")),
    ...opt("runUrl", entry("run_url")),
    ...opt("state", state as MlflowLink["state"]),
    ...opt("stateMessage", str(m, "state_message", p)),
  };
}

const STATES: readonly RunState[] = [
  "RUNTIME_STATE_UNSPECIFIED",
  "PENDING",
  "RUNNING",
  "SUCCEEDED",
  "SKIPPED",
  "FAILED",
  "CANCELING",
  "CANCELED",
  "PAUSED",
];

function stateOf(value: unknown, path: string): RunState {
  if (value === undefined) return "RUNTIME_STATE_UNSPECIFIED";
  if (typeof value !== "string" || !(STATES as readonly string[]).includes(value))
    throw new ShapeError(`${path} is ${JSON.stringify(String(value).slice(0, 40))}, not a run state`);
  return value as RunState;
}

function errorMessage(o: Obj, path: string): string | undefined {
  const error = optObject(o, "error", path);
  return str(error, "message", `${path}.error`);
}

/** Tasks that failed, innermost first as KFP lists them; the driver and the root DAG are left out. */
function failedTasks(o: Obj, path: string): FailedTask[] {
  const details = optObject(o, "run_details", path);
  const tasks = details.task_details;
  if (tasks === undefined) return [];
  if (!Array.isArray(tasks)) throw new ShapeError(`${path}.run_details.task_details is not a list`);
  const out: FailedTask[] = [];
  for (const [i, t] of tasks.entries()) {
    const task = asObject(t, `${path}.run_details.task_details[${i}]`);
    if (task.state !== "FAILED") continue;
    const name = str(task, "display_name", `${path}.run_details.task_details[${i}]`) ?? "(unnamed task)";
    if (name.endsWith("-driver") || name === "root") continue;
    out.push({ name, ...opt("message", errorMessage(task, `${path}.run_details.task_details[${i}]`)) });
  }
  return out;
}

export function parseRun(v: unknown, path: string): KfpRun {
  const o = asObject(v, path);
  const mlflow = mlflowOf(o, path);
  return {
    id: req(o, "run_id", path),
    displayName: str(o, "display_name", path) ?? "",
    state: stateOf(o.state, `${path}.state`),
    parameters: parameters(o, path),
    failedTasks: failedTasks(o, path),
    ...opt("description", str(o, "description", path)),
    ...opt("experimentId", str(o, "experiment_id", path)),
    ...opt("recurringRunId", str(o, "recurring_run_id", path)),
    ...opt("createdAt", str(o, "created_at", path)),
    ...opt("finishedAt", str(o, "finished_at", path)),
    ...opt("serviceAccount", str(o, "service_account", path)),
    ...opt("error", errorMessage(o, path)),
    ...opt("mlflow", mlflow),
  };
}

export function parseRecurringRun(v: unknown, path: string): KfpRecurringRun {
  const o = asObject(v, path);
  const ref = optObject(o, "pipeline_version_reference", path);
  const trigger = optObject(o, "trigger", path);
  const cron = optObject(trigger, "cron_schedule", `${path}.trigger`);
  const periodic = optObject(trigger, "periodic_schedule", `${path}.trigger`);
  const plugins = optObject(o, "plugins_input", path);
  const mlflow = plugins.mlflow === undefined ? {} : asObject(plugins.mlflow, `${path}.plugins_input.mlflow`);
  const versionId = str(ref, "pipeline_version_id", path) ?? str(o, "pipeline_version_id", path);
  return {
    id: req(o, "recurring_run_id", path),
    displayName: str(o, "display_name", path) ?? "",
    parameters: parameters(o, path),
    maxConcurrency: num(o, "max_concurrency", path) ?? 0,
    noCatchup: o.no_catchup === true,
    // `status` is the truth; `mode` only says what the creator asked for.
    enabled: o.status === undefined ? o.mode === "ENABLE" : o.status === "ENABLED",
    ...opt("description", str(o, "description", path)),
    ...opt("experimentId", str(o, "experiment_id", path)),
    ...opt("namespace", str(o, "namespace", path)),
    ...opt("pipelineId", str(ref, "pipeline_id", path)),
    ...opt("versionId", versionId),
    ...opt("serviceAccount", str(o, "service_account", path)),
    ...opt("cron", str(cron, "cron", `${path}.trigger.cron_schedule`)),
    ...opt("intervalSeconds", num(periodic, "interval_second", `${path}.trigger.periodic_schedule`)),
    ...opt(
      "mlflowExperiment",
      typeof mlflow.experiment_name === "string" ? mlflow.experiment_name : undefined,
    ),
    ...opt("createdAt", str(o, "created_at", path)),
    ...opt("updatedAt", str(o, "updated_at", path)),
  };
}

/** The items of a list answer and its next page token (KFP sends "" or nothing on the last page). */
export function page<T>(
  body: Obj,
  key: string,
  each: (v: unknown, p: string) => T,
): { items: T[]; nextPageToken?: string } {
  const items = body[key];
  if (items !== undefined && !Array.isArray(items)) throw new ShapeError(`response.${key} is not a list`);
  const token = str(body, "next_page_token", "response");
  return {
    items: (items ?? []).map((v, i) => each(v, `response.${key}[${i}]`)),
    ...(token ? { nextPageToken: token } : {}),
  };
}
