import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { RawObjectApi } from "../../src/cluster/raw-object-api.ts";
import { type Harness, startHarness } from "./cluster-harness.ts";
import { configMap } from "./objects.ts";

describe("kube cluster adapter: connections", () => {
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it("reuses one connection pool instead of opening a connection per request", async () => {
    h = await startHarness();
    for (let i = 0; i < 20; i++)
      await h.cluster.apply(configMap(`cm-${i}`, { i: String(i) }), { dryRun: false, force: true });
    await h.cluster.list({ apiVersion: "v1", kind: "ConfigMap", namespace: "ml" }, "");
    expect(h.fake.requests).toHaveLength(22);
    expect(h.fake.connections).toBeLessThanOrEqual(2);
  });

  it("keeps a fresh pool per request for client certificates that may rotate", () => {
    const config = (user: Record<string, unknown>) => {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: "c", server: "https://k8s.example", skipTLSVerify: false }],
        users: [{ name: "u", ...user }],
        contexts: [{ name: "x", cluster: "c", user: "u" }],
        currentContext: "x",
      });
      return RawObjectApi.fromKubeConfig(kc, 1000).reuseConnections;
    };
    expect(config({ token: "t" })).toBe(true);
    expect(config({ certData: "inline", keyData: "inline" })).toBe(true);
    expect(config({ certFile: "/etc/certs/client.crt", keyFile: "/etc/certs/client.key" })).toBe(false);
    expect(config({ exec: { command: "aws", args: ["eks", "get-token"] } })).toBe(false);
  });
});
