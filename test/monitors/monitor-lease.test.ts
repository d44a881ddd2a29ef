import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClusterFault } from "../../src/cluster/cluster-port.ts";
import { loadKubeConfig } from "../../src/cluster/kube-config.ts";
import { kubeLeaseStore } from "../../src/cluster/lease/kube-lease-store.ts";
import type { LeaseStore } from "../../src/cluster/lease/lease-store.ts";
import { BlobCache } from "../../src/github/blob-cache.ts";
import { MONITOR_LEASE, monitorLease, monitorLeaseIn } from "../../src/github/monitor-lease.ts";
import { startMonitorPoller } from "../../src/github/monitor-poller.ts";
import { createSlipwayMetrics } from "../../src/metrics/slipway-metrics.ts";
import { ManualClock } from "../cluster-lease/manual-clock.ts";
import { S3RVER_KEY, type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type FakeKubernetes, startFakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { grantOverlay, SLIPWAY_USER } from "../helpers/overlay-rbac.ts";
import { templateFiles } from "../helpers/template.ts";
import { BUCKET, record, STAGING_PREFIX } from "./monitor-fixture.ts";
import { pollerConfig, pollerProbot } from "./poller-setup.ts";

// Issue #10, item 3: with several replicas only the holder of the `slipway-monitors` Lease polls. Two
// pollers of slipway serve share the fake Kubernetes API (leases) and a manual clock; the platform repo
// is in the fake GitHub and the run records in s3rver.

let github: FakeGitHub;
let s3: S3rverHarness;
let kube: FakeKubernetes;
let dir: string;
let clock: ManualClock;
let stop: AbortController;

beforeEach(async () => {
  github = await startFakeGitHub();
  github.addRepo({ owner: "acme", name: "ml-platform", files: await templateFiles() });
  s3 = await startS3rver(BUCKET);
  kube = await startFakeKubernetes();
  kube.namespaces("slipway");
  // As in a pod of deploy/overlays/production: its ServiceAccount, under the overlay's RBAC.
  const user = await grantOverlay(kube, "production");
  dir = mkdtempSync(join(tmpdir(), "slipway-monitor-lease-"));
  writeFileSync(join(dir, "config"), kube.kubeconfig(user ? { user } : {}));
  clock = new ManualClock();
  stop = new AbortController();
});
afterEach(async () => {
  stop.abort();
  await s3.close();
  await github.close();
  await kube.close();
  rmSync(dir, { recursive: true, force: true });
});

const latestKey = `${STAGING_PREFIX.replace(`s3://${BUCKET}/`, "")}latest.json`;

function leaseStore(): LeaseStore {
  return kubeLeaseStore(loadKubeConfig({ kubeconfig: join(dir, "config") }), { namespace: "slipway" });
}

/** A replica that dies once it has taken the Lease: its later requests (renewal, release) never land. */
function diesAfterAcquiring(inner: LeaseStore): LeaseStore {
  let dead = false;
  const call = async <T>(work: () => Promise<T>, write: boolean): Promise<T> => {
    if (dead) throw new ClusterFault("unreachable", "Kubernetes API (fake) refused the connection.");
    const result = await work();
    if (write) dead = true;
    return result;
  };
  return {
    get: (name) => call(() => inner.get(name), false),
    create: (name, r) => call(() => inner.create(name, r), true),
    update: (name, r, rv) => call(() => inner.update(name, r, rv), true),
  };
}

function poller(identity: string, store: LeaseStore, lines: string[]) {
  return startMonitorPoller(pollerProbot(github, lines), {
    serverConfig: pollerConfig(s3.endpoint),
    intervalMs: 0,
    cache: new BlobCache(),
    gauges: createSlipwayMetrics(),
    env: { R_KEY: S3RVER_KEY, R_SECRET: "reports-secret-0c7e" },
    stop: stop.signal,
    exclusive: monitorLeaseIn(store, { identity, stop: stop.signal, clock }),
  });
}

const holder = () =>
  (
    kube.object({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      namespace: "slipway",
      name: MONITOR_LEASE,
    }) as { spec: { holderIdentity?: string; leaseTransitions?: number } } | undefined
  )?.spec;

describe("the slipway-monitors Lease", () => {
  it("lets only its holder poll; another replica polls once a dead holder's Lease has expired", async () => {
    await s3.put(latestKey, JSON.stringify(record("2026-11-23T06:00:00.000Z", true)));
    const linesA: string[] = [];
    const linesB: string[] = [];
    const a = poller("replica-a", diesAfterAcquiring(leaseStore()), linesA);
    const b = poller("replica-b", leaseStore(), linesB);

    // A takes the Lease, polls (the issue is opened), then dies before it can release.
    expect(await a.pollNow()).toMatchObject({ read: 1, issues: { created: 1 } });
    expect(holder()?.holderIdentity).toBe("replica-a");
    expect(github.issues("acme", "ml-platform")).toHaveLength(1);

    // B finds the Lease held: its poll reads nothing and writes nothing.
    await s3.put(latestKey, JSON.stringify(record("2026-11-30T06:00:00.000Z", true)));
    await s3.forget();
    const requests = github.requests.length;
    const start = clock.now();
    expect(await b.pollNow()).toBeNull();
    clock.advanceTo(start + 14_000);
    expect(await b.pollNow()).toBeNull();
    expect(github.requests.length).toBe(requests);
    expect(await s3.requests()).toEqual([]);
    expect(linesB.filter((l) => l.includes("monitor reports polled"))).toEqual([]);

    // A lease duration after B first saw it unchanged, B takes it over and polls the newer run.
    clock.advanceTo(start + 15_000);
    expect(await b.pollNow()).toMatchObject({ read: 1, issues: { updated: 1 } });
    const issues = github.issues("acme", "ml-platform");
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body).toContain("run at 2026-11-30T06:00:00.000Z");
    // B released it after its poll: the next poll of either replica need not wait.
    expect(holder()).toMatchObject({ holderIdentity: "", leaseTransitions: 1 });
    expect((await s3.requests()).filter((r) => r.method === "GET").length).toBeGreaterThan(0);
  });

  it("is released after each poll, so replicas take turns and a run is announced once", async () => {
    await s3.put(latestKey, JSON.stringify(record("2026-11-23T06:00:00.000Z", true)));
    const a = poller("replica-a", leaseStore(), []);
    const b = poller("replica-b", leaseStore(), []);
    expect(await a.pollNow()).toMatchObject({ issues: { created: 1 } });
    expect(holder()?.holderIdentity).toBe("");
    const writes = () =>
      github.requests.filter((r) => r.method !== "GET" && r.path.startsWith("/repos/")).length;
    const before = writes();
    // B never handled this run, but the issue already says what it would: nothing is written.
    expect(await b.pollNow()).toMatchObject({ read: 1, issues: {} });
    expect(writes()).toBe(before);
    await s3.put(latestKey, JSON.stringify(record("2026-11-30T06:00:00.000Z", false)));
    expect(await b.pollNow()).toMatchObject({ issues: { closed: 1 } });
    expect(await a.pollNow()).toMatchObject({ read: 1, issues: {} });
    expect(github.issues("acme", "ml-platform").map((i) => i.state)).toEqual(["closed"]);
    expect(github.comments("acme", "ml-platform", 1)).toHaveLength(1);
  });

  it("lets the server's shutdown wait for a poll in progress to release the Lease", async () => {
    await s3.put(latestKey, JSON.stringify(record("2026-11-23T06:00:00.000Z", true)));
    const stops: (() => Promise<void>)[] = [];
    const exclusive = monitorLeaseIn(leaseStore(), {
      identity: "replica-a",
      stop: stop.signal,
      clock,
      onStop: (_name, run) => stops.push(run),
    });
    expect(stops).toHaveLength(1);
    let release: () => void = () => {};
    let started: () => void = () => {};
    const working = new Promise<void>((resolve) => {
      started = resolve;
    });
    const polled = exclusive(async () => {
      expect(holder()?.holderIdentity).toBe("replica-a");
      await new Promise<void>((resolve) => {
        release = resolve;
        started();
      });
    });
    // The Lease is taken before the work starts: wait for the work itself, so `release` is the real one.
    await working;
    let stopped = false;
    const stopping = Promise.all(stops.map((run) => run())).then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await polled).toBe(true);
    expect(holder()?.holderIdentity).toBe("");
  });

  it("is not used outside a pod, nor with the state in SQLite", () => {
    const options = { identity: "x", stop: stop.signal };
    expect(monitorLease({}, options)).toBeUndefined();
    expect(monitorLease({ POD_NAMESPACE: "slipway" }, options)).toBeUndefined();
    expect(
      monitorLease(
        { POD_NAMESPACE: "slipway", KUBERNETES_SERVICE_HOST: "10.0.0.1", SLIPWAY_STATE_STORE: "sqlite" },
        options,
      ),
    ).toBeUndefined();
  });

  it("under RBAC that forgot the Lease, polls nothing and reports the refusal with the API server's words", async () => {
    kube.editAs(
      "kubectl-edit",
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        namespace: "slipway",
        name: "slipway-self",
      },
      (role) => {
        role.rules = [];
      },
    );
    const refusals: { lease: string; namespace: string; reason: string }[] = [];
    const exclusive = monitorLeaseIn(leaseStore(), {
      identity: "replica-a",
      stop: stop.signal,
      clock,
      namespace: "slipway",
      onRefused: (refusal) => refusals.push(refusal),
    });
    let polled = false;
    expect(
      await exclusive(async () => {
        polled = true;
      }),
    ).toBe(false);
    expect(polled).toBe(false);
    expect(refusals).toEqual([
      {
        lease: MONITOR_LEASE,
        namespace: "slipway",
        reason: expect.stringContaining(
          `leases.coordination.k8s.io "slipway-monitors" is forbidden: User "${SLIPWAY_USER}" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "slipway"`,
        ),
      },
    ]);
  });
});
