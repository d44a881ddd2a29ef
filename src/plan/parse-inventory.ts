import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../render/kube-object.ts";

/**
 * Reads an inventory: the objects of the last apply, as a multi-document YAML (or JSON) stream — the
 * form `slipway render` prints — or one `kind: List` with `items`. Returns a reason instead of throwing
 * when the text is not such a stream.
 */
export function parseInventory(text: string): { objects: KubeObject[] } | { error: string } {
  const objects: KubeObject[] = [];
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(documents)) return { error: "the inventory is not a YAML document stream" };
  for (const [i, doc] of documents.entries()) {
    if (doc.errors.length > 0)
      return { error: `document ${i + 1}: ${doc.errors[0]?.message.split("\n")[0]}` };
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const items = isList(value) ? value.items : [value];
    for (const item of items) {
      if (!isObject(item))
        return { error: `document ${i + 1}: not a Kubernetes object (apiVersion, kind, metadata.name)` };
      objects.push(item);
    }
  }
  return { objects };
}

function isList(value: unknown): value is { items: unknown[] } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "List" &&
    Array.isArray((value as { items?: unknown }).items)
  );
}

function isObject(value: unknown): value is KubeObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  return (
    typeof o.apiVersion === "string" &&
    typeof o.kind === "string" &&
    typeof meta === "object" &&
    meta !== null &&
    typeof meta.name === "string" &&
    (meta.namespace === undefined || typeof meta.namespace === "string")
  );
}
