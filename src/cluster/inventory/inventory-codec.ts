import { gunzipSync, gzipSync } from "node:zlib";
import type { KubeObject } from "../../render/kube-object.ts";
import { MANAGED_BY, MANAGED_BY_LABEL } from "../../render/labels.ts";
import type { Inventory } from "./inventory.ts";
import { InventoryError } from "./inventory-error.ts";
import { parseInventoryPayload } from "./inventory-payload.ts";

export const INVENTORY_KEY = "inventory.json";
export const INVENTORY_GZIP_KEY = "inventory.json.gz";
export const INVENTORY_LABEL = "slipway.dev/inventory-of";
export const ENCODING_ANNOTATION = "slipway.dev/inventory-encoding";

/** Payloads above this are gzipped into `binaryData` (a 4,000-object inventory is ~500 kB of JSON). */
export const COMPRESS_ABOVE_BYTES = 64 * 1024;
/**
 * What the stored data may take: the API server refuses objects over 1 MiB (etcd's request limit),
 * and the ConfigMap's metadata needs some of it.
 */
export const MAX_STORED_BYTES = 900 * 1024;
/** A decompressed payload larger than this is refused unread (a corrupt or hostile object). */
export const MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;

export interface InventoryLocation {
  namespace: string;
  name: string;
}

/**
 * The ConfigMap holding one environment's inventory. It carries `managed-by: slipway` but not the
 * environment label, so it is never listed as one of the environment's objects — and never pruned.
 */
export function encodeInventory(
  inventory: Inventory,
  at: InventoryLocation,
  resourceVersion: string | null,
): KubeObject {
  const json = JSON.stringify({
    version: inventory.version,
    environment: inventory.environment,
    phase: inventory.phase,
    commit: inventory.commit,
    lastGoodCommit: inventory.lastGoodCommit,
    failedCommit: inventory.failedCommit,
    objects: inventory.entries.map((e) => [
      e.ref.apiVersion,
      e.ref.kind,
      e.ref.namespace,
      e.ref.name,
      e.digest,
    ]),
  });
  const bytes = Buffer.byteLength(json, "utf8");
  const compress = bytes > COMPRESS_ABOVE_BYTES;
  const stored = compress ? gzipSync(json, { level: 9 }).toString("base64") : json;
  if (stored.length > MAX_STORED_BYTES) {
    throw new InventoryError(
      "too-large",
      `the inventory of ${inventory.environment} (${inventory.entries.length} objects) takes ${stored.length} bytes ` +
        `${compress ? "compressed " : ""}and does not fit in one ConfigMap (limit ${MAX_STORED_BYTES} bytes)`,
    );
  }
  const metadata: KubeObject["metadata"] = {
    name: at.name,
    namespace: at.namespace,
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [INVENTORY_LABEL]: inventory.environment },
    annotations: { [ENCODING_ANNOTATION]: compress ? "gzip" : "json" },
  };
  if (resourceVersion !== null) metadata.resourceVersion = resourceVersion;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata,
    ...(compress ? { binaryData: { [INVENTORY_GZIP_KEY]: stored } } : { data: { [INVENTORY_KEY]: stored } }),
  };
}

/** The inventory a ConfigMap holds, or a reason naming what is wrong with it (never a throw). */
export function decodeInventory(object: KubeObject): { inventory: Inventory } | { error: string } {
  const encoding = object.metadata.annotations?.[ENCODING_ANNOTATION] ?? "json";
  const field = encoding === "gzip" ? "binaryData" : "data";
  const key = encoding === "gzip" ? INVENTORY_GZIP_KEY : INVENTORY_KEY;
  if (encoding !== "gzip" && encoding !== "json")
    return { error: `unknown encoding '${encoding}' in annotation ${ENCODING_ANNOTATION}` };
  const holder = object[field] as Record<string, unknown> | undefined;
  const stored = holder?.[key];
  if (typeof stored !== "string") return { error: `${field}.${JSON.stringify(key)} is missing` };
  if (stored.length > MAX_STORED_BYTES * 2)
    return { error: `${field}.${JSON.stringify(key)} is larger than any inventory Slipway writes` };
  let json = stored;
  if (encoding === "gzip") {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(stored)) return { error: `${field}.${key} is not base64` };
    try {
      json = gunzipSync(Buffer.from(stored, "base64"), { maxOutputLength: MAX_PAYLOAD_BYTES }).toString(
        "utf8",
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        error:
          code === "ERR_BUFFER_TOO_LARGE"
            ? `${field}.${key} decompresses to more than ${MAX_PAYLOAD_BYTES} bytes`
            : `${field}.${key} is not valid gzip data`,
      };
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { error: `the payload is not JSON (${(error as Error).message})` };
  }
  return parseInventoryPayload(value);
}
