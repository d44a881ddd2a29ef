import { hostname } from "node:os";
import { connectKubeCluster } from "../cluster/kube-cluster.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { Exclusive } from "../server/executor-leases.ts";
import { firstTimeMemory } from "../server/first-time.ts";
import { RolloutTimers } from "../server/rollout-timers.ts";
import { clusterStore } from "../state/cluster-store.ts";
import type { EnvironmentStore } from "../state/environment-store.ts";
import type { PipelineRecordStore } from "../state/pipeline-records.ts";
import { clusterPipelineRecords } from "../state/pipeline-records-cluster.ts";
import { defaultStateDbPath, openSqliteStore, type SqliteStore } from "../state/sqlite-store.ts";
import type { DeploySetup } from "./deploy-events.ts";

export interface DeploySetupOptions {
  /** The executor Leases (`executorLeases`): used for repositories whose state is in the clusters. */
  leases?: (binding: ServerBinding) => Exclusive;
  recovery?: DeploySetup["recovery"];
  /** Defaults to host and process id. */
  executor?: string;
  /** Told each environment's rollout after every executor step (`/metrics`, issue #22). */
  onRollout?: DeploySetup["onRollout"];
}

/**
 * Where each repository's environment state lives (DESIGN.md §4, never both for one environment):
 * in the clusters, beside the inventories, when every environment its binding declares names a
 * cluster; otherwise — embedded mode — in one SQLite file (`SLIPWAY_STATE_DB`, default
 * `./slipway-state.db`). `SLIPWAY_STATE_STORE=sqlite` keeps everything in SQLite. In cluster mode
 * several replicas may run: each environment is drained only by the holder of its executor Lease.
 */
export function deploySetup(
  env: NodeJS.ProcessEnv,
  options: DeploySetupOptions = {},
): DeploySetup & { close(): void; pipelineRecords: NonNullable<DeploySetup["pipelineRecords"]> } {
  let sqlite: SqliteStore | null = null;
  const clusters = new Map<string, EnvironmentStore>();
  const local = () => {
    sqlite ??= openSqliteStore(defaultStateDbPath(env), { clock: () => Date.now() });
    return sqlite;
  };
  const inCluster = (binding: ServerBinding | null): binding is ServerBinding => {
    const environments = Object.values(binding?.environments ?? {});
    return (
      env.SLIPWAY_STATE_STORE !== "sqlite" &&
      environments.length > 0 &&
      environments.every((e) => e.cluster.inCluster || e.cluster.kubeconfig || e.cluster.context)
    );
  };
  const leases = options.leases;
  return {
    env,
    executor: options.executor ?? `${hostname()}-${process.pid}`,
    ...(leases
      ? { exclusive: (_: string, binding) => (inCluster(binding) ? leases(binding) : undefined) }
      : {}),
    ...(options.recovery ? { recovery: options.recovery } : {}),
    ...(options.onRollout ? { onRollout: options.onRollout } : {}),
    rollouts: new RolloutTimers(options.recovery ? { stop: options.recovery.stop } : {}),
    firstTime: firstTimeMemory(),
    store(repository: string, binding: ServerBinding | null): EnvironmentStore {
      if (!inCluster(binding)) return local();
      const environments = Object.entries(binding.environments);
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
    pipelineRecords(repository: string, binding: ServerBinding | null): PipelineRecordStore {
      if (!inCluster(binding)) return local().pipelineRecords(repository);
      // Beside the state of the binding's first environment, in its first namespace.
      const [, first] = Object.entries(binding.environments)[0] as [
        string,
        ServerBinding["environments"][string],
      ];
      return clusterPipelineRecords(
        connectKubeCluster(first.cluster, { env }),
        first.namespaces[0] ?? "default",
        repository,
      );
    },
    close: () => sqlite?.close(),
  };
}
