import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { connectKubeCluster } from "../../src/cluster/kube-cluster.ts";
import { faultOf, type Harness, startHarness } from "./cluster-harness.ts";
import { deployment } from "./objects.ts";

const REF = { apiVersion: "apps/v1", kind: "Deployment", namespace: "ml", name: "fraud" };
const SCOPE = { apiVersion: "apps/v1", kind: "Deployment", namespace: "ml" };

describe("kube cluster adapter: faults and retries", () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("retries 5xx and 429 with exponential backoff, then succeeds", async () => {
    h = await startHarness({ client: { retry: { maxAttempts: 4, backoffMs: 100 } } });
    h.fake.failNext("patch", 500);
    h.fake.failNext("patch", { status: 429, retryAfterSeconds: 1 });
    h.fake.failNext("patch", 503);
    await h.cluster.apply(deployment("fraud"), { dryRun: false, force: true });
    expect(h.fake.requestsFor("patch").map((r) => r.status)).toEqual([500, 429, 503, 201]);
    // random() is pinned to 1: each jittered delay is its cap.
    expect(h.sleeps).toEqual([100, 200, 400]);
  });

  it("gives up after the attempts allowed with a server fault keeping the Status message", async () => {
    h = await startHarness({ client: { retry: { maxAttempts: 3 } } });
    h.fake.failNext("list", { status: 503, message: "etcd leader changed" }, 5);
    const fault = await faultOf(h.cluster.list(SCOPE, ""));
    expect(fault.kind).toBe("server");
    expect(fault.status).toBe(503);
    expect(fault.retryable).toBe(true);
    expect(fault.message).toBe(
      `Kubernetes API (${new URL(h.fake.url).host}) LIST Deployment in namespace ml answered HTTP 503 ServiceUnavailable: etcd leader changed.`,
    );
    expect(h.fake.requestsFor("list")).toHaveLength(3);
  });

  it.each([
    [400, "invalid"],
    [401, "auth"],
    [403, "forbidden"],
    [409, "conflict"],
    [422, "invalid"],
  ] as const)("does not retry HTTP %i and maps it to %s", async (status, kind) => {
    h = await startHarness();
    h.fake.failNext("get", status);
    const fault = await faultOf(h.cluster.get(REF));
    expect(fault.kind).toBe(kind);
    expect(fault.status).toBe(status);
    expect(h.fake.requestsFor("get")).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it.each([
    [504, "timeout"],
    [500, "server"],
  ] as const)("maps HTTP %i to %s and retries it", async (status, kind) => {
    h = await startHarness({ client: { retry: { maxAttempts: 2 } } });
    h.fake.failNext("get", status, 2);
    const fault = await faultOf(h.cluster.get(REF));
    expect(fault.kind).toBe(kind);
    expect(h.fake.requestsFor("get")).toHaveLength(2);
  });

  it("reports a rejected token as an auth fault that never repeats the token", async () => {
    h = await startHarness({ fake: { token: "the-real-token-value" } });
    writeFileSync(
      h.kubeconfig,
      h.fake.kubeconfig({ context: "staging", token: "sk-live-wrong-token-0123456789" }),
    );
    const cluster = connectKubeCluster({ kubeconfig: h.kubeconfig, context: "staging" });
    const fault = await faultOf(cluster.get(REF));
    expect(fault.kind).toBe("auth");
    expect(fault.message).toContain("answered HTTP 401 Unauthorized");
    expect(fault.message).toContain("Check the environment's kubeconfig credentials");
    expect(fault.message).not.toContain("sk-live-wrong-token-0123456789");
    expect(fault.message).not.toContain("the-real-token-value");
  });

  it("scrubs the token from a Status message that echoes it", async () => {
    h = await startHarness();
    h.fake.failNext("get", { status: 400, message: `bad header: Authorization: Bearer ${h.fake.token}` });
    h.fake.failNext("list", { status: 400, message: "proxy saw Bearer abcdefghijklmnop0123" });
    const fault = await faultOf(h.cluster.get(REF));
    expect(fault.message).not.toContain(h.fake.token);
    expect(fault.message).toContain("***");
    const other = await faultOf(h.cluster.list(SCOPE, ""));
    expect(other.message).not.toContain("abcdefghijklmnop0123");
  });

  it("never repeats a Secret's values from an error message", async () => {
    h = await startHarness();
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: "ml" },
      data: { password: Buffer.from("hunter2-very-secret").toString("base64") },
      stringData: { token: "plain-token-value-42" },
    };
    h.fake.failNext("patch secrets", {
      status: 400,
      message:
        "admission webhook denied: hunter2-very-secret / plain-token-value-42 / aHVudGVyMi12ZXJ5LXNlY3JldA==",
    });
    const fault = await faultOf(h.cluster.apply(secret, { dryRun: false, force: true }));
    expect(fault.message).toContain("admission webhook denied");
    for (const value of ["hunter2-very-secret", "plain-token-value-42", "aHVudGVyMi12ZXJ5LXNlY3JldA=="])
      expect(fault.message).not.toContain(value);
  });

  it("times out a slow answer as a timeout fault", async () => {
    h = await startHarness({ client: { timeoutMs: 100, retry: { maxAttempts: 1 } } });
    await h.cluster.kindInfo("apps/v1", "Deployment");
    h.fake.failNext("get", { delayMs: 1_000 });
    const fault = await faultOf(h.cluster.get(REF));
    expect(fault.kind).toBe("timeout");
    expect(fault.message).toContain("did not answer within 100 ms");
  });

  it("retries a dropped connection, and reports one that keeps dropping as unreachable", async () => {
    h = await startHarness({ client: { retry: { maxAttempts: 2 } } });
    h.fake.failNext("get", { dropConnection: true });
    expect(await h.cluster.get(REF)).toBeNull();
    h.fake.failNext("get", { dropConnection: true }, 2);
    const fault = await faultOf(h.cluster.get(REF));
    expect(fault.kind).toBe("unreachable");
    expect(fault.message).toContain("could not be reached");
  });

  it("reports a server that is gone as unreachable", async () => {
    h = await startHarness({ client: { retry: { maxAttempts: 2 } } });
    await h.fake.close();
    const fault = await faultOf(h.cluster.kindInfo("apps/v1", "Deployment"));
    expect(fault.kind).toBe("unreachable");
    expect(fault.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
    expect(h.sleeps).toHaveLength(1);
  });

  it("reports a 200 whose body is not JSON as a server fault", async () => {
    h = await startHarness({ client: { retry: { maxAttempts: 1 } } });
    h.fake.failNext("list", { malformed: "<html>sign in</html>" });
    const fault = await faultOf(h.cluster.list(SCOPE, ""));
    expect(fault.kind).toBe("server");
    expect(fault.message).toContain("with a body that is not JSON");
  });

  it("reports a failed discovery as a fault, not as a missing kind", async () => {
    h = await startHarness({ client: { retry: { maxAttempts: 1 } } });
    h.fake.failNext("discovery", 500);
    const fault = await faultOf(h.cluster.kindInfo("apps/v1", "Deployment"));
    expect(fault.kind).toBe("server");
    expect(fault.message).toContain("GET discovery for apps/v1 answered HTTP 500");
  });
});
