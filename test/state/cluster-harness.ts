import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClusterPort } from "../../src/cluster/cluster-port.ts";
import { connectKubeCluster } from "../../src/cluster/kube-cluster.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import {
  emptyPayload,
  encodePayload,
  STORE_KEY,
  type StorePayload,
} from "../../src/state/cluster-payload.ts";
import { type ClusterStoreOptions, clusterStore, storeLocation } from "../../src/state/cluster-store.ts";
import { initialState } from "../../src/state/environment-state.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { type StoreHarness, TestClock } from "./store-harness.ts";

/** Where each test environment is bound: staging and dev in their own namespaces, production first in `prod`. */
export const BINDINGS: Readonly<Record<string, readonly string[]>> = {
  staging: ["ml"],
  production: ["prod", "ml"],
  dev: ["dev"],
};

export const configMapRef = (environment: string) => {
  const at = storeLocation(environment, BINDINGS[environment] ?? []);
  return { apiVersion: "v1", kind: "ConfigMap", namespace: at.namespace, name: at.name };
};

export type ClusterHarness = StoreHarness & {
  fake: FakeKubernetes;
  /** A new connection to the fake, as another replica has. */
  connect(): ClusterPort;
  openWith(options: Partial<ClusterStoreOptions>): ReturnType<typeof clusterStore>;
  /** The payload stored for `environment`, read behind the store's back. */
  payload(environment: string): StorePayload | undefined;
};

/** A fake API server; each `open` is a store on its own adapter connection (another replica). */
export async function startClusterHarness(): Promise<ClusterHarness> {
  const fake = await startFakeKubernetes();
  fake.namespaces("ml", "prod", "dev");
  const dir = mkdtempSync(join(tmpdir(), "slipway-state-kube-"));
  const kubeconfig = join(dir, "config");
  writeFileSync(kubeconfig, fake.kubeconfig({ context: "fake" }));
  const clock = new TestClock();
  const connect = () =>
    connectKubeCluster(
      { kubeconfig, context: "fake" },
      { retry: { sleep: async () => undefined, random: () => 0 } },
    );
  const openWith = (options: Partial<ClusterStoreOptions>) => {
    const port = connect();
    const environments = Object.fromEntries(
      Object.entries(BINDINGS).map(([env, namespaces]) => [env, { port, namespaces }]),
    );
    return clusterStore({ environments, clock: clock.now, ...options });
  };
  const payload = (environment: string): StorePayload | undefined => {
    const stored = fake.object(configMapRef(environment));
    const text = (stored?.data as Record<string, string> | undefined)?.[STORE_KEY];
    return text === undefined ? undefined : JSON.parse(text);
  };
  /** Edits the stored payload as `kubectl edit` would (another field manager), creating the ConfigMap if needed. */
  const edit = (environment: string, mutate: (p: StorePayload) => void) => {
    const ref = configMapRef(environment);
    if (!fake.object(ref)) {
      const seeded: KubeObject = encodePayload(
        emptyPayload(environment),
        { namespace: ref.namespace, name: ref.name },
        null,
      );
      fake.seed(seeded, "kubectl-create");
    }
    fake.editAs("kubectl-edit", ref, (o) => {
      const data = o.data as Record<string, string>;
      const p = JSON.parse(data[STORE_KEY] ?? "{}") as StorePayload;
      mutate(p);
      data[STORE_KEY] = JSON.stringify(p);
    });
  };
  return {
    clock,
    fake,
    connect,
    openWith,
    payload,
    async open(options = {}) {
      return openWith(options);
    },
    writeBehind(environment, change) {
      edit(environment, (p) => {
        const state = p.state ?? initialState(environment, clock.iso());
        change(state);
        state.revision += 1;
        p.state = state;
      });
    },
    corruptIntent(environment, id) {
      edit(environment, (p) => {
        const intent = p.intents.find((i) => i.id === id);
        if (intent) intent.intent = [] as never;
      });
    },
    corruptState(environment) {
      edit(environment, (p) => {
        if (p.state) p.state.phase = "sideways" as never;
      });
    },
    intentLocation: (environment, id) => {
      const ref = configMapRef(environment);
      return [
        `ConfigMap ${ref.namespace}/${ref.name} is corrupt`,
        `(id ${id}).intent: expected an object, found a list`,
      ];
    },
    stateLocation: (environment) => {
      const ref = configMapRef(environment);
      return [`ConfigMap ${ref.namespace}/${ref.name} is corrupt`, "state.phase: expected one of"];
    },
    async close() {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
