import { randomUUID } from "node:crypto";
import { type ClusterPort, isClusterFault } from "../cluster/cluster-port.ts";
import {
  checkApproval,
  checkDeployRecord,
  checkEnvironment,
  checkInstant,
  checkIntent,
  checkLimit,
  checkName,
  nextState,
} from "./check-input.ts";
import {
  decodePayload,
  describeLocation,
  emptyPayload,
  encodePayload,
  KEEP_WRITES,
  type StoreLocation,
  type StorePayload,
} from "./cluster-payload.ts";
import { claimIn, enqueueIn, finishIn, type Outcome, positionIn, trimPayload } from "./cluster-queue.ts";
import { type CasOptions, compareAndSet } from "./compare-and-set.ts";
import { initialState } from "./environment-state.ts";
import type { EnvironmentStore } from "./environment-store.ts";
import { environmentsByTag, tagOfId } from "./intent-ids.ts";
import { checkFinishStatus, checkStatuses } from "./queued-intent.ts";
import { isoAt } from "./state-bounds.ts";
import { StateError } from "./state-error.ts";

export interface ClusterStoreEnvironment {
  /** The environment's cluster (its binding's context or credentials). */
  port: ClusterPort;
  /** The binding's namespaces; the store lives in the first, beside the inventory. */
  namespaces: readonly string[];
}

export interface ClusterStoreOptions extends CasOptions {
  /** Every bound environment, by name: an intent id is found among these. */
  environments: Readonly<Record<string, ClusterStoreEnvironment>>;
  /** Milliseconds since the epoch (`Date.now`). */
  clock: () => number;
  /** A unique token per write (default: a random UUID). */
  token?: () => string;
}

/** `slipway-state-<env>` in the environment's first bound namespace, like `slipway-inventory-<env>`. */
export function storeLocation(environment: string, namespaces: readonly string[]): StoreLocation {
  return { namespace: namespaces[0] ?? "default", name: `slipway-state-${environment}` };
}

/**
 * The environment store kept in the cluster (DESIGN.md §4): one ConfigMap per environment holding its
 * queue, state record, last deploy records and approvals as JSON. Every change is read → change →
 * write with the resourceVersion read (a create when there is none yet); a 409 means another replica
 * wrote in between, and the change is run again on what it left. Each write carries a token, so a write
 * whose answer was lost and that did land is recognised rather than applied twice.
 */
export function clusterStore(options: ClusterStoreOptions): EnvironmentStore {
  const byTag = environmentsByTag(Object.keys(options.environments));
  const token = options.token ?? randomUUID;
  const now = () => isoAt(options.clock());

  const bound = (environment: string) => {
    const env = checkEnvironment(environment);
    const binding = options.environments[env];
    if (!binding)
      throw new StateError("invalid", `environment ${env} is not bound to this server's cluster store`);
    return { env, port: binding.port, at: storeLocation(env, binding.namespaces) };
  };

  async function load(environment: string): Promise<{ payload: StorePayload; rv: string | null }> {
    const { env, port, at } = bound(environment);
    const got = await port.get({
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace: at.namespace,
      name: at.name,
    });
    if (!got) return { payload: emptyPayload(env), rv: null };
    const rv = got.metadata.resourceVersion;
    return { payload: decodePayload(got, at, env), rv: typeof rv === "string" ? rv : null };
  }

  async function change<T>(environment: string, op: (payload: StorePayload) => Outcome<T>): Promise<T> {
    const { port, at } = bound(environment);
    const written = await compareAndSet(
      options,
      `the environment store ${describeLocation(at)}`,
      async () => {
        const read = await load(environment);
        const out = op(read.payload);
        if (!out.changed) return { value: out.result };
        const mine = token();
        read.payload.writes = [...read.payload.writes, mine].slice(-KEEP_WRITES);
        trimPayload(read.payload);
        const object = encodePayload(read.payload, at, read.rv);
        try {
          if (read.rv === null) await port.create(object);
          else await port.apply(object, { dryRun: false, force: true });
          return { value: out.result };
        } catch (error) {
          if (!isClusterFault(error) || error.kind !== "conflict") throw error;
          // Another writer got in first — or this write landed and its answer was lost on the way.
          const again = await load(environment);
          return again.payload.writes.includes(mine) ? { value: out.result } : null;
        }
      },
    );
    return written.value;
  }

  const environmentOf = (id: number) =>
    Number.isSafeInteger(id) && id > 0 ? byTag.get(tagOfId(id)) : undefined;

  return {
    async enqueue(environment, intent, requestedBy) {
      const checked = checkIntent(intent);
      const by = checkName(requestedBy, "requestedBy");
      return change(environment, (p) => enqueueIn(p, checked, by, now()));
    },

    async position(id) {
      const env = environmentOf(id);
      return env === undefined ? null : positionIn((await load(env)).payload, id);
    },

    async claimNext(environment, executor, staleBefore) {
      const me = checkName(executor, "the executor");
      const stale = checkInstant(staleBefore, "staleBefore");
      return change(environment, (p) => claimIn(p, me, stale, now()));
    },

    async finish(id, status, note) {
      const wanted = checkFinishStatus(status);
      const env = environmentOf(id);
      if (env === undefined) throw new StateError("not-found", `no bound environment has intent #${id}`);
      const where = describeLocation(bound(env).at);
      await change(env, (p) => finishIn(p, id, wanted, note === null ? null : String(note), now(), where));
    },

    async list(environment, statuses) {
      const wanted = checkStatuses(statuses);
      const { payload } = await load(environment);
      return payload.intents.filter((i) => wanted.includes(i.status));
    },

    async readState(environment) {
      const { payload } = await load(environment);
      return payload.state ?? initialState(payload.environment, now());
    },

    async updateState(environment, changeState) {
      return change(environment, (p) => {
        const current = p.state ?? initialState(p.environment, now());
        p.state = nextState(current, changeState(structuredClone(current)), now());
        return { result: p.state, changed: true };
      });
    },

    async recordDeploy(record) {
      const checked = checkDeployRecord(record);
      await change(checked.environment, (p) => {
        p.deploys.unshift(checked);
        return { result: undefined, changed: true };
      });
    },

    async deploys(environment, limit) {
      const max = checkLimit(limit);
      const { payload } = await load(environment);
      return payload.deploys.slice(0, max);
    },

    async addApproval(approval) {
      const a = checkApproval(approval);
      await change(a.environment, (p) => {
        if (p.approvals.some((x) => x.commit === a.commit && x.login === a.login))
          return { result: undefined, changed: false };
        p.approvals.push(a);
        return { result: undefined, changed: true };
      });
    },

    async approvals(environment, commit) {
      const sha = checkName(commit, "the commit");
      const { payload } = await load(environment);
      return payload.approvals.filter((a) => a.commit === sha);
    },
  };
}
