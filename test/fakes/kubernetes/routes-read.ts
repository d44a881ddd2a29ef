import { apiVersionOf, type KindSpec, qualifiedResource } from "./catalog.ts";
import { matchesSelector, parseLabelSelector, type Requirement } from "./label-selector.ts";
import type { FakeState } from "./state.ts";
import { badRequest, type Reply, statusReply } from "./status.ts";
import { ObjectStore, render } from "./store.ts";

export function notFound(spec: KindSpec, name: string): Reply {
  return statusReply(404, `${qualifiedResource(spec)} "${name}" not found`, {
    subject: { name, ...(spec.group ? { group: spec.group } : {}), kind: spec.plural },
  });
}

export function getObject(state: FakeState, spec: KindSpec, namespace: string | null, name: string): Reply {
  const stored = state.store.objects.get(ObjectStore.key(spec, namespace, name));
  return stored ? { status: 200, body: render(stored, spec) } : notFound(spec, name);
}

interface ContinueToken {
  readonly rv: number;
  readonly start: string;
}

function decodeToken(text: string): ContinueToken | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Partial<ContinueToken>;
    if (typeof parsed.rv === "number" && typeof parsed.start === "string")
      return { rv: parsed.rv, start: parsed.start };
  } catch {}
  return undefined;
}

/**
 * LIST with `labelSelector`, `limit` and `continue`. A continuation resumes after the last key
 * returned, reading current state (etcd would read the original revision; see README), and is refused
 * with 410 once `compact()` has passed its revision.
 */
export function listObjects(
  state: FakeState,
  spec: KindSpec,
  namespace: string | null,
  query: Readonly<Record<string, string>>,
): Reply {
  let selector: Requirement[];
  try {
    selector = parseLabelSelector(query.labelSelector ?? "");
  } catch (error) {
    return badRequest((error as Error).message);
  }
  const limit = query.limit === undefined ? 0 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 0) return badRequest(`invalid limit: ${query.limit}`);
  let start = "";
  let listRv = state.store.revision;
  if (query.continue) {
    const token = decodeToken(query.continue);
    if (!token)
      return badRequest(
        "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
      );
    if (token.rv < state.compactedRevision)
      return statusReply(
        410,
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
        { reason: "Expired" },
      );
    start = token.start;
    listRv = token.rv;
  }
  const matching = state.store
    .list(spec, namespace)
    .filter((s) => ObjectStore.key(spec, s.object.metadata.namespace ?? null, s.object.metadata.name) > start)
    .filter((s) => matchesSelector(s.object.metadata.labels ?? {}, selector));
  const page = limit > 0 ? matching.slice(0, limit) : matching;
  const last = page[page.length - 1];
  const more = limit > 0 && matching.length > limit && last !== undefined;
  const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (more) {
    const key = ObjectStore.key(spec, last.object.metadata.namespace ?? null, last.object.metadata.name);
    metadata.continue = Buffer.from(JSON.stringify({ rv: listRv, start: key })).toString("base64url");
    metadata.remainingItemCount = matching.length - page.length;
  }
  const items = page.map((s) => {
    const object = render(s, spec);
    if (!spec.builtin) return object;
    // Typed lists (built-in kinds) serialise their items without apiVersion and kind.
    const { apiVersion: _a, kind: _k, ...rest } = object;
    return rest;
  });
  return { status: 200, body: { kind: `${spec.kind}List`, apiVersion: apiVersionOf(spec), metadata, items } };
}
