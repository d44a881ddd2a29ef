import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { ClusterFault } from "../../src/cluster/cluster-port.ts";
import { loadKubeConfig } from "../../src/cluster/kube-config.ts";
import { kubeconfigYaml } from "../fakes/kubernetes/kubeconfig.ts";

const TOKEN = "kubeconfig-secret-token-9f8e7d";

function faultOf(run: () => unknown): ClusterFault {
  try {
    run();
  } catch (error) {
    if (error instanceof ClusterFault) return error;
    throw error;
  }
  throw new Error("expected a ClusterFault");
}

describe("loading an environment's cluster credentials", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "slipway-kubeconfig-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it("loads the bound file and context, giving the host and the secrets to scrub", () => {
    const two = YAML.parse(kubeconfigYaml("http://127.0.0.1:6443", TOKEN, "staging")) as Record<
      string,
      unknown[]
    >;
    const prod = YAML.parse(
      kubeconfigYaml("https://prod.example:443", "prod-token-123456", "production"),
    ) as Record<string, unknown[]>;
    const merged = {
      ...two,
      clusters: [...(two.clusters ?? []), ...(prod.clusters ?? [])],
      users: [...(two.users ?? []), ...(prod.users ?? [])],
      contexts: [...(two.contexts ?? []), ...(prod.contexts ?? [])],
    };
    const file = write("config", YAML.stringify(merged));
    const loaded = loadKubeConfig({ kubeconfig: file, context: "production" });
    expect(loaded.host).toBe("prod.example");
    expect(loaded.secrets).toEqual(["prod-token-123456"]);
    expect(loadKubeConfig({ kubeconfig: file }).host).toBe("127.0.0.1:6443");
  });

  it("names the contexts a kubeconfig has when the bound one is missing", () => {
    const file = write("config", kubeconfigYaml("http://127.0.0.1:6443", TOKEN, "staging"));
    const fault = faultOf(() => loadKubeConfig({ kubeconfig: file, context: "prod" }));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toBe('The kubeconfig has no context "prod" (it has: staging).');
  });

  it("says a kubeconfig file is missing, or is not YAML, without quoting its content", () => {
    expect(faultOf(() => loadKubeConfig({ kubeconfig: join(dir, "absent") })).message).toBe(
      `The kubeconfig ${join(dir, "absent")} does not exist.`,
    );
    const file = write("broken", `users:\n- name: u\n  user: {token: ${TOKEN}\n`);
    const fault = faultOf(() => loadKubeConfig({ kubeconfig: file }));
    expect(fault.message).toBe(`The kubeconfig ${file} is not valid YAML.`);
    expect(fault.message).not.toContain(TOKEN);
  });

  it("refuses plain HTTP unless TLS verification is explicitly skipped, as the client would", () => {
    const text = kubeconfigYaml("http://127.0.0.1:6443", TOKEN, "staging").replace(
      "insecure-skip-tls-verify: true",
      "insecure-skip-tls-verify: false",
    );
    const fault = faultOf(() => loadKubeConfig({ kubeconfig: write("config", text) }));
    expect(fault.message).toContain("is plain HTTP");
  });

  it("falls back to KUBECONFIG (first file's context wins), then ~/.kube/config", () => {
    const a = write("a", kubeconfigYaml("https://a.example", TOKEN, "a"));
    const b = write("b", kubeconfigYaml("https://b.example", "other-token-abcdef", "b"));
    const loaded = loadKubeConfig({}, { env: { KUBECONFIG: [a, b].join(delimiter) } });
    expect(loaded.host).toBe("a.example");
    expect(loaded.kc.getContexts().map((c) => c.name)).toEqual(["a", "b"]);
    expect(loadKubeConfig({ context: "b" }, { env: { KUBECONFIG: [a, b].join(delimiter) } }).host).toBe(
      "b.example",
    );
    mkdirSync(join(dir, ".kube"));
    write(".kube/config", kubeconfigYaml("https://home.example", TOKEN, "home"));
    expect(loadKubeConfig({}, { env: { HOME: dir } }).host).toBe("home.example");
  });

  it("says what to bind when there are no credentials at all", () => {
    const fault = faultOf(() => loadKubeConfig({}, { env: { HOME: dir } }));
    expect(fault.message).toBe(
      "The environment binds no cluster credentials: set cluster.kubeconfig or cluster.inCluster, or KUBECONFIG.",
    );
  });

  it("builds the in-cluster configuration from the service account and the pod's environment", () => {
    write("token", "service-account-jwt");
    write("ca.crt", "-----BEGIN CERTIFICATE-----\n");
    const loaded = loadKubeConfig(
      { inCluster: true },
      {
        env: { KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" },
        serviceAccountDir: dir,
      },
    );
    expect(loaded.host).toBe("10.96.0.1");
    const cluster = loaded.kc.getCurrentCluster();
    expect(cluster).toMatchObject({ server: "https://10.96.0.1:443", caFile: join(dir, "ca.crt") });
    expect(loaded.kc.getCurrentUser()?.authProvider).toEqual({
      name: "tokenFile",
      config: { tokenFile: join(dir, "token") },
    });
  });

  it("refuses in-cluster outside a pod, and a binding that asks for both", () => {
    expect(
      faultOf(() => loadKubeConfig({ inCluster: true }, { env: {}, serviceAccountDir: dir })).message,
    ).toContain("is Slipway running in a pod?");
    const noToken = faultOf(() =>
      loadKubeConfig(
        { inCluster: true },
        {
          env: { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" },
          serviceAccountDir: dir,
        },
      ),
    );
    expect(noToken.message).toContain("no service account token is mounted");
    expect(faultOf(() => loadKubeConfig({ inCluster: true, kubeconfig: "/x" })).message).toContain(
      "both set",
    );
  });
});
