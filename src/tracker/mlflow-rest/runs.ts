import type { Page, SearchRunsQuery } from "../tracker-port.ts";
import type { DatasetInput, Experiment, Run, RunStatus } from "../tracker-types.ts";
import type { MlflowHttp } from "./client.ts";
import {
  asObject,
  checked,
  keyValue,
  list,
  metric,
  oneOf,
  opt,
  optNumber,
  optString,
  reqString,
} from "./shape.ts";

const RUN_STATUSES: readonly RunStatus[] = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

function datasetInput(v: unknown, path: string): DatasetInput {
  const o = asObject(v, path);
  const d = asObject(o.dataset, `${path}.dataset`);
  const p = `${path}.dataset`;
  return {
    tags: list(o, "tags", path, keyValue),
    dataset: {
      name: reqString(d, "name", p),
      digest: reqString(d, "digest", p),
      ...opt("source_type", optString(d, "source_type", p)),
      ...opt("source", optString(d, "source", p)),
      ...opt("schema", optString(d, "schema", p)),
      ...opt("profile", optString(d, "profile", p)),
    },
  };
}

export function parseRun(v: unknown, path: string): Run {
  const o = asObject(v, path);
  const info = asObject(o.info, `${path}.info`);
  const ip = `${path}.info`;
  const data = o.data === undefined ? {} : asObject(o.data, `${path}.data`);
  const inputs = o.inputs === undefined ? {} : asObject(o.inputs, `${path}.inputs`);
  // `run_uuid` is the deprecated twin of `run_id`; old servers send only it.
  const runId = optString(info, "run_id", ip) ?? reqString(info, "run_uuid", ip);
  return {
    info: {
      run_id: runId,
      experiment_id: reqString(info, "experiment_id", ip),
      status: oneOf(info, "status", ip, RUN_STATUSES),
      lifecycle_stage: optString(info, "lifecycle_stage", ip) ?? "active",
      ...opt("run_name", optString(info, "run_name", ip)),
      ...opt("user_id", optString(info, "user_id", ip)),
      ...opt("start_time", optNumber(info, "start_time", ip)),
      ...opt("end_time", optNumber(info, "end_time", ip)),
      ...opt("artifact_uri", optString(info, "artifact_uri", ip)),
    },
    data: {
      metrics: list(data, "metrics", `${path}.data`, metric),
      params: list(data, "params", `${path}.data`, keyValue),
      tags: list(data, "tags", `${path}.data`, keyValue),
    },
    inputs: { dataset_inputs: list(inputs, "dataset_inputs", `${path}.inputs`, datasetInput) },
  };
}

function parseExperiment(v: unknown, path: string): Experiment {
  const o = asObject(v, path);
  return {
    experiment_id: reqString(o, "experiment_id", path),
    name: reqString(o, "name", path),
    lifecycle_stage: optString(o, "lifecycle_stage", path) ?? "active",
    tags: list(o, "tags", path, keyValue),
    ...opt("artifact_location", optString(o, "artifact_location", path)),
  };
}

export async function getRun(http: MlflowHttp, runId: string): Promise<Run> {
  const body = await http.get("runs/get", { run_id: runId });
  return checked("MLflow runs/get", () => parseRun(body.run, "run"));
}

/** `runs/search` is POST-only in MLflow; its body carries the repeated fields as JSON arrays. */
export async function searchRuns(http: MlflowHttp, query: SearchRunsQuery): Promise<Page<Run>> {
  const body = await http.send("POST", "runs/search", {
    experiment_ids: query.experimentIds,
    ...opt("filter", query.filter),
    ...opt("order_by", query.orderBy),
    ...opt("max_results", query.maxResults),
    ...opt("page_token", query.pageToken),
    ...opt("run_view_type", query.runViewType),
  });
  return checked("MLflow runs/search", () => {
    const token = optString(body, "next_page_token", "response");
    return { items: list(body, "runs", "response", parseRun), ...opt("nextPageToken", token || undefined) };
  });
}

export async function getExperimentByName(http: MlflowHttp, name: string): Promise<Experiment> {
  const body = await http.get("experiments/get-by-name", { experiment_name: name });
  return checked("MLflow experiments/get-by-name", () => parseExperiment(body.experiment, "experiment"));
}
