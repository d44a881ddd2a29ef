import { ApiException } from "@kubernetes/client-node";
import { displayName, type KubeObject, type ObjectRef } from "../render/kube-object.ts";
import { type RequestSite, toClusterFault } from "./cluster-errors.ts";
import {
  ClusterFault,
  type ClusterPort,
  type DeletionPending,
  type KindInfo,
  type ListScope,
} from "./cluster-port.ts";
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

  /** The kind's discovery, checked against the reference's scope. */
  async function served(ref: ObjectRef): Promise<KindInfo | null> {
    const info = await kindInfo(ref.apiVersion, ref.kind);
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
    apiVersion: ref.apiVersion,
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

    async list(scope, labelSelector) {
      const where = `${scope.kind} in ${scope.namespace ? `namespace ${scope.namespace}` : "the cluster"}`;
      if (!(await kindInfo(scope.apiVersion, scope.kind))) return [];
      try {
        return await listPages(scope, labelSelector, where);
      } catch (error) {
        // 410 Gone: the continuation expired mid-list (the collection moved on); read it again, once.
        if (error instanceof ClusterFault && error.status === 410)
          return listPages(scope, labelSelector, where);
        throw error;
      }
    },

    async get(ref) {
      const info = await served(ref);
      if (!info) return null;
      return call("GET", displayName(ref), async () => {
        try {
          return (await api.read(header(ref, info))) as unknown as KubeObject;
        } catch (error) {
          if (error instanceof ApiException && error.code === 404) return null;
          throw error;
        }
      });
    },

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

    async delete(ref, { propagation, dryRun }) {
      const info = await served(ref);
      if (!info) return "absent";
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
          if (error instanceof ApiException && error.code === 404) return "absent" as const;
          throw error;
        }
      });
    },
  };
}

/** The deletion mark of a DELETE's answer that is the object still there, else undefined. */
function pendingOf(answer: unknown): DeletionPending | undefined {
  if (typeof answer !== "object" || answer === null || (answer as { kind?: unknown }).kind === "Status")
    return undefined;
  const meta = (answer as { metadata?: { deletionTimestamp?: unknown; finalizers?: unknown } }).metadata;
  if (typeof meta?.deletionTimestamp !== "string") return undefined;
  const finalizers = Array.isArray(meta.finalizers)
    ? meta.finalizers.filter((f) => typeof f === "string")
    : [];
  return finalizers.length > 0 ? { since: meta.deletionTimestamp, finalizers } : undefined;
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
