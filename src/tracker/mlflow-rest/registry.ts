import type { Page, SearchModelVersionsQuery } from "../tracker-port.ts";
import type { ModelVersion, RegisteredModel, Stage } from "../tracker-types.ts";
import type { MlflowHttp } from "./client.ts";
import { parseModelVersion, parseRegisteredModel } from "./registry-shapes.ts";
import { checked, list, opt, optString, reqString } from "./shape.ts";

export async function getRegisteredModel(http: MlflowHttp, name: string): Promise<RegisteredModel> {
  const body = await http.get("registered-models/get", { name });
  return checked("MLflow registered-models/get", () =>
    parseRegisteredModel(body.registered_model, "registered_model"),
  );
}

export async function getModelVersion(
  http: MlflowHttp,
  name: string,
  version: string,
): Promise<ModelVersion> {
  const body = await http.get("model-versions/get", { name, version });
  return checked("MLflow model-versions/get", () => parseModelVersion(body.model_version, "model_version"));
}

/** `model-versions/search` is a GET; `order_by` repeats as a query key. */
export async function searchModelVersions(
  http: MlflowHttp,
  query: SearchModelVersionsQuery,
): Promise<Page<ModelVersion>> {
  const body = await http.get("model-versions/search", {
    filter: query.filter,
    order_by: query.orderBy,
    max_results: query.maxResults,
    page_token: query.pageToken,
  });
  return checked("MLflow model-versions/search", () => {
    const token = optString(body, "next_page_token", "response");
    return {
      items: list(body, "model_versions", "response", parseModelVersion),
      ...opt("nextPageToken", token || undefined),
    };
  });
}

export async function getModelVersionByAlias(
  http: MlflowHttp,
  name: string,
  alias: string,
): Promise<ModelVersion> {
  const body = await http.get("registered-models/alias", { name, alias });
  return checked("MLflow registered-models/alias", () =>
    parseModelVersion(body.model_version, "model_version"),
  );
}

/** Deprecated with stages since MLflow 2.9, still served in 3.x; returns READY versions only. */
export async function getLatestVersions(
  http: MlflowHttp,
  name: string,
  stages: readonly Stage[] = [],
): Promise<readonly ModelVersion[]> {
  const body = await http.get("registered-models/get-latest-versions", { name, stages });
  return checked("MLflow registered-models/get-latest-versions", () =>
    list(body, "model_versions", "response", parseModelVersion),
  );
}

export async function getDownloadUri(http: MlflowHttp, name: string, version: string): Promise<string> {
  const body = await http.get("model-versions/get-download-uri", { name, version });
  return checked("MLflow model-versions/get-download-uri", () => reqString(body, "artifact_uri", "response"));
}

export async function setAlias(
  http: MlflowHttp,
  name: string,
  alias: string,
  version: string,
): Promise<void> {
  await http.send("POST", "registered-models/alias", { name, alias, version });
}

/** MLflow reads DELETE's fields from a JSON body, not the query string. */
export async function deleteAlias(http: MlflowHttp, name: string, alias: string): Promise<void> {
  await http.send("DELETE", "registered-models/alias", { name, alias });
}

export async function transitionStage(
  http: MlflowHttp,
  name: string,
  version: string,
  stage: Stage,
  archiveExistingVersions: boolean,
): Promise<ModelVersion> {
  // `archive_existing_versions` is required by the server, so it is always sent.
  const body = await http.send("POST", "model-versions/transition-stage", {
    name,
    version,
    stage,
    archive_existing_versions: archiveExistingVersions,
  });
  return checked("MLflow model-versions/transition-stage", () =>
    parseModelVersion(body.model_version, "model_version"),
  );
}
