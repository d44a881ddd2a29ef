import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ClusterPort } from "../../src/cluster/cluster-port.ts";
import { connectKubeCluster } from "../../src/cluster/kube-cluster.ts";
import { type Election, type Replica, startElection, tracked } from "./election-harness.ts";

/**
 * Issue #10: "two in-process instances against the fake Kubernetes API: one leader, failover after the
 * lease expires, no double apply". Each replica works through a shared list of intents only while it
 * leads, checking `isLeader()` before every write, as the environment executor does.
 */
describe("work under an executor lease", () => {
  let election: Election;
  let dir: string;
  afterEach(async () => {
    await election.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies every intent exactly once across a failover, only from the replica leading", async () => {
    election = await startElection("slipway-env-staging");
    election.fake.namespaces("ml");
    dir = mkdtempSync(join(tmpdir(), "slipway-work-"));
    writeFileSync(join(dir, "config"), election.fake.kubeconfig());
    const intents = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ n, done: false }));
    const applied: { n: number; by: string; at: number }[] = [];

    const worker = (identity: string, cluster: ClusterPort) => {
      let loop: Promise<void> = Promise.resolve();
      return {
        onStartedLeading: (leading: AbortSignal) => {
          loop = (async () => {
            for (;;) {
              const next = intents.find((i) => !i.done);
              if (!next || leading.aborted || !replicas.get(identity)?.elector.isLeader()) return;
              await tracked(() =>
                cluster.apply(
                  {
                    apiVersion: "v1",
                    kind: "ConfigMap",
                    metadata: { name: `intent-${next.n}`, namespace: "ml" },
                    data: { appliedBy: identity },
                  },
                  { dryRun: false, force: true },
                ),
              );
              next.done = true;
              applied.push({ n: next.n, by: identity, at: election.clock.now() });
              await election.clock.sleep(3_000, leading);
            }
          })();
        },
        // The lease is released only after the work in hand has finished.
        onStoppedLeading: () => loop,
      };
    };
    const replicas = new Map<string, Replica>();
    for (const identity of ["replica-a", "replica-b"]) {
      const cluster = connectKubeCluster({ kubeconfig: join(dir, "config") });
      replicas.set(identity, election.replica(identity, worker(identity, cluster)));
    }

    await election.until(() => applied.length >= 3, "three intents applied");
    const first = applied[0]?.by ?? "";
    const leader = replicas.get(first) as Replica;
    leader.store.mode = "down"; // it can still reach the cluster, but can no longer renew its lease
    await election.until(() => intents.every((i) => i.done), "every intent applied");

    const patches = election.fake
      .requestsFor("patch", "configmaps")
      .filter((r) => r.status === 200 || r.status === 201);
    const byName = Map.groupBy(patches, (r) => r.name);
    expect([...byName.keys()].sort()).toEqual(intents.map((i) => `intent-${i.n}`).sort());
    expect([...byName.values()].every((requests) => requests.length === 1)).toBe(true);
    const second = applied.find((a) => a.by !== first);
    expect(second).toBeDefined();
    // Everything the old leader applied came before anything the new one applied.
    const lastOfFirst = Math.max(...applied.filter((a) => a.by === first).map((a) => a.at));
    expect(lastOfFirst).toBeLessThan(second?.at ?? 0);
    const stopped = election.events.find((e) => e.what === `stopped:${first}`);
    expect(lastOfFirst).toBeLessThan(stopped?.at ?? 0);
    expect(election.overlaps).toEqual([]);
    expect(
      election.fake.object({ apiVersion: "v1", kind: "ConfigMap", namespace: "ml", name: "intent-8" })?.data,
    ).toEqual({
      appliedBy: second?.by,
    });
  });
});
