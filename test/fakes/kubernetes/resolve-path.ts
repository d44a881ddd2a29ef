import { apiVersionOf, type KindSpec } from "./catalog.ts";

/** What a request URL addresses. */
export type Target =
  | { readonly type: "root"; readonly which: "api" | "apis" }
  | { readonly type: "group"; readonly group: string }
  | { readonly type: "discovery"; readonly groupVersion: string }
  | {
      readonly type: "resource";
      readonly spec: KindSpec;
      readonly namespace: string | null;
      readonly name: string | null;
      readonly subresource: string | null;
    }
  | { readonly type: "unknown" };

/**
 * `/api`, `/apis`, `/apis/<g>`, `/api/v1`, `/apis/<g>/<v>`, then `[namespaces/<ns>/]<plural>[/<name>[/<sub>]]`, as
 * the API server's request-info resolver reads them. Only installed kinds resolve.
 */
export function resolvePath(pathname: string, kinds: readonly KindSpec[]): Target {
  const parts = pathname
    .split("/")
    .filter((p) => p !== "")
    .map(decodeURIComponent);
  const [root, ...rest] = parts;
  if (root !== "api" && root !== "apis") return { type: "unknown" };
  if (rest.length === 0) return { type: "root", which: root };
  const gvLength = root === "api" ? 1 : 2;
  if (root === "apis" && rest.length === 1) return { type: "group", group: rest[0] ?? "" };
  if (rest.length < gvLength) return { type: "unknown" };
  const groupVersion = rest.slice(0, gvLength).join("/");
  const tail = rest.slice(gvLength);
  if (tail.length === 0) return { type: "discovery", groupVersion };
  const served = kinds.filter((k) => apiVersionOf(k) === groupVersion);
  const find = (plural: string | undefined) => served.find((k) => k.plural === plural);
  // `namespaces/<ns>/<plural>…` unless it is the Namespace object itself (`namespaces/<name>[/status]`).
  const [first, second, third, ...more] = tail;
  if (first === "namespaces" && tail.length >= 3 && third !== "status" && third !== "finalize") {
    const spec = find(third);
    if (!spec?.namespaced || more.length > 2) return { type: "unknown" };
    return {
      type: "resource",
      spec,
      namespace: second ?? null,
      name: more[0] ?? null,
      subresource: more[1] ?? null,
    };
  }
  const spec = find(first);
  if (!spec || tail.length > 3) return { type: "unknown" };
  // A namespaced kind without a namespace can only be listed (across all namespaces).
  if (spec.namespaced && tail.length > 1) return { type: "unknown" };
  return { type: "resource", spec, namespace: null, name: second ?? null, subresource: third ?? null };
}
