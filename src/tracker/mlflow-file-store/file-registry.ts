import { join } from "node:path";
import { parseModelsUri } from "../local/download-uri.ts";
import { corrupt } from "../local/local-faults.ts";
import type { StoredModelVersion, StoredRegisteredModel } from "../local/local-store.ts";
import type { ModelVersionStatus } from "../tracker-types.ts";
import { type FileStoreLimits, isSafeSegment, listEntries } from "./bounded-files.ts";
import { readKeyValues } from "./file-runs.ts";
import { readMeta } from "./meta-yaml.ts";

const VERSION_STATUSES: readonly ModelVersionStatus[] = [
  "READY",
  "PENDING_REGISTRATION",
  "FAILED_REGISTRATION",
];

/**
 * `<root>/models/<name>/meta.yaml`, its `tags/` and `aliases/<alias>` files (each holding a version
 * number), as MLflow's registry FileStore writes them.
 */
export async function readModelDir(
  root: string,
  name: string,
  limits: FileStoreLimits,
): Promise<StoredRegisteredModel | undefined> {
  if (!isSafeSegment(name)) return undefined;
  const dir = join(root, "models", name);
  const meta = await readMeta(join(dir, "meta.yaml"), limits.maxMetaBytes);
  if (!meta) return undefined;
  const aliases = (await readKeyValues(join(dir, "aliases"), limits)).map(({ key, value }) => ({
    alias: key,
    version: value.trim(),
  }));
  const description = meta.optText("description");
  return {
    name: meta.text("name"),
    ...(description ? { description } : {}),
    tags: await readKeyValues(join(dir, "tags"), limits),
    aliases,
  };
}

async function readVersionDir(dir: string, limits: FileStoreLimits): Promise<StoredModelVersion | undefined> {
  const meta = await readMeta(join(dir, "meta.yaml"), limits.maxMetaBytes);
  if (!meta) return undefined;
  const stage = meta.optText("current_stage") ?? "None";
  if (stage === "Deleted_Internal") return undefined;
  const status = meta.optText("status") ?? "READY";
  if (!(VERSION_STATUSES as readonly string[]).includes(status))
    throw corrupt(meta.file, `"status" is ${JSON.stringify(status)}, not a model version status.`);
  const source = meta.optText("source");
  const ref = source === undefined ? undefined : parseModelsUri(source);
  const optional = {
    status_message: meta.optText("status_message") || undefined,
    run_id: meta.optText("run_id") || undefined,
    source,
    model_id: meta.optText("model_id") || (ref?.kind === "logged-model" ? ref.modelId : undefined),
    creation_timestamp: meta.optNumber("creation_timestamp"),
    last_updated_timestamp: meta.optNumber("last_updated_timestamp"),
    storage_location: meta.optText("storage_location") || undefined,
  };
  return {
    name: meta.text("name"),
    version: meta.text("version"),
    status: status as ModelVersionStatus,
    current_stage: stage,
    tags: await readKeyValues(join(dir, "tags"), limits),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/** `version-<n>` folders of one model (or of every model), without internally deleted versions. */
export async function readVersions(
  root: string,
  name: string | undefined,
  limits: FileStoreLimits,
): Promise<StoredModelVersion[]> {
  const models =
    name === undefined
      ? (await listEntries(join(root, "models"), limits.maxEntries))
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
      : isSafeSegment(name)
        ? [name]
        : [];
  const versions: StoredModelVersion[] = [];
  for (const model of models) {
    const dir = join(root, "models", model);
    for (const entry of await listEntries(dir, limits.maxEntries)) {
      if (!entry.isDirectory() || !/^version-\d+$/.test(entry.name)) continue;
      const version = await readVersionDir(join(dir, entry.name), limits);
      if (version) versions.push(version);
    }
  }
  return versions.sort((a, b) =>
    a.name !== b.name ? (a.name < b.name ? -1 : 1) : Number(a.version) - Number(b.version),
  );
}
