import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadKubeConfig } from "../../src/cluster/kube-config.ts";
import { kubeLeaseStore } from "../../src/cluster/lease/kube-lease-store.ts";
import { BlobCache } from "../../src/github/blob-cache.ts";
import type { DeployContext } from "../../src/github/deploy-events.ts";
import { type MonitorExclusive, monitorLeaseIn } from "../../src/github/monitor-lease.ts";
import { githubRepoReads } from "../../src/github/repo-reads-github.ts";
import { createSlipwayMetrics } from "../../src/metrics/slipway-metrics.ts";
import { startRetrainLoop } from "../../src/server/retrain-loop.ts";
import { triggerRetrains } from "../../src/workflows/loop/trigger-retrains.ts";
import { ManualClock } from "../cluster-lease/manual-clock.ts";
import { addCandidate } from "../evidence/scenario.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { grantOverlay } from "../helpers/overlay-rbac.ts";
import { pollerProbot } from "../monitors/poller-setup.ts";
import { TOKEN } from "../pipelines/sync-harness.ts";
import { type LoopHarness, OWNER, REPO, startLoopHarness } from "./loop-harness.ts";

const REPOSITORY = `${OWNER}/${REPO}`;

// Issue #19, item 1, with several replicas: the loop's follow-ups (an ended retrain → its candidate pull
// request) run only in the replica holding the `slipway-monitors` Lease, the one that writes the monitor
// issues. Two loops of `slipway serve` share the run records and the fake Kubernetes API's Leases (under
// the production overlay's RBAC); GitHub, MLflow and Kubeflow Pipelines are the fakes.
describe("the loop's follow-ups under the slipway-monitors Lease", () => {
  let h: LoopHarness;
  let kube: FakeKubernetes;
  let dir: string;
  let stop: AbortController;
  const clock = new ManualClock();

  beforeEach(async () => {
    h = await startLoopHarness();
    kube = await startFakeKubernetes();
    kube.namespaces("slipway");
    const user = await grantOverlay(kube, "production");
    dir = mkdtempSync(join(tmpdir(), "slipway-loop-lease-"));
    writeFileSync(join(dir, "config"), kube.kubeconfig(user ? { user } : {}));
    stop = new AbortController();
  });
  afterEach(async () => {
    stop.abort();
    await h.close();
    await kube.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lease = (identity: string): MonitorExclusive =>
    monitorLeaseIn(
      kubeLeaseStore(loadKubeConfig({ kubeconfig: join(dir, "config") }), { namespace: "slipway" }),
      { identity, stop: stop.signal, clock },
    );

  /** One replica's loop; `follow()` resolves once the follow-up it queued has run. */
  function replica(exclusive: MonitorExclusive, lines: string[]) {
    const jobs: Promise<void>[] = [];
    const binding = h.ports.binding;
    const ctx: DeployContext = {
      appId: h.github.appId,
      // Through the API: this test is about the Lease, not how the repository is read.
      reads: (octokit, repo) => githubRepoReads(octokit, repo, new BlobCache()),
      binding: () => binding,
      setup: {
        store: () => {
          throw new Error("no environment store: the loop's follow-ups deploy nothing");
        },
        env: { KFP_TOKEN: TOKEN },
        executor: "replica",
        pipelineRecords: () => h.ports.records,
      },
      later: () => undefined,
    };
    const loop = startRetrainLoop(pollerProbot(h.github, lines), ctx, {
      serverConfig: null,
      intervalMs: 0,
      stop: stop.signal,
      enqueue: (_key, job) => {
        jobs.push(job());
        return true;
      },
      metrics: createSlipwayMetrics(),
      exclusive,
    });
    return {
      async follow() {
        loop.followNow(REPOSITORY);
        await Promise.all(jobs.splice(0));
      },
    };
  }

  it("runs only in the holder: the other replica reads and writes nothing, then finds it done", async () => {
    const runAt = new Date(h.now()).toISOString();
    const [started] = await triggerRetrains(h.ports, await h.defaultBranch(), h.monitorRun(runAt), h.issue);
    if (started?.outcome !== "started") throw new Error(JSON.stringify(started));
    addCandidate(h.mlflow, { version: 8 });
    h.kfp.setRunState(started.runId, "SUCCEEDED");

    const leaseA = lease("replica-a");
    const linesA: string[] = [];
    const linesB: string[] = [];
    const a = replica(leaseA, linesA);
    const b = replica(lease("replica-b"), linesB);

    // While A holds the Lease (polling, say), B's follow-up is a no-op: not one request to GitHub or KFP.
    const github = h.github.requests.length;
    const kfp = h.kfp.requests.length;
    expect(await leaseA(() => b.follow())).toBe(true);
    expect(h.github.requests.length).toBe(github);
    expect(h.kfp.requests.length).toBe(kfp);
    expect((await h.ports.records.read()).runs[0]?.followUp).toBeUndefined();
    expect(linesB.filter((l) => l.includes("retrain followed up"))).toEqual([]);

    // A, holding it for its own pass, proposes the version; it releases the Lease after.
    await a.follow();
    const pulls = h.github.state.pulls.filter((p) => p.headRef.startsWith("slipway/retrain/"));
    expect(pulls.map((p) => p.headRef)).toEqual(["slipway/retrain/fraud-detection-v8"]);
    expect(linesA.filter((l) => l.includes("retrain followed up"))).toHaveLength(1);

    // B takes the released Lease for its next pass and finds the run settled: nothing more is written.
    const writes = () =>
      h.github.requests.filter((r) => r.method !== "GET" && r.path.startsWith("/repos/")).length;
    const before = writes();
    await b.follow();
    expect(writes()).toBe(before);
    expect(h.github.state.pulls.filter((p) => p.headRef.startsWith("slipway/retrain/"))).toHaveLength(1);
  });
});
