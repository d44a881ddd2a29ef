import { resolve } from "node:path";
import type { DesiredSource } from "../cluster/apply/live-plan.ts";
import type { ClusterPort } from "../cluster/cluster-port.ts";
import type { InventoryLocation } from "../cluster/inventory/inventory-codec.ts";
import { inventoryLocation } from "../cluster/inventory/inventory-store.ts";
import { connectKubeCluster } from "../cluster/kube-cluster.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import { validateRepo } from "../manifests/validate-repo.ts";
import { servedVersionsFrom } from "../plan/served-versions.ts";
import type { EnvironmentBinding } from "../render/render-context.ts";
import { renderEnvironment } from "../render/render-environment.ts";
import type { CliIo } from "./io.ts";

/** Whether the environment's binding names a cluster to read and write (else plans stay offline). */
export function hasCluster(binding: EnvironmentBinding): boolean {
  const c = binding.cluster;
  return Boolean(c.inCluster || c.kubeconfig || c.context);
}

export interface LiveTarget {
  port: ClusterPort;
  inventoryAt: InventoryLocation;
}

/**
 * The environment's cluster. The engine retries each request itself (so the report can count them),
 * so the adapter makes one attempt. A relative kubeconfig path is taken from the working directory.
 */
export function liveTarget(environment: string, binding: EnvironmentBinding, io: CliIo): LiveTarget {
  const cluster = { ...binding.cluster };
  if (cluster.kubeconfig) cluster.kubeconfig = resolve(io.cwd, cluster.kubeconfig);
  return {
    port: connectKubeCluster(cluster, { env: io.env, retry: { maxAttempts: 1 } }),
    inventoryAt: inventoryLocation(environment, binding.namespaces),
  };
}

/**
 * How to render the environment from what it runs: the versions Models serve now (for canaries)
 * come from the live objects the plan reads anyway.
 */
export function renderFromLive(
  snapshot: PlatformSnapshot,
  environment: string,
  binding: EnvironmentBinding,
  commit: string,
): DesiredSource {
  return (live) =>
    renderEnvironment({ snapshot, environment, binding, commit, servedVersions: servedVersionsFrom(live) });
}

/**
 * The platform repository at an earlier commit, validated (without the server binding: its names were
 * checked when that commit was applied) — what a rollback renders.
 */
export function snapshotOf(tree: SourceTree): PlatformSnapshot {
  const result = validateRepo(tree, { binding: null });
  if (!result.ok) throw new Error(`it does not validate (${result.summary.errors} error(s))`);
  return result.snapshot;
}
