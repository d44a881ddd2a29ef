import type { LoggedModel, LoggedModelStatus } from "../tracker-types.ts";
import type { MlflowHttp } from "./client.ts";
import { asObject, checked, keyValue, list, metric, oneOf, opt, optString, reqString } from "./shape.ts";

const STATUSES: readonly LoggedModelStatus[] = [
  "LOGGED_MODEL_STATUS_UNSPECIFIED",
  "LOGGED_MODEL_PENDING",
  "LOGGED_MODEL_READY",
  "LOGGED_MODEL_UPLOAD_FAILED",
];

/** MLflow 3's `GetLoggedModel` answer: `{ model: { info: {...}, data: { params, metrics } } }`. */
function parseLoggedModel(v: unknown, path: string): LoggedModel {
  const o = asObject(v, path);
  const ip = `${path}.info`;
  const info = asObject(o.info, ip);
  const data = o.data === undefined ? {} : asObject(o.data, `${path}.data`);
  return {
    model_id: reqString(info, "model_id", ip),
    experiment_id: reqString(info, "experiment_id", ip),
    name: reqString(info, "name", ip),
    artifact_uri: reqString(info, "artifact_uri", ip),
    status: oneOf(info, "status", ip, STATUSES),
    tags: list(info, "tags", ip, keyValue),
    params: list(data, "params", `${path}.data`, keyValue),
    metrics: list(data, "metrics", `${path}.data`, metric),
    ...opt("source_run_id", optString(info, "source_run_id", ip) || undefined),
    ...opt("model_type", optString(info, "model_type", ip)),
  };
}

/** The id goes in the path (`/logged-models/{model_id}`), so it is encoded as one segment. */
export async function getLoggedModel(http: MlflowHttp, modelId: string): Promise<LoggedModel> {
  const body = await http.get(`logged-models/${encodeURIComponent(modelId)}`);
  return checked("MLflow logged-models/get", () => parseLoggedModel(body.model, "model"));
}
