import { objectKey } from "../../render/kube-object.ts";
import { type Inventory, type InventoryEntry, type InventoryPhase, sortEntries } from "./inventory.ts";

const PHASES: readonly InventoryPhase[] = ["applying", "applied", "failed", "rolled-back"];
const MAX_ENTRIES = 100_000;

/**
 * The decoded JSON of an inventory, checked field by field: a corrupt inventory is reported with the
 * first bad field's path, never half-read, because pruning from a wrong inventory deletes the wrong objects.
 */
export function parseInventoryPayload(value: unknown): { inventory: Inventory } | { error: string } {
  if (!isRecord(value)) return { error: "the payload is not a JSON object" };
  if (value.version !== 1) return { error: `version: expected 1, found ${JSON.stringify(value.version)}` };
  if (typeof value.environment !== "string" || value.environment === "")
    return { error: "environment: expected a non-empty string" };
  if (!PHASES.includes(value.phase as InventoryPhase))
    return { error: `phase: expected one of ${PHASES.join(", ")}` };
  for (const field of ["commit", "lastGoodCommit", "failedCommit"] as const) {
    const v = value[field];
    if (v !== null && (typeof v !== "string" || v === ""))
      return { error: `${field}: expected a string or null` };
  }
  const objects = value.objects;
  if (!Array.isArray(objects)) return { error: "objects: expected a list" };
  if (objects.length > MAX_ENTRIES) return { error: `objects: more than ${MAX_ENTRIES} entries` };
  const entries: InventoryEntry[] = [];
  const seen = new Set<string>();
  for (const [i, item] of objects.entries()) {
    const entry = parseEntry(item);
    if (typeof entry === "string") return { error: `objects[${i}]: ${entry}` };
    const key = objectKey(entry.ref);
    if (seen.has(key)) return { error: `objects[${i}]: ${entry.ref.kind} ${entry.ref.name} is listed twice` };
    seen.add(key);
    entries.push(entry);
  }
  return {
    inventory: {
      version: 1,
      environment: value.environment,
      phase: value.phase as InventoryPhase,
      commit: value.commit as string | null,
      lastGoodCommit: value.lastGoodCommit as string | null,
      failedCommit: value.failedCommit as string | null,
      entries: sortEntries(entries),
    },
  };
}

const SHAPE = "expected [apiVersion, kind, namespace or null, name, digest or null]";

function parseEntry(item: unknown): InventoryEntry | string {
  if (!Array.isArray(item) || item.length !== 5) return SHAPE;
  const [apiVersion, kind, namespace, name, digest] = item as unknown[];
  if (!nonEmpty(apiVersion) || !nonEmpty(kind) || !nonEmpty(name)) return SHAPE;
  if (namespace !== null && !nonEmpty(namespace)) return SHAPE;
  if (digest !== null && (typeof digest !== "string" || !/^[0-9a-f]{64}$/.test(digest)))
    return "digest: expected 64 hexadecimal digits or null";
  return { ref: { apiVersion, kind, namespace, name }, digest };
}

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= 253;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
