import { groupOf, type KubeObject, type ObjectRef } from "../../render/kube-object.ts";
import { ENVIRONMENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from "../../render/labels.ts";
import type { ClusterPort, ListScope } from "../cluster-port.ts";
import { type RetryPolicy, withRetry } from "./retry.ts";
import { mapBounded } from "./run-bounded.ts";

export interface LiveRead {
  /** Every object labelled as Slipway's for the environment, in the kinds and namespaces asked about. */
  objects: KubeObject[];
  /** `apiVersion Kind` the cluster does not serve (a CRD not installed): nothing of them can be live. */
  unserved: string[];
  /** LIST requests sent (retries not counted). */
  lists: number;
}

/** The label selector of an environment's objects: the labels every rendered object carries. */
export function ownedSelector(environment: string): string {
  return `${MANAGED_BY_LABEL}=${MANAGED_BY},${ENVIRONMENT_LABEL}=${environment}`;
}

/**
 * Reads what the environment holds with one LIST per kind and namespace that the desired objects or
 * the inventory mention — never a GET per object, so a 4,000-object environment costs a few dozen
 * requests. A kind is listed at the version the desired objects use (the inventory's otherwise).
 */
export async function readLive(
  port: ClusterPort,
  environment: string,
  refs: readonly ObjectRef[],
  options: { concurrency: number; retry: RetryPolicy },
): Promise<LiveRead> {
  const kinds = new Map<string, { apiVersion: string; kind: string; namespaces: Set<string | null> }>();
  for (const ref of refs) {
    const key = `${groupOf(ref.apiVersion)}/${ref.kind}`;
    const entry = kinds.get(key) ?? { apiVersion: ref.apiVersion, kind: ref.kind, namespaces: new Set() };
    entry.namespaces.add(ref.namespace);
    kinds.set(key, entry);
  }
  const unserved: string[] = [];
  const scopes: ListScope[] = [];
  const infos = await mapBounded([...kinds.values()], options.concurrency, async (k) => {
    const info = await withRetry(options.retry, () => port.kindInfo(k.apiVersion, k.kind));
    if (!info.ok) throw info.fault;
    return { k, info: info.value };
  });
  for (const { k, info } of infos) {
    if (info === null) {
      unserved.push(`${k.apiVersion} ${k.kind}`);
      continue;
    }
    if (!info.namespaced) scopes.push({ apiVersion: k.apiVersion, kind: k.kind, namespace: null });
    else
      for (const ns of k.namespaces)
        if (ns !== null) scopes.push({ apiVersion: k.apiVersion, kind: k.kind, namespace: ns });
  }
  const selector = ownedSelector(environment);
  const lists = await mapBounded(scopes, options.concurrency, async (scope) => {
    const listed = await withRetry(options.retry, () => port.list(scope, selector));
    if (!listed.ok) throw listed.fault;
    return listed.value;
  });
  return { objects: lists.flat(), unserved: unserved.sort(), lists: scopes.length };
}
