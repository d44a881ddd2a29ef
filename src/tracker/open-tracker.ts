import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_LIMITS, type FileStoreLimits } from "./mlflow-file-store/bounded-files.ts";
import { openFileStoreTracker } from "./mlflow-file-store/file-store.ts";
import type { MlflowCredentials, ReadSecret } from "./mlflow-rest/auth.ts";
import { type ConnectOptions, connectMlflow } from "./mlflow-rest/mlflow-tracker.ts";
import { openSqliteTracker } from "./mlflow-sqlite/sqlite-store.ts";
import type { ModelFiles } from "./model-files/model-files-port.ts";
import { modelFiles } from "./model-files/route-model-files.ts";
import type { S3Opener } from "./model-files/s3-model-files.ts";
import { TrackerFault } from "./tracker-fault.ts";
import type { Tracker } from "./tracker-port.ts";

export interface OpenTrackerOptions {
  /** Local stores are for the CLI; server mode passes false and never reads a local path (DESIGN §4). */
  readonly allowLocal: boolean;
  /** Credential references for an http(s) server, resolved through `readSecret`. */
  readonly credentials?: MlflowCredentials;
  readonly readSecret?: ReadSecret;
  readonly connect?: ConnectOptions;
  /** Where relative paths start (`sqlite:///mlflow.db`, `./mlruns`); defaults to the process's. */
  readonly cwd?: string;
  readonly fileStoreLimits?: FileStoreLimits;
  /** S3 access for models whose artifacts are in S3 (the command line: the standard AWS chain). */
  readonly s3?: S3Opener;
}

export type TrackerKind = "rest" | "sqlite" | "file-store";

export interface OpenedTracker {
  readonly tracker: Tracker;
  readonly kind: TrackerKind;
  /** The server's host or the local path read; never a credential. */
  readonly location: string;
  /** Reads a model's MLmodel from where its artifacts are (the proxy, S3, or local paths for local stores). */
  readonly modelFiles: ModelFiles;
  /** Releases a database handle; nothing to do for the others. */
  close(): void;
}

type Target = { kind: "rest"; url: string } | { kind: "sqlite" | "file-store"; path: string };

const refuse = (message: string) => new TrackerFault("invalid", message);

/**
 * Reads a tracking URI as MLflow does: http(s) is a tracking server; `sqlite:///relative.db` and
 * `sqlite:////absolute.db` (SQLAlchemy's three and four slashes) a database; `file://` URIs and plain
 * paths a `./mlruns` file store. Other schemes name the scheme only: a database URI may hold a password.
 */
function parseTrackingUri(uri: string, cwd: string): Target {
  const text = uri.trim();
  if (text === "") throw refuse("No MLflow tracking URI was given.");
  if (/^https?:\/\//i.test(text)) return { kind: "rest", url: text };
  if (/^sqlite:/i.test(text)) {
    const path = /^sqlite:\/\/\/(.+)$/i.exec(text)?.[1];
    if (!path || path === ":memory:")
      throw refuse(
        "A sqlite tracking URI needs a database file: sqlite:///mlflow.db or sqlite:////abs/path/mlflow.db.",
      );
    if (path.includes("?"))
      throw refuse("sqlite:/// URIs with query parameters are not supported; give the file alone.");
    return { kind: "sqlite", path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^file:/i.test(text)) {
    try {
      return { kind: "file-store", path: fileURLToPath(text) };
    } catch {
      throw refuse("The file: tracking URI is not a valid file URL (use file:///absolute/path/mlruns).");
    }
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
  // One letter before ":" is a Windows drive, not a scheme.
  if (scheme && scheme.length > 1)
    throw refuse(
      `Tracking URIs with the scheme "${scheme}" are not read directly; point the tracking URI at the MLflow ` +
        "tracking server in front of that store (http:// or https://), or at sqlite:/// or an mlruns directory.",
    );
  return { kind: "file-store", path: resolve(cwd, text) };
}

/** Opens the Tracker a tracking URI names: the REST adapter, or a read-only local store. */
export async function openTracker(uri: string, options: OpenTrackerOptions): Promise<OpenedTracker> {
  const target = parseTrackingUri(uri, options.cwd ?? process.cwd());
  if (target.kind === "rest") {
    const readSecret: ReadSecret =
      options.readSecret ??
      (async () => {
        throw new Error("no secret reader");
      });
    const { tracker, http, host } = await connectMlflow(
      { trackingUri: target.url, ...options.credentials },
      readSecret,
      options.connect,
    );
    const files = modelFiles({
      mlflow: { http, host },
      ...(options.s3 ? { s3: options.s3 } : {}),
      local: options.allowLocal,
    });
    return { tracker, kind: "rest", location: host, modelFiles: files, close: () => undefined };
  }
  if (!options.allowLocal)
    throw refuse(
      "Local MLflow stores (sqlite:/// databases, mlruns directories) are read only by the command line; " +
        "in server mode bind an MLflow tracking server (http:// or https://).",
    );
  const files = modelFiles({ ...(options.s3 ? { s3: options.s3 } : {}), local: true });
  if (target.kind === "sqlite") {
    const { tracker, close } = openSqliteTracker(target.path);
    return { tracker, kind: "sqlite", location: target.path, modelFiles: files, close };
  }
  const tracker = await openFileStoreTracker(target.path, options.fileStoreLimits ?? DEFAULT_LIMITS);
  return { tracker, kind: "file-store", location: target.path, modelFiles: files, close: () => undefined };
}
