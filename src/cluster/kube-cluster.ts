import { ApiException } from "@kubernetes/client-node";
import { displayName, groupOf, type KubeObject, type ObjectRef } from "../render/kube-object.ts";
import { type RequestSite, toClusterFault } from "./cluster-errors.ts";
import { ClusterFault, type ClusterPort, type KindInfo, type ListScope } from "./cluster-port.ts";
import { namesObject, pendingOf, StaleDiscovery } from "./kube-answers.ts";
import {
  type ClusterBinding,
  type LoadedKubeConfig,
  type LoadOptions,
  loadKubeConfig,
} from "./kube-config.ts";
import { RawObjectApi } from "./raw-object-api.ts";
import { type RetryPolicy, withRetry } from "./retry.ts";

export interface KubeClusterOptions {
  /** Per request, discovery included (default 30 s). */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Objects per LIST page (default 500, as kubectl). */
  readonly pageSize?: number;
  /** Default `slipway`; one field manager for every apply (DESIGN §4). */
  readonly fieldManager?: string;
}

/** A LIST answer as the API server sends it (RawObjectApi hands back the JSON untouched). */
interface RawList {
  items?: KubeObject[];
  metadata?: { continue?: string };
}

/** A ClusterPort over `@kubernetes/client-node` for one loaded kubeconfig context. */
export function kubeCluster(loaded: LoadedKubeConfig, options: KubeClusterOptions = {}): ClusterPort {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const api = RawObjectApi.fromKubeConfig(loaded.kc, timeoutMs);
  const fieldManager = options.fieldManager ?? "slipway";
  const pageSize = options.pageSize ?? 500;
  const kinds = new Map<string, KindInfo>();

  /** One call, retried on transient faults, every error mapped to a ClusterFault naming `object`. */
  const call = <T>(
    verb: string,
    object: string,
    run: () => Promise<T>,
    secrets: string[] = [],
  ): Promise<T> => {
    const site: RequestSite = { host: loaded.host, verb, object, secrets: [...loaded.secrets, ...secrets] };
    return withRetry(async () => {
      try {
        return await run();
      } catch (error) {
        throw toClusterFault(error, site, timeoutMs);
      }
    }, options.retry);
  };

  async function kindInfo(apiVersion: string, kind: string): Promise<KindInfo | null> {
    const key = `${apiVersion}/${kind}`;
    const known = kinds.get(key);
    if (known) return known;
    const resource = await call("GET", `discovery for ${apiVersion}`, () =>
      api.discover(apiVersion, kind).catch((error: unknown) => {
        // The whole group/version is not served (its CRD is not installed): no such kind.
        if (error instanceof ApiException && error.code === 404) return undefined;
        throw error;
      }),
    );
    if (!resource) return null;
    const info = { apiVersion, kind, plural: resource.name, namespaced: resource.namespaced };
    kinds.set(key, info);
    return info;
  }

  /**
   * Discovery is cached for the process's life; a 404 for a whole resource (a version the cluster has
   * stopped serving since: a CRD upgraded, an aggregated API gone) forgets the version, so the next
   * call discovers afresh instead of reading "no such object" from a stale URL.
   */
  const forget = (apiVersion: string) => {
    api.forget(apiVersion);
    for (const key of [...kinds.keys()]) if (key.startsWith(`${apiVersion}/`)) kinds.delete(key);
  };

  /** A 404 for the resource itself, not for an object of it (whose Status names the object). */
  const resourceGone = (error: unknown): boolean =>
    error instanceof ApiException && error.code === 404 && !namesObject(error.body);

  /** The URL of `info` is gone: forgotten, and a fault the caller's one retry recognises. */
  const stale = (info: KindInfo, verb: string, object: string) => {
    forget(info.apiVersion);
    return new StaleDiscovery(
      `Kubernetes API (${loaded.host}) ${verb} ${object}: the cluster no longer serves ${info.apiVersion} ${info.kind}.`,
      object,
    );
  };

  /** Runs a read or delete once more, discovering afresh, when the first found its discovery stale. */
  const rediscovering = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof StaleDiscovery)) throw error;
      return run();
    }
  };

  async function servedKind(group: string, kind: string): Promise<KindInfo | null> {
    const versions = await call("GET", `discovery for ${group || "the core group"}`, () =>
      api.groupVersions(group),
    );
    for (const version of versions) {
      const info = await kindInfo(group === "" ? version : `${group}/${version}`, kind);
      if (info) return info;
    }
    return null;
  }

  /**
   * The kind's discovery, checked against the reference's scope. With `anyVersion` (reads and deletes:
   * one object is the same at every served version), a version no longer served falls back to one that
   * is, so an object recorded at an older version is never taken for absent.
   */
  async function served(ref: ObjectRef, anyVersion = false): Promise<KindInfo | null> {
    const asked = await kindInfo(ref.apiVersion, ref.kind);
    const info = asked ?? (anyVersion ? await servedKind(groupOf(ref.apiVersion), ref.kind) : null);
    if (info?.namespaced && !ref.namespace)
      throw new ClusterFault(
        "invalid",
        `${displayName(ref)} is of a namespaced kind but names no namespace.`,
        {
          object: displayName(ref),
        },
      );
    return info;
  }

  const header = (ref: ObjectRef, info: KindInfo) => ({
    apiVersion: info.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(info.namespaced && ref.namespace ? { namespace: ref.namespace } : {}) },
  });

  async function listPages(scope: ListScope, labelSelector: string, where: string): Promise<KubeObject[]> {
    const items: KubeObject[] = [];
    let token: string | undefined;
    do {
      const page: RawList = await call(
        "LIST",
        where,
        async () =>
          api.list(
            scope.apiVersion,
            scope.kind,
            scope.namespace ?? undefined,
            undefined,
            undefined,
            undefined,
            undefined,
            labelSelector === "" ? undefined : labelSelector,
            pageSize,
            token,
          ) as unknown as RawList,
      );
      // Items of a built-in kind's list carry no apiVersion/kind; the request says what they are.
      for (const item of page.items ?? [])
        items.push({ ...item, apiVersion: scope.apiVersion, kind: scope.kind });
      // The raw JSON's `continue` (the library's typed lists would call it `_continue`).
      token = page.metadata?.continue || undefined;
    } while (token);
    return items;
  }

  return {
    kindInfo,
    servedKind,

    async list(scope, labelSelector) {
      const where = `${scope.kind} in ${scope.namespace ? `namespace ${scope.namespace}` : "the cluster"}`;
      if (!(await kindInfo(scope.apiVersion, scope.kind))) return [];
      try {
        return await listPages(scope, labelSelector, where);
      } catch (error) {
        // 410 Gone: the continuation expired mid-list (the collection moved on); read it again, once.
        if (error instanceof ClusterFault && error.status === 410)
          return listPages(scope, labelSelector, where);
        // A LIST answers 404 only when the resource is not served (any more): never "no objects".
        if (error instanceof ClusterFault && error.status === 404) {
          forget(scope.apiVersion);
          throw new ClusterFault(
            "not-found",
            `Kubernetes API (${loaded.host}) LIST ${where}: the cluster no longer serves ${scope.apiVersion} ${scope.kind}.`,
            { status: 404, object: where },
          );
        }
        throw error;
      }
    },

    get: (ref) =>
      rediscovering(async () => {
        const info = await served(ref, true);
        if (!info) return null;
        return call("GET", displayName(ref), async () => {
          try {
            return (await api.read(header(ref, info))) as unknown as KubeObject;
          } catch (error) {
            if (resourceGone(error)) throw stale(info, "GET", displayName(ref));
            if (error instanceof ApiException && error.code === 404) return null;
            throw error;
          }
        });
      }),

    async apply(object, { dryRun, force }) {
      const ref = refOrFault(object);
      const info = await served(ref);
      if (!info)
        throw new ClusterFault(
          "not-found",
          `The cluster does not serve ${ref.apiVersion} ${ref.kind} (is its CRD installed?); cannot apply ${displayName(ref)}.`,
          { object: displayName(ref) },
        );
      return call(
        dryRun ? "PATCH (dry run)" : "PATCH",
        displayName(ref),
        () => api.applyPatch(object, { fieldManager, force, dryRun }),
        secretValues(object),
      );
    },

    async create(object) {
      const ref = refOrFault(object);
      const info = await served(ref);
      if (!info)
        throw new ClusterFault(
          "not-found",
          `The cluster does not serve ${ref.apiVersion} ${ref.kind}; cannot create ${displayName(ref)}.`,
          { object: displayName(ref) },
        );
      // A create repeated after a lost answer is refused as a conflict, never doubled.
      return call("POST", displayName(ref), () => api.createObject(object, fieldManager));
    },

    delete: (ref, { propagation, dryRun }) =>
      rediscovering(async () => {
        const info = await served(ref, true);
        if (!info) return "absent" as const;
        return call(dryRun ? "DELETE (dry run)" : "DELETE", displayName(ref), async () => {
          try {
            const answer: unknown = await api.delete(
              header(ref, info),
              undefined,
              dryRun ? "All" : undefined,
              undefined,
              undefined,
              propagation,
            );
            // A `Status` when the object went; the object itself, marked, when finalizers hold it.
            return pendingOf(answer) ?? ("deleted" as const);
          } catch (error) {
            if (resourceGone(error)) throw stale(info, "DELETE", displayName(ref));
            if (error instanceof ApiException && error.code === 404) return "absent" as const;
            throw error;
          }
        });
      }),
  };
}

/** A Secret's values, plain and base64, so no error message (a webhook's, a validator's) repeats one. */
function secretValues(object: KubeObject): string[] {
  if (object.kind !== "Secret" || object.apiVersion !== "v1") return [];
  const values: string[] = [];
  for (const field of ["data", "stringData"]) {
    const map = object[field];
    if (typeof map !== "object" || map === null) continue;
    for (const value of Object.values(map)) {
      if (typeof value !== "string") continue;
      values.push(value);
      if (field === "data") values.push(Buffer.from(value, "base64").toString("utf8"));
    }
  }
  return values;
}

function refOrFault(object: KubeObject): ObjectRef {
  const name = object?.metadata?.name;
  if (typeof object?.apiVersion !== "string" || typeof object.kind !== "string" || typeof name !== "string")
    throw new ClusterFault("invalid", "An object to apply needs apiVersion, kind and metadata.name.");
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? null,
    name,
  };
}

/** The ClusterPort for an environment's `cluster` binding (kubeconfig + context, or in-cluster). */
export function connectKubeCluster(
  binding: ClusterBinding,
  options: KubeClusterOptions & LoadOptions = {},
): ClusterPort {
  return kubeCluster(loadKubeConfig(binding, options), options);
}
