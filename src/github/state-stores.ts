import { hostname } from "node:os";
import { connectKubeCluster } from "../cluster/kube-cluster.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { clusterStore } from "../state/cluster-store.ts";
import type { EnvironmentStore } from "../state/environment-store.ts";
import { defaultStateDbPath, openSqliteStore, type SqliteStore } from "../state/sqlite-store.ts";
import type { DeploySetup } from "./deploy-events.ts";

/**
 * Where each repository's environment state lives (DESIGN.md §4, never both for one environment):
 * in the clusters, beside the inventories, when every environment its binding declares names a
 * cluster; otherwise — embedded mode — in one SQLite file (`SLIPWAY_STATE_DB`, default
 * `./slipway-state.db`). `SLIPWAY_STATE_STORE=sqlite` keeps everything in SQLite.
 */
export function deploySetup(env: NodeJS.ProcessEnv): DeploySetup & { close(): void } {
  let sqlite: SqliteStore | null = null;
  const clusters = new Map<string, EnvironmentStore>();
  const local = () => {
    sqlite ??= openSqliteStore(defaultStateDbPath(env), { clock: () => Date.now() });
    return sqlite;
  };
  return {
    env,
    executor: `${hostname()}-${process.pid}`,
    store(repository: string, binding: ServerBinding | null): EnvironmentStore {
      const environments = Object.entries(binding?.environments ?? {});
      const inCluster =
        env.SLIPWAY_STATE_STORE !== "sqlite" &&
        environments.length > 0 &&
        environments.every(([, e]) => e.cluster.inCluster || e.cluster.kubeconfig || e.cluster.context);
      if (!inCluster) return local();
      let store = clusters.get(repository);
      if (!store) {
        store = clusterStore({
          environments: Object.fromEntries(
            environments.map(([name, e]) => [
              name,
              { port: connectKubeCluster(e.cluster, { env }), namespaces: e.namespaces },
            ]),
          ),
          clock: () => Date.now(),
        });
        clusters.set(repository, store);
      }
      return store;
    },
    close: () => sqlite?.close(),
  };
}
