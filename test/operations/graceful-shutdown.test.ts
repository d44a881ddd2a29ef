import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKubeConfig } from "../../src/cluster/kube-config.ts";
import { campaignUntilShutdown } from "../../src/cluster/lease/campaign.ts";
import { kubeLeaseStore } from "../../src/cluster/lease/kube-lease-store.ts";
import { LeaderElector } from "../../src/cluster/lease/leader-election.ts";
import { systemClock } from "../../src/cluster/lease/lease-clock.ts";
import { executorLeaseName, LeaseLock } from "../../src/cluster/lease/lease-lock.ts";
import { KeyedJobQueue } from "../../src/github/job-queue.ts";
import { shutDownGracefully } from "../../src/lifecycle/graceful-shutdown.ts";
import { Shutdown } from "../../src/lifecycle/shutdown.ts";
import { startFakeKubernetes } from "../fakes/kubernetes/fake.ts";

function recordingLog() {
  const lines: { level: string; message: string; fields: object }[] = [];
  const at = (level: string) => (fields: object, message: string) =>
    void lines.push({ level, message, fields });
  return { lines, log: { info: at("info"), warn: at("warn") } };
}

describe("graceful shutdown", () => {
  it("stops taking work, drains the queue, then runs stop steps (last registered first) and closes the server", async () => {
    const order: string[] = [];
    const shutdown = new Shutdown();
    const queue = new KeyedJobQueue({ log: { error: () => {} } });
    let finish: () => void = () => {};
    queue.enqueue("acme/repo#1", async () => {
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      order.push("job finished");
    });
    shutdown.onStop("first", async () => void order.push("first step"));
    shutdown.onStop("second", async () => void order.push("second step"));
    const { log } = recordingLog();
    const done = shutDownGracefully({
      shutdown,
      queue,
      graceMs: 60_000,
      log,
      closeServer: async () => void order.push("server closed"),
    });
    expect(shutdown.accepting).toBe(false);
    expect(shutdown.signal.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual([]); // still draining
    finish();
    expect(await done).toEqual({ drained: true, abandoned: 0 });
    expect(order).toEqual(["job finished", "second step", "first step", "server closed"]);
  });

  it("abandons jobs when the grace period ends, and a failing step does not stop the others", async () => {
    const shutdown = new Shutdown();
    const queue = new KeyedJobQueue({ log: { error: () => {} } });
    queue.enqueue("acme/repo#2", () => new Promise<void>(() => {}));
    const ran: string[] = [];
    shutdown.onStop("lease", async () => void ran.push("lease"));
    shutdown.onStop("broken", async () => {
      throw new Error("the API server is gone");
    });
    const { lines, log } = recordingLog();
    const report = await shutDownGracefully({
      shutdown,
      queue,
      graceMs: 25_000,
      log,
      closeServer: async () => {},
      sleep: async () => {}, // the grace period is over at once
    });
    expect(report).toEqual({ drained: false, abandoned: 1 });
    expect(ran).toEqual(["lease"]);
    expect(lines.filter((l) => l.level === "warn")).toEqual([
      expect.objectContaining({ fields: { abandoned: 1 } }),
      expect.objectContaining({ fields: { step: "broken", reason: "the API server is gone" } }),
    ]);
  });

  it("releases an executor lease at shutdown, after the leader's work stopped", async () => {
    const fake = await startFakeKubernetes();
    fake.namespaces("slipway");
    const dir = mkdtempSync(join(tmpdir(), "slipway-shutdown-"));
    try {
      writeFileSync(join(dir, "config"), fake.kubeconfig());
      const store = kubeLeaseStore(loadKubeConfig({ kubeconfig: join(dir, "config") }), {
        namespace: "slipway",
      });
      const name = executorLeaseName("production");
      const lock = new LeaseLock({
        store,
        name,
        identity: "replica-a",
        clock: systemClock,
        leaseDurationMs: 15_000,
      });
      let requestsWhenStopped = -1;
      let workSignal: AbortSignal | undefined;
      const elector = new LeaderElector({
        lock,
        callbacks: {
          onStartedLeading: (signal) => {
            workSignal = signal;
          },
          onStoppedLeading: async () => {
            requestsWhenStopped = fake.requests.length;
          },
        },
      });
      const shutdown = new Shutdown();
      const campaign = campaignUntilShutdown(elector, shutdown);
      for (let i = 0; i < 400 && !elector.isLeader(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(elector.isLeader()).toBe(true);
      await shutDownGracefully({
        shutdown,
        queue: new KeyedJobQueue({ log: { error: () => {} } }),
        graceMs: 1_000,
        log: recordingLog().log,
        closeServer: async () => {},
      });
      await campaign;
      expect(workSignal?.aborted).toBe(true);
      const lease = fake.object({
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        namespace: "slipway",
        name,
      });
      expect(lease?.spec).toMatchObject({ holderIdentity: "", leaseDurationSeconds: 1 });
      const release = fake.requests.findIndex((r, i) => i >= requestsWhenStopped && r.method === "PUT");
      expect(requestsWhenStopped).toBeGreaterThan(0);
      expect(release).toBeGreaterThanOrEqual(requestsWhenStopped);
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
