import type { Reply } from "./replies.ts";
import { mlflowError } from "./replies.ts";
import type { FakeMlflowState } from "./state.ts";

/** MLflow's artifact proxy: `GET /api/2.0/mlflow-artifacts/artifacts/<path>` (`_download_artifact`). */
export const ARTIFACTS_PREFIX = "/api/2.0/mlflow-artifacts/artifacts/";

/**
 * What MLflow's proxy answers for `path` (as it arrived, percent-encoded): 503 plain text when the
 * server runs with `--no-serve-artifacts`; 400 "Invalid path" for what `validate_path_is_safe` refuses
 * (after decoding: `..` segments, `#`, backslashes, absolute paths, control characters); Flask's 500 page
 * for a file that does not exist (the artifact repository raises an OSError MLflow does not map); the
 * bytes, as an attachment, otherwise.
 */
export function serveArtifact(state: FakeMlflowState, rawPath: string): Reply {
  if (!state.serveArtifacts)
    return {
      status: 503,
      raw: "Endpoint: /api/2.0/mlflow-artifacts/artifacts/<path:artifact_path> disabled due to the mlflow server running with `--no-serve-artifacts`. To enable artifacts server functionality, run `mlflow server` with `--serve-artifacts`",
      headers: { "content-type": "text/html; charset=utf-8" },
    };
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return mlflowError("INVALID_PARAMETER_VALUE", "Invalid path");
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: MLflow refuses control characters too.
  const unsafe = /[#\\\u0000-\u001f]/.test(path) || path.startsWith("/") || path.split("/").includes("..");
  if (unsafe) return mlflowError("INVALID_PARAMETER_VALUE", "Invalid path");
  const file = state.artifacts.get(path);
  if (file === undefined)
    return {
      status: 500,
      raw: "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n",
      headers: { "content-type": "text/html; charset=utf-8" },
    };
  const name = path.slice(path.lastIndexOf("/") + 1);
  return {
    status: 200,
    raw: file,
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename=${name}`,
      "x-content-type-options": "nosniff",
    },
  };
}

/** The MLmodel MLflow 3 writes for a LightGBM model logged with a column signature. */
export function mlmodelYaml(options: {
  runId: string;
  modelId?: string;
  artifactPath: string;
  inputs: readonly object[];
}): string {
  const signature = JSON.stringify(options.inputs).replace(/'/g, "''");
  return [
    `artifact_path: ${options.artifactPath}`,
    "flavors:",
    "  lightgbm:",
    "    code: null",
    "    data: model.lgb",
    "    lgb_version: 4.6.0",
    "    model_format: lgb",
    "  python_function:",
    "    env:",
    "      conda: conda.yaml",
    "      virtualenv: python_env.yaml",
    "    loader_module: mlflow.lightgbm",
    "    python_version: 3.12.7",
    "mlflow_version: 3.4.0",
    ...(options.modelId ? [`model_id: ${options.modelId}`] : []),
    "model_size_bytes: 524288",
    `model_uuid: ${options.modelId ?? "2f9c1e0a7b3d4c5e8f6a1b2c3d4e5f60"}`,
    `run_id: ${options.runId}`,
    "signature:",
    `  inputs: '${signature}'`,
    `  outputs: '[{"type": "double", "required": true}]'`,
    "  params: null",
    "utc_time_created: '2026-11-20 10:00:00.000000'",
    "",
  ].join("\n");
}
