import type { MlflowHttp } from "../mlflow-rest/client.ts";
import { readLocalArtifact } from "./local-model-files.ts";
import { readMlflowArtifact } from "./mlflow-artifacts-files.ts";
import type { ModelFileRead, ModelFiles } from "./model-files-port.ts";
import { readS3Artifact, type S3Opener } from "./s3-model-files.ts";

export interface ModelFileSources {
  /** The bound tracking server, for `mlflow-artifacts:` URIs. */
  readonly mlflow?: { readonly http: MlflowHttp; readonly host: string };
  /** S3 access for `s3://` URIs. */
  readonly s3?: S3Opener;
  /** Local `file:` URIs and absolute paths: the command line only. */
  readonly local?: boolean;
}

/** A model's files read by the scheme of its artifact URI, from the sources this process may use. */
export function modelFiles(sources: ModelFileSources): ModelFiles {
  return {
    async read(artifactUri: string, file: string): Promise<ModelFileRead> {
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(artifactUri)?.[1]?.toLowerCase();
      if (scheme === "mlflow-artifacts") {
        if (sources.mlflow)
          return readMlflowArtifact(sources.mlflow.http, sources.mlflow.host, artifactUri, file);
        return unreadable(
          `${artifactUri} is served by an MLflow tracking server; point the tracking URI at it (http:// or https://) to read it`,
        );
      }
      if (scheme === "s3") {
        if (sources.s3) return readS3Artifact(sources.s3, artifactUri, file);
        return unreadable(`${artifactUri} is in S3, and no S3 access is configured`);
      }
      const local = scheme === "file" || (scheme === undefined && artifactUri.startsWith("/"));
      if (local && sources.local) return readLocalArtifact(artifactUri, file);
      if (local) return unreadable(`${artifactUri} is a local path, which the server never reads`);
      return unreadable(
        `artifact URIs like ${artifactUri.slice(0, 200)} are not read (mlflow-artifacts:, s3:// and, from the command line, local paths are)`,
      );
    },
  };
}

function unreadable(reason: string): ModelFileRead {
  return { kind: "unreadable", reason };
}
