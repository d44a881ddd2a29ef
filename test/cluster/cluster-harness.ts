import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClusterFault, type ClusterPort } from "../../src/cluster/cluster-port.ts";
import { connectKubeCluster, type KubeClusterOptions } from "../../src/cluster/kube-cluster.ts";
import {
  type FakeKubernetes,
  type FakeKubernetesOptions,
  startFakeKubernetes,
} from "../fakes/kubernetes/fake.ts";

export interface Harness {
  readonly fake: FakeKubernetes;
  readonly cluster: ClusterPort;
  /** Every backoff the adapter asked to sleep, in order (sleeps return at once). */
  readonly sleeps: number[];
  /** Where the kubeconfig was written. */
  readonly kubeconfig: string;
  close(): Promise<void>;
}

/** A fake API server, a kubeconfig file pointing at it, and the adapter connected through that file. */
export async function startHarness(
  options: {
    fake?: FakeKubernetesOptions;
    client?: KubeClusterOptions;
    namespaces?: readonly string[];
    /** Puts RBAC in place and names the user the adapter connects as (default: the administrator). */
    user?: (fake: FakeKubernetes) => Promise<string | undefined>;
  } = {},
): Promise<Harness> {
  const fake = await startFakeKubernetes(options.fake);
  fake.namespaces(...(options.namespaces ?? ["ml"]));
  const user = await options.user?.(fake);
  const dir = mkdtempSync(join(tmpdir(), "slipway-kube-"));
  const kubeconfig = join(dir, "config");
  writeFileSync(kubeconfig, fake.kubeconfig({ context: "staging", ...(user ? { user } : {}) }));
  const sleeps: number[] = [];
  const cluster = connectKubeCluster(
    { kubeconfig, context: "staging" },
    {
      ...options.client,
      retry: {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 1,
        ...options.client?.retry,
      },
    },
  );
  return {
    fake,
    cluster,
    sleeps,
    kubeconfig,
    close: async () => {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The ClusterFault a promise rejects with; fails the test when it resolves or throws anything else. */
export async function faultOf(promise: Promise<unknown>): Promise<ClusterFault> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClusterFault) return error;
    throw new Error(`expected a ClusterFault, got ${String(error)}`);
  }
  throw new Error("expected a ClusterFault, but the call succeeded");
}
