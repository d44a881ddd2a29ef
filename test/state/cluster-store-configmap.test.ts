import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClusterFault, type ClusterPort } from "../../src/cluster/cluster-port.ts";
import {
  KEEP_DEPLOYS,
  KEEP_FINISHED,
  MAX_OPEN_INTENTS,
  STORE_KEY,
  STORE_LABEL,
} from "../../src/state/cluster-payload.ts";
import { clusterStore } from "../../src/state/cluster-store.ts";
import { environmentTag, tagOfId } from "../../src/state/intent-ids.ts";
import { BINDINGS, type ClusterHarness, configMapRef, startClusterHarness } from "./cluster-harness.ts";
import { deploy, rejection } from "./store-harness.ts";

describe("cluster environment store: the ConfigMap", () => {
  let h: ClusterHarness;
  beforeEach(async () => {
    h = await startClusterHarness();
  });
  afterEach(async () => h.close());

  const writes = () => h.fake.requests.filter((r) => r.method === "POST" || r.method === "PATCH");

  it("keeps each environment in slipway-state-<env> in its first bound namespace, created once, then applied with the resourceVersion read", async () => {
    const store = await h.open();
    await store.enqueue("production", deploy("c1"), "push");
    const created = h.fake.object(configMapRef("production"))?.metadata.resourceVersion;
    await store.enqueue("production", deploy("c2"), "push");
    const stored = h.fake.object(configMapRef("production"));
    expect(stored?.metadata).toMatchObject({
      name: "slipway-state-production",
      namespace: "prod",
      labels: { "app.kubernetes.io/managed-by": "slipway", [STORE_LABEL]: "production" },
    });
    expect(stored?.metadata.labels?.["slipway.dev/environment"]).toBeUndefined();
    const [create, update] = writes();
    expect([create?.method, create?.path]).toEqual(["POST", "/api/v1/namespaces/prod/configmaps"]);
    expect(update?.method).toBe("PATCH");
    expect(JSON.parse(update?.body ?? "{}").metadata.resourceVersion).toBe(created);
    expect(Object.keys(stored?.data ?? {})).toEqual([STORE_KEY]);
    expect(h.payload("production")?.intents.map((i) => i.intent)).toEqual([deploy("c1"), deploy("c2")]);
  });

  it("survives a restart: a new store on a new connection finds the queue, state, records and approvals", async () => {
    const first = await h.open();
    const { intent } = await first.enqueue("staging", deploy("c1"), "push");
    await first.updateState("staging", (s) => ({ ...s, appliedCommit: "c0" }));
    await first.recordDeploy({
      environment: "staging",
      commit: "c0",
      models: { fraud: "7" },
      outcome: "success",
      gatesPassed: true,
      at: h.clock.iso(),
    });
    await first.addApproval({ environment: "staging", commit: "c1", login: "alice", at: h.clock.iso() });
    const after = await h.open();
    expect(await after.position(intent.id)).toBe(1);
    expect((await after.readState("staging")).appliedCommit).toBe("c0");
    expect((await after.deploys("staging"))[0]?.models).toEqual({ fraud: "7" });
    expect((await after.approvals("staging", "c1")).map((a) => a.login)).toEqual(["alice"]);
    expect((await after.claimNext("staging", "exec-2", h.clock.iso(-1)))?.id).toBe(intent.id);
  });

  it("gives ids that name their environment, so position and finish need no environment", async () => {
    const store = await h.open();
    const s = await store.enqueue("staging", deploy("c1"), "push");
    const p = await store.enqueue("production", deploy("c1"), "push");
    expect([tagOfId(s.intent.id), tagOfId(p.intent.id)]).toEqual([
      environmentTag("staging"),
      environmentTag("production"),
    ]);
    await store.finish(p.intent.id, "cancelled", "not needed");
    expect(await store.position(s.intent.id)).toBe(1);
    expect((await store.list("production"))[0]?.status).toBe("cancelled");
    const foreign = 5 * 2 ** 24 + environmentTag("qa");
    expect(await store.position(foreign)).toBeNull();
    expect(await rejection(store.finish(foreign, "done", null))).toMatchObject({ reason: "not-found" });
    expect(await rejection(store.enqueue("qa", deploy("c1"), "push"))).toMatchObject({
      reason: "invalid",
      message: "environment qa is not bound to this server's cluster store",
    });
  });

  it("keeps the last 50 finished intents and 50 deploy records", async () => {
    const store = await h.open();
    for (let i = 0; i < KEEP_FINISHED + 5; i++) {
      const { intent } = await store.enqueue("staging", deploy(`c${i}`), "push");
      await store.finish(intent.id, "cancelled", null);
    }
    await store.enqueue("staging", deploy("open"), "push");
    const kept = await store.list("staging");
    expect(kept).toHaveLength(KEEP_FINISHED + 1);
    expect(kept[0]?.intent).toEqual(deploy("c5"));
    for (let i = 0; i < KEEP_DEPLOYS + 3; i++)
      await store.recordDeploy({
        environment: "staging",
        commit: `c${i}`,
        models: {},
        outcome: "success",
        gatesPassed: true,
        at: h.clock.iso(),
      });
    const records = await store.deploys("staging");
    expect(records).toHaveLength(KEEP_DEPLOYS);
    expect([records[0]?.commit, records.at(-1)?.commit]).toEqual([`c${KEEP_DEPLOYS + 2}`, "c3"]);
  });

  it("refuses to queue beyond 500 waiting intents, and writes nothing then", async () => {
    h.writeBehind("staging", () => undefined);
    const store = await h.open();
    for (let i = 0; i < MAX_OPEN_INTENTS; i++) await store.enqueue("staging", deploy(`c${i}`), "push");
    const before = h.fake.object(configMapRef("staging"))?.metadata.resourceVersion;
    const full = await rejection(store.enqueue("staging", deploy("one-more"), "push"));
    expect(full).toMatchObject({ name: "StateError", reason: "full" });
    expect(full.message).toBe(
      "500 intents already wait in line for staging (at most 500); nothing was queued — let the executor catch up or cancel some",
    );
    expect(h.fake.object(configMapRef("staging"))?.metadata.resourceVersion).toBe(before);
    expect((await store.enqueue("staging", deploy("c7"), "push")).position).toBe(8);
  }, 60_000);

  it("refuses a record that would not fit in a ConfigMap, naming it", async () => {
    const store = await h.open();
    const models = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`model-${i}-${"m".repeat(240)}`, "v".repeat(250)]),
    );
    const record = {
      environment: "staging",
      commit: "c1",
      models,
      outcome: "success" as const,
      gatesPassed: true,
      at: h.clock.iso(),
    };
    for (let i = 0; i < 3; i++) await store.recordDeploy(record);
    const error = await rejection(store.recordDeploy(record));
    expect(error).toMatchObject({ name: "StateError", reason: "full" });
    expect(error.message).toMatch(
      /more than one ConfigMap ml\/slipway-state-staging holds \(921600\); nothing was written$/,
    );
    expect(await store.deploys("staging")).toHaveLength(3);
  });

  it("re-reads and runs the operation again on a 409, and passes other cluster faults on as they are", async () => {
    const store = await h.open();
    await store.enqueue("staging", deploy("c1"), "push");
    h.fake.failNext("patch configmaps", 409);
    expect((await store.enqueue("staging", deploy("c2"), "push")).position).toBe(2);
    expect(h.fake.requests.filter((r) => r.verb === "patch").map((r) => r.status)).toEqual([409, 200]);
    h.fake.failNext("get configmaps", 403);
    const forbidden = await rejection(store.list("staging"));
    expect(forbidden).toBeInstanceOf(ClusterFault);
    expect(forbidden.message).toContain(
      'cannot get resource "configmaps" in API group "" in the namespace "ml"',
    );
    expect(forbidden.message).not.toContain(h.fake.token);
  });

  it("recognises its own write when the answer was lost, and does not apply it twice", async () => {
    const real = h.connect();
    let lose = true;
    const lossy: ClusterPort = {
      ...real,
      async apply(object, options) {
        const written = await real.apply(object, options);
        if (!lose) return written;
        lose = false;
        // What the adapter reports when it retried a timed-out PATCH that had landed: the version moved.
        throw new ClusterFault("conflict", "HTTP 409 Conflict: the object has been modified");
      },
    };
    const environments = Object.fromEntries(
      Object.entries(BINDINGS).map(([env, namespaces]) => [env, { port: lossy, namespaces }]),
    );
    const store = clusterStore({ environments, clock: h.clock.now });
    await store.enqueue("staging", deploy("c1"), "push");
    let calls = 0;
    const next = await store.updateState("staging", (s) => {
      calls += 1;
      return { ...s, appliedCommit: `c${calls}` };
    });
    expect([calls, next.revision, next.appliedCommit]).toEqual([1, 1, "c1"]);
    expect(await store.readState("staging")).toEqual(next);
  });

  it("refuses two bound environments whose names share an id tag", () => {
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair && i < 100_000; i++) {
      const name = `env-${i}`;
      const other = seen.get(environmentTag(name));
      if (other) pair = [other, name];
      seen.set(environmentTag(name), name);
    }
    expect(pair).toBeDefined();
    const [a = "", b = ""] = pair ?? [];
    const port = h.connect();
    expect(() =>
      clusterStore({
        environments: { [a]: { port, namespaces: ["ml"] }, [b]: { port, namespaces: ["ml"] } },
        clock: h.clock.now,
      }),
    ).toThrow(`environments ${a} and ${b} hash to the same intent id tag`);
  });
});
