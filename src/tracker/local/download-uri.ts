/** What a `models:/` URI names (`mlflow/store/artifact/utils/models.py`, `_parse_model_uri`). */
export type ModelRef =
  | { readonly kind: "version"; readonly name: string; readonly version: string }
  | { readonly kind: "alias"; readonly name: string; readonly alias: string }
  | { readonly kind: "stage"; readonly name: string; readonly stage: string }
  | { readonly kind: "latest"; readonly name: string }
  | { readonly kind: "logged-model"; readonly modelId: string };

/** The store reads resolution needs; each answers undefined when the entity does not exist. */
export interface UriLookups {
  runArtifactUri(runId: string): Promise<string | undefined>;
  loggedModelArtifactUri(modelId: string): Promise<string | undefined>;
  /** The storage location (or source) of the version a `models:/` reference names. */
  registeredUri(ref: Exclude<ModelRef, { kind: "logged-model" }>): Promise<string | undefined>;
}

/** A URI that names something missing, or a loop; local-tracker reports it as a fault. */
export class UriResolutionError extends Error {
  readonly missing: boolean;
  constructor(message: string, missing: boolean) {
    super(message);
    this.missing = missing;
  }
}

const MAX_HOPS = 5;

/** `append_to_uri_path`: one slash between the base and the relative path. */
export function appendPath(base: string, path: string): string {
  if (path === "") return base;
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

export function parseModelsUri(uri: string): ModelRef | undefined {
  const m = /^models:\/(?!\/)(.+)$/.exec(uri);
  if (!m?.[1]) return undefined;
  const parts = m[1].split("/");
  if (parts.length === 2) {
    const [name = "", second = ""] = parts;
    if (/^\d+$/.test(second)) return { kind: "version", name, version: second };
    if (second.toLowerCase() === "latest") return { kind: "latest", name };
    return { kind: "stage", name, stage: second };
  }
  if (parts.length !== 1 || !parts[0]) return undefined;
  const at = parts[0].lastIndexOf("@");
  if (at > 0) return { kind: "alias", name: parts[0].slice(0, at), alias: parts[0].slice(at + 1) };
  return { kind: "logged-model", modelId: parts[0] };
}

/**
 * Follows `runs:/<run_id>/<path>` (the run's artifact URI plus the path, as `RunsArtifactRepository`
 * does) and `models:/…` (a logged model's artifact location, or another version's location) until a
 * plain artifact URI remains. Other URIs are returned unchanged.
 */
export async function resolveArtifactUri(uri: string, lookups: UriLookups, hops = 0): Promise<string> {
  if (hops > MAX_HOPS)
    throw new UriResolutionError(`${uri} leads through more than ${MAX_HOPS} models:/ references`, false);
  const runs = /^runs:\/(?!\/)([^/]+)\/?(.*)$/.exec(uri);
  if (runs) {
    const [, runId = "", path = ""] = runs;
    const base = await lookups.runArtifactUri(runId);
    if (base === undefined)
      throw new UriResolutionError(`Run with id=${runId} not found (from ${uri})`, true);
    return appendPath(base, path);
  }
  if (!uri.startsWith("models:")) return uri;
  const ref = parseModelsUri(uri);
  if (!ref) throw new UriResolutionError(`${uri} is not a models:/ URI MLflow can read`, false);
  const next =
    ref.kind === "logged-model"
      ? await lookups.loggedModelArtifactUri(ref.modelId)
      : await lookups.registeredUri(ref);
  if (next === undefined) throw new UriResolutionError(`${uri} names nothing in this store`, true);
  return resolveArtifactUri(next, lookups, hops + 1);
}
