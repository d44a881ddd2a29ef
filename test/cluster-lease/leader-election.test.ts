import { afterEach, describe, expect, it } from "vitest";
import { type Election, startElection } from "./election-harness.ts";

const REF = {
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  namespace: "slipway",
  name: "slipway-leader",
};

interface LeaseSpec {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string;
  renewTime: string;
  leaseTransitions: number;
}

describe("leader election on a Lease: two replicas against the fake API server", () => {
  let election: Election;
  afterEach(async () => election.close());

  const lease = () => election.fake.object(REF)?.spec as LeaseSpec;
  const leader = () => [...election.leaders][0];
  const twoReplicas = async () => {
    election = await startElection();
    const a = election.replica("replica-a");
    const b = election.replica("replica-b");
    await election.until(() => election.leaders.size === 1, "one leader");
    const [first, second] = leader() === "replica-a" ? [a, b] : [b, a];
    return { leading: first, waiting: second };
  };

  it("elects exactly one leader, which keeps the lease by renewing it", async () => {
    const { leading, waiting } = await twoReplicas();
    const start = election.clock.now();
    await election.until(() => election.clock.now() >= start + 120_000, "two minutes of renewals");
    expect(election.leaders).toEqual(new Set([leading.identity]));
    expect(waiting.elector.isLeader()).toBe(false);
    expect(election.overlaps).toEqual([]);
    const spec = lease();
    expect(spec).toMatchObject({
      holderIdentity: leading.identity,
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    expect(spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(spec.renewTime)).toBeGreaterThan(Date.parse(spec.acquireTime));
    // A renewal every retry period (2 s): about 60 in two minutes, each a conditional PUT.
    const puts = election.fake.requests.filter((r) => r.method === "PUT" && r.status === 200);
    expect(puts.length).toBeGreaterThanOrEqual(55);
    expect(puts.every((r) => JSON.parse(r.body).metadata.resourceVersion !== undefined)).toBe(true);
  });

  it("fails over when the leader cannot reach the API: it stops before the other starts, after the lease expired", async () => {
    const { leading, waiting } = await twoReplicas();
    await election.until(
      () => election.clock.now() >= Date.parse(lease().acquireTime) + 9_000,
      "a few renewals",
    );
    const lastRenew = Date.parse(lease().renewTime);
    leading.store.mode = "down";
    await election.until(() => election.leaders.has(waiting.identity), "the other replica leading");
    const stopped = election.events.find((e) => e.what === `stopped:${leading.identity}`);
    const started = election.events.find((e) => e.what === `started:${waiting.identity}`);
    expect(stopped?.at).toBe(lastRenew + 10_000); // the renew deadline
    expect(started && stopped && started.at > stopped.at).toBe(true);
    expect(started?.at).toBeGreaterThanOrEqual(lastRenew + 15_000); // not before the lease expired
    expect(election.overlaps).toEqual([]);
    expect(lease()).toMatchObject({ holderIdentity: waiting.identity, leaseTransitions: 1 });
    expect(Date.parse(lease().acquireTime)).toBe(started?.at);
  });

  it("gives up leadership at the renew deadline when a renewal hangs, not when it answers", async () => {
    const { leading, waiting } = await twoReplicas();
    const lastRenew = Date.parse(lease().renewTime);
    leading.store.mode = "hung";
    await election.until(() => !election.leaders.has(leading.identity), "the hung leader stepping down");
    expect(election.events.at(-1)).toEqual({ what: `stopped:${leading.identity}`, at: lastRenew + 10_000 });
    expect(leading.elector.isLeader()).toBe(false);
    await election.until(() => election.leaders.has(waiting.identity), "the other replica leading");
    expect(election.overlaps).toEqual([]);
  });

  it("hands the lease over at once when the leader releases it on shutdown", async () => {
    const { leading, waiting } = await twoReplicas();
    leading.stop.abort();
    await leading.done;
    const stoppedAt = election.clock.now();
    const release = election.fake.requests.filter((r) => r.method === "PUT").at(-1);
    expect(JSON.parse(release?.body ?? "{}").spec).toMatchObject({
      holderIdentity: "",
      leaseDurationSeconds: 1,
    });
    await election.until(() => election.leaders.has(waiting.identity), "the other replica leading");
    const started = election.events.find((e) => e.what === `started:${waiting.identity}`);
    // At its next try (2 s and jitter), far sooner than the 15 s a lease that is not released lasts.
    expect((started?.at ?? Number.POSITIVE_INFINITY) - stoppedAt).toBeLessThanOrEqual(2_000 * 2.2);
    expect(lease()).toMatchObject({
      holderIdentity: waiting.identity,
      leaseDurationSeconds: 15,
      leaseTransitions: 1,
    });
    expect(election.overlaps).toEqual([]);
  });

  it("loses a create race with a 409 and keeps campaigning", async () => {
    election = await startElection();
    // Both read "no lease" before either creates one, so both create: one gets 201, the other 409.
    let arrived = 0;
    let open: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      open = resolve;
    });
    const lineUp = async () => {
      if (++arrived === 2) open();
      await barrier;
    };
    for (const identity of ["replica-a", "replica-b"]) election.replica(identity).store.hold = lineUp;
    await election.until(() => election.leaders.size === 1, "one leader");
    const creates = election.fake.requests.filter((r) => r.method === "POST");
    expect(creates.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(JSON.parse(creates.find((r) => r.status === 409)?.body ?? "{}").spec.holderIdentity).not.toBe(
      leader(),
    );
    const polls = election.fake.requests.length;
    await election.until(() => election.fake.requests.length > polls + 10, "more campaigning");
    expect(election.overlaps).toEqual([]);
  });

  it("steps down at once when someone else writes the lease (its renewal gets 409 Conflict)", async () => {
    const { leading, waiting } = await twoReplicas();
    const before = election.clock.now();
    election.fake.editAs("kubectl-edit", REF, (o) => {
      (o.spec as LeaseSpec).holderIdentity = "operator";
    });
    await election.until(() => election.leaders.size === 0, "the leader stepping down");
    const stale = election.fake.requests.filter((r) => r.method === "PUT" && r.status === 409);
    expect(stale.length).toBeGreaterThanOrEqual(1);
    expect(election.clock.now() - before).toBeLessThanOrEqual(2_000);
    // The operator's holder is respected for a full lease duration, then one replica takes over again.
    await election.until(() => election.leaders.size === 1, "a new leader");
    expect(election.clock.now() - before).toBeGreaterThanOrEqual(15_000);
    expect(lease().leaseTransitions).toBe(1);
    expect([leading.identity, waiting.identity]).toContain(leader());
    expect(election.overlaps).toEqual([]);
  });
});
