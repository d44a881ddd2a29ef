import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadKubeConfig } from "../../src/cluster/kube-config.ts";
import { kubeLeaseStore } from "../../src/cluster/lease/kube-lease-store.ts";
import { LeaderElector } from "../../src/cluster/lease/leader-election.ts";
import { executorLeaseName, LeaseLock } from "../../src/cluster/lease/lease-lock.ts";
import { readLease, toMicroTime } from "../../src/cluster/lease/lease-record.ts";
import type { LeaseStore } from "../../src/cluster/lease/lease-store.ts";
import { checkTiming } from "../../src/cluster/lease/lease-timing.ts";
import { faultOf } from "../cluster/cluster-harness.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { ManualClock } from "./manual-clock.ts";

const RECORD = {
  holderIdentity: "replica-a",
  leaseDurationSeconds: 15,
  acquireTime: Date.UTC(2026, 10, 2, 10, 0, 0, 250),
  renewTime: Date.UTC(2026, 10, 2, 10, 0, 2, 250),
  leaseTransitions: 3,
};

describe("Leases through @kubernetes/client-node", () => {
  let fake: FakeKubernetes;
  let dir: string;
  const storeWith = (token?: string): LeaseStore => {
    const file = join(dir, token ? "other" : "config");
    writeFileSync(file, fake.kubeconfig(token ? { token } : {}));
    return kubeLeaseStore(loadKubeConfig({ kubeconfig: file }), { namespace: "slipway" });
  };
  beforeEach(async () => {
    fake = await startFakeKubernetes();
    fake.namespaces("slipway");
    dir = mkdtempSync(join(tmpdir(), "slipway-lease-store-"));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes MicroTimes with six fraction digits and reads the record back unchanged", async () => {
    const store = storeWith();
    expect(await store.get("slipway-leader")).toBeNull();
    const created = await store.create("slipway-leader", RECORD);
    expect(created.record).toEqual(RECORD);
    const spec = fake.object({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      namespace: "slipway",
      name: "slipway-leader",
    })?.spec;
    expect(spec).toMatchObject({
      acquireTime: "2026-11-02T10:00:00.250000Z",
      renewTime: "2026-11-02T10:00:02.250000Z",
    });
    const read = await store.get("slipway-leader");
    expect(read).toEqual(created);
    const updated = await store.update(
      "slipway-leader",
      { ...RECORD, leaseTransitions: 4 },
      created.resourceVersion,
    );
    expect(updated.record.leaseTransitions).toBe(4);
  });

  it("reports races as conflict faults, and never echoes the token", async () => {
    const store = storeWith();
    const created = await store.create("slipway-leader", RECORD);
    // A replace that changes nothing keeps the resourceVersion (as the API server does); this one moves it.
    await store.update(
      "slipway-leader",
      { ...RECORD, renewTime: RECORD.renewTime + 2000 },
      created.resourceVersion,
    );
    expect((await faultOf(store.create("slipway-leader", RECORD))).kind).toBe("conflict");
    const stale = await faultOf(store.update("slipway-leader", RECORD, created.resourceVersion));
    expect(stale.kind).toBe("conflict");
    expect(stale.message).toContain("PUT Lease slipway/slipway-leader");
    const token = "wrong-token-5f2d8a9c3b";
    const denied = await faultOf(storeWith(token).get("slipway-leader"));
    expect(denied.kind).toBe("auth");
    expect(denied.message).not.toContain(token);
  });

  it("keeps campaigning through API faults without throwing", async () => {
    const clock = new ManualClock();
    const lock = new LeaseLock({
      store: storeWith(),
      name: "slipway-leader",
      identity: "a",
      clock,
      leaseDurationMs: 15_000,
    });
    fake.failNext("get leases", 503);
    const first = await lock.tryAcquireOrRenew();
    expect(first.held).toBe(false);
    expect(first.fault).toMatch(/answered HTTP 503/);
    expect((await lock.tryAcquireOrRenew()).held).toBe(true);
  });
});

describe("lease names, records and timing", () => {
  it("names executor leases per environment and refuses names a Lease cannot carry", () => {
    expect(executorLeaseName("staging")).toBe("slipway-env-staging");
    expect(() => executorLeaseName("Prod/EU")).toThrow(/cannot name a Lease/);
    expect(() => executorLeaseName("")).toThrow(/cannot name a Lease/);
  });

  it("reads a Lease missing fields as held by nobody", () => {
    const lease = readLease({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "x", resourceVersion: "7" },
    });
    expect(lease).toEqual({
      resourceVersion: "7",
      record: {
        holderIdentity: "",
        leaseDurationSeconds: 0,
        acquireTime: null,
        renewTime: null,
        leaseTransitions: 0,
      },
    });
    expect(toMicroTime(Date.UTC(2026, 0, 1))).toBe("2026-01-01T00:00:00.000000Z");
  });

  it("checks the timing invariants client-go checks", () => {
    expect(
      checkTiming({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 }),
    ).toBeDefined();
    expect(() =>
      checkTiming({ leaseDurationMs: 10_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 }),
    ).toThrow(/renew deadline \(10000 ms\) must be shorter than the lease duration/);
    expect(() =>
      checkTiming({ leaseDurationMs: 15_000, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 }),
    ).toThrow(/must exceed 1.2 retry periods/);
    expect(() => checkTiming({ leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200 })).toThrow(
      /whole number of seconds/,
    );
    const lock = new LeaseLock({
      store: {
        get: async () => null,
        create: async () => Promise.reject(),
        update: async () => Promise.reject(),
      },
      name: "l",
      identity: "a",
      clock: new ManualClock(),
      leaseDurationMs: 15_000,
    });
    expect(
      () =>
        new LeaderElector({
          lock,
          callbacks: { onStartedLeading: () => {}, onStoppedLeading: () => {} },
          timing: { renewDeadlineMs: 20_000 },
        }),
    ).toThrow(RangeError);
  });
});
