import type { MlflowHttp } from "../mlflow-rest/client.ts";
import { isTrackerFault } from "../tracker-fault.ts";
import { fileUri, MAX_MODEL_FILE_BYTES, type ModelFileRead, unsafePath } from "./model-files-port.ts";

/** MLflow's artifact proxy (`mlflow server --serve-artifacts`, the default since 2.0). */
const PROXY = "api/2.0/mlflow-artifacts/artifacts/";

/**
 * Reads a file below an `mlflow-artifacts:` URI through the tracking server's artifact proxy, with the
 * server's credentials. `mlflow-artifacts:/1/<run>/artifacts/model` is served at
 * `/api/2.0/mlflow-artifacts/artifacts/1/<run>/artifacts/model`; a URI naming another host is not
 * followed, so the credentials never leave the bound server.
 */
export async function readMlflowArtifact(
  http: MlflowHttp,
  trackingHost: string,
  artifactUri: string,
  file: string,
): Promise<ModelFileRead> {
  const uri = fileUri(artifactUri, file);
  const match = /^mlflow-artifacts:(?:\/\/([^/]*))?\/*(.*)$/i.exec(uri);
  const [, host, path = ""] = match ?? [];
  if (host && host.toLowerCase() !== trackingHost.toLowerCase())
    return {
      kind: "unreadable",
      reason: `${uri} names another artifact server (${host}); only the bound tracking server is read`,
    };
  if (path === "" || unsafePath(path))
    return { kind: "unreadable", reason: `${uri} is not a path MLflow serves` };
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  try {
    const text = await http.getFile(`${PROXY}${encoded}`, MAX_MODEL_FILE_BYTES);
    return text === null ? { kind: "missing", where: uri } : { kind: "file", text };
  } catch (error) {
    return { kind: "unreadable", reason: proxyWords(uri, error) };
  }
}

function proxyWords(uri: string, error: unknown): string {
  if (!isTrackerFault(error)) return `${uri} could not be read`;
  // `--no-serve-artifacts` servers answer the proxy with a plain 503.
  if (error.status === 503)
    return `MLflow does not serve ${uri} (HTTP 503: the server may run with --no-serve-artifacts)`;
  if (error.kind === "auth") return `MLflow refused to serve ${uri} (${error.message})`;
  return `MLflow could not serve ${uri} (${error.message})`;
}
