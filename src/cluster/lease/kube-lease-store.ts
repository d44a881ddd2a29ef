import { ApiException, HttpMethod } from "@kubernetes/client-node";
import type { KubeObject } from "../../render/kube-object.ts";
import { type RequestSite, toClusterFault } from "../cluster-errors.ts";
import type { LoadedKubeConfig } from "../kube-config.ts";
import { RawObjectApi } from "../raw-object-api.ts";
import { leaseObject, readLease, type StoredLease } from "./lease-record.ts";
import type { LeaseStore } from "./lease-store.ts";

/** Create (`POST`) and replace (`PUT`) sending the Lease as JSON untouched, like `applyPatch`. */
class LeaseApi extends RawObjectApi {
  async write(method: "POST" | "PUT", object: KubeObject, fieldManager: string): Promise<KubeObject> {
    const path = await this.specUriPath(object, method === "POST" ? "create" : "replace");
    const ctx = this.configuration.baseServer.makeRequestContext(
      path,
      method === "POST" ? HttpMethod.POST : HttpMethod.PUT,
    );
    ctx.setHeaderParam("Accept", "application/json");
    ctx.setHeaderParam("Content-Type", "application/json");
    ctx.setQueryParam("fieldManager", fieldManager);
    ctx.setBody(JSON.stringify(object));
    return (await this.requestPromise(ctx)) as unknown as KubeObject;
  }
}

export interface KubeLeaseStoreOptions {
  readonly namespace: string;
  /** Per request; below the renew deadline so a hung request cannot outlive it (default 5 s). */
  readonly timeoutMs?: number;
  readonly fieldManager?: string;
}

/**
 * Leases in one namespace through `@kubernetes/client-node`, with the adapter's fault mapping (tokens
 * scrubbed). No retries here: the elector tries again every retry period, and a write must not be
 * repeated blindly once it may have landed — its resourceVersion decides.
 */
export function kubeLeaseStore(loaded: LoadedKubeConfig, options: KubeLeaseStoreOptions): LeaseStore {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const fieldManager = options.fieldManager ?? "slipway";
  const api = loaded.kc.makeApiClient(LeaseApi);
  api.timeoutMs = timeoutMs;
  const { namespace } = options;

  const call = async <T>(verb: string, name: string, run: () => Promise<T>): Promise<T> => {
    const site: RequestSite = {
      host: loaded.host,
      verb,
      object: `Lease ${namespace}/${name}`,
      secrets: loaded.secrets,
    };
    try {
      return await run();
    } catch (error) {
      throw toClusterFault(error, site, timeoutMs);
    }
  };

  const header = (name: string) => ({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name, namespace },
  });

  return {
    get: (name) =>
      call("GET", name, async (): Promise<StoredLease | null> => {
        try {
          return readLease((await api.read(header(name))) as unknown as KubeObject);
        } catch (error) {
          if (error instanceof ApiException && error.code === 404) return null;
          throw error;
        }
      }),
    create: (name, record) =>
      call("POST", name, async () =>
        readLease(await api.write("POST", leaseObject(name, namespace, record), fieldManager)),
      ),
    update: (name, record, resourceVersion) =>
      call("PUT", name, async () =>
        readLease(
          await api.write("PUT", leaseObject(name, namespace, record, resourceVersion), fieldManager),
        ),
      ),
  };
}
