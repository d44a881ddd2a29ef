import { groupOf, type KubeObject, type ObjectRef } from "../../render/kube-object.ts";
import { ENVIRONMENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from "../../render/labels.ts";
import { type ClusterPort, isClusterFault, type ListScope } from "../cluster-port.ts";
import { type RetryPolicy, withRetry } from "./retry.ts";
import { mapBounded } from "./run-bounded.ts";

export interface LiveRead {
  /** Every object labelled as Slipway's for the environment, in the kinds and namespaces asked about. */
  objects: KubeObject[];
  /** `apiVersion Kind` asked for that the cluster does not serve (a CRD not installed, a version dropped). */
  unserved: string[];
  /**
   * `group/Kind` the cluster serves at no version at all: objects of them can be neither read nor
   * pruned. A kind asked for at a version no longer served is read at one that is, and is not here.
   */
  unreachable: string[];
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
 * requests. A kind is listed at the version the desired objects use (the inventory's otherwise); when
 * the cluster no longer serves that version, at one it does serve (the group's preferred first), since
 * an object is the same at every served version — so what an earlier release inventoried at an older
 * version (Flux's HelmRelease v2beta1) is still found, and pruned.
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
  const unreachable: string[] = [];
  const scopes: ListScope[] = [];
  const discover = async <T>(request: () => Promise<T>): Promise<T> => {
    const answer = await withRetry(options.retry, request);
    if (!answer.ok) throw answer.fault;
    return answer.value;
  };
  const infos = await mapBounded([...kinds.entries()], options.concurrency, async ([key, k]) => {
    const asked = await discover(() => port.kindInfo(k.apiVersion, k.kind));
    if (asked) return { key, k, asked, info: asked };
    return { key, k, asked, info: await discover(() => port.servedKind(groupOf(k.apiVersion), k.kind)) };
  });
  for (const { key, k, asked, info } of infos) {
    if (asked === null) unserved.push(`${k.apiVersion} ${k.kind}`);
    if (info === null) {
      unreachable.push(key);
      continue;
    }
    if (!info.namespaced) scopes.push({ apiVersion: info.apiVersion, kind: k.kind, namespace: null });
    else
      for (const ns of k.namespaces)
        if (ns !== null) scopes.push({ apiVersion: info.apiVersion, kind: k.kind, namespace: ns });
  }
  const selector = ownedSelector(environment);
  const list = async (scope: ListScope) => {
    const listed = await withRetry(options.retry, () => port.list(scope, selector));
    if (!listed.ok) throw listed.fault;
    return listed.value;
  };
  const lists = await mapBounded(scopes, options.concurrency, async (scope) => {
    try {
      return await list(scope);
    } catch (error) {
      // The version stopped being served since it was discovered: read the kind where it is served now.
      if (!isClusterFault(error) || error.status !== 404) throw error;
      const asked = `${scope.apiVersion} ${scope.kind}`;
      if (!unserved.includes(asked)) unserved.push(asked);
      const now = await discover(() => port.servedKind(groupOf(scope.apiVersion), scope.kind));
      if (now === null || now.apiVersion === scope.apiVersion) {
        const key = `${groupOf(scope.apiVersion)}/${scope.kind}`;
        if (!unreachable.includes(key)) unreachable.push(key);
        return [];
      }
      return list({ ...scope, apiVersion: now.apiVersion });
    }
  });
  return {
    objects: lists.flat(),
    unserved: unserved.sort(),
    unreachable: unreachable.sort(),
    lists: scopes.length,
  };
}
