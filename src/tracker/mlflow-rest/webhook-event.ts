/**
 * A registry event as MLflow 3's open-source webhooks deliver it (`mlflow/webhooks/types.py`): a JSON
 * body `{entity, action, timestamp, data, workspace?}` with `entity`/`action` in lower case
 * (`model_version` + `created`, `model_version_alias` + `created`/`deleted`). Read as untrusted input:
 * names are bounded and checked, anything else is `ignored` with the reason.
 */
export type RegistryEvent =
  | {
      readonly kind: "version-created";
      readonly model: string;
      readonly version: string;
      readonly runId: string | null;
    }
  | { readonly kind: "alias-set"; readonly model: string; readonly alias: string; readonly version: string }
  | { readonly kind: "alias-deleted"; readonly model: string; readonly alias: string }
  | { readonly kind: "ignored"; readonly event: string };

export type ParsedRegistryEvent = { event: RegistryEvent } | { problem: string };

/** MLflow's registered model names are free text up to 256 characters; no control characters here. */
const MODEL_NAME = /^[^\p{Cc}]{1,256}$/u;
const VERSION = /^[1-9][0-9]{0,9}$/;
/** MLflow's alias rule: letters, digits, `_` and `-`, up to 255 characters. */
const ALIAS = /^[A-Za-z0-9_-]{1,255}$/;
const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
const WORD = /^[a-z_]{1,40}$/;

function field(data: Record<string, unknown>, key: string, pattern: RegExp): string | { problem: string } {
  const value = data[key];
  if (typeof value !== "string" || !pattern.test(value))
    return { problem: `data.${key} is missing or not a valid ${key.replace("_", " ")}` };
  return value;
}

export function parseRegistryEvent(value: unknown): ParsedRegistryEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { problem: "the body is not a JSON object" };
  const body = value as Record<string, unknown>;
  const entity = typeof body.entity === "string" ? body.entity.toLowerCase() : "";
  const action = typeof body.action === "string" ? body.action.toLowerCase() : "";
  if (!WORD.test(entity) || !WORD.test(action))
    return { problem: "entity and action are missing or not words (not an MLflow webhook body)" };
  const event = `${entity}.${action}`;
  const known = event === "model_version.created" || event.startsWith("model_version_alias.");
  if (!known) return { event: { kind: "ignored", event } };
  if (typeof body.data !== "object" || body.data === null || Array.isArray(body.data))
    return { problem: `data of ${event} is not an object` };
  const data = body.data as Record<string, unknown>;
  const model = field(data, "name", MODEL_NAME);
  if (typeof model !== "string") return model;
  if (event === "model_version.created") {
    const version = field(data, "version", VERSION);
    if (typeof version !== "string") return version;
    const run = data.run_id;
    if (run !== undefined && run !== null && (typeof run !== "string" || !RUN_ID.test(run)))
      return { problem: "data.run_id is not a run id" };
    return {
      event: { kind: "version-created", model, version, runId: typeof run === "string" ? run : null },
    };
  }
  const alias = field(data, "alias", ALIAS);
  if (typeof alias !== "string") return alias;
  if (action === "created") {
    const version = field(data, "version", VERSION);
    if (typeof version !== "string") return version;
    return { event: { kind: "alias-set", model, alias, version } };
  }
  if (action === "deleted") return { event: { kind: "alias-deleted", model, alias } };
  return { event: { kind: "ignored", event } };
}
