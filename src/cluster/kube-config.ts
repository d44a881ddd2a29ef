import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { KubeConfig, type User } from "@kubernetes/client-node";
import { basicSecrets } from "../redaction/credential-variants.ts";
import { ClusterFault } from "./cluster-port.ts";

/** An environment's `cluster` binding in the server configuration (`server-config.ts`). */
export interface ClusterBinding {
  readonly inCluster?: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
}

/** A loaded kubeconfig, the API server's host (for messages) and the values never to repeat. */
export interface LoadedKubeConfig {
  readonly kc: KubeConfig;
  readonly host: string;
  readonly secrets: readonly string[];
}

export interface LoadOptions {
  /** The process environment: `KUBECONFIG`, `HOME`, `KUBERNETES_SERVICE_HOST`/`_PORT`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Where the pod's service account is mounted (tests point it elsewhere). */
  readonly serviceAccountDir?: string;
}

const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

function invalid(message: string): ClusterFault {
  return new ClusterFault("invalid", message);
}

function loadFile(kc: KubeConfig, file: string): void {
  try {
    kc.loadFromFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw invalid(`The kubeconfig ${file} does not exist.`);
    if (typeof code === "string") throw invalid(`The kubeconfig ${file} cannot be read (${code}).`);
    // YAML errors quote the offending line, which may hold a token: say where, not what.
    const name = (error as Error).name;
    const what =
      name === "YAMLException"
        ? "is not valid YAML"
        : `is not a valid kubeconfig: ${(error as Error).message}`;
    throw invalid(`The kubeconfig ${file} ${what}.`);
  }
}

/** `kubectl`'s order: the binding's file, else every file in `KUBECONFIG` (first context wins), else ~/.kube/config. */
function loadFiles(binding: ClusterBinding, env: NodeJS.ProcessEnv): KubeConfig {
  const files = binding.kubeconfig
    ? [binding.kubeconfig]
    : (env.KUBECONFIG ?? "").split(delimiter).filter((f) => f !== "");
  if (files.length === 0) {
    const home = env.HOME ?? env.USERPROFILE;
    const fallback = home ? join(home, ".kube", "config") : undefined;
    if (!fallback || !existsSync(fallback))
      throw invalid(
        "The environment binds no cluster credentials: set cluster.kubeconfig or cluster.inCluster, or KUBECONFIG.",
      );
    files.push(fallback);
  }
  const kc = new KubeConfig();
  for (const [i, file] of files.entries()) {
    if (i === 0) {
      loadFile(kc, file);
      continue;
    }
    const more = new KubeConfig();
    loadFile(more, file);
    kc.mergeConfig(more, kc.getCurrentContext() !== undefined);
  }
  return kc;
}

function loadInCluster(env: NodeJS.ProcessEnv, dir: string): KubeConfig {
  if (!env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT)
    throw invalid(
      "cluster.inCluster is set but KUBERNETES_SERVICE_HOST/PORT are not: is Slipway running in a pod?",
    );
  if (!existsSync(join(dir, "token")))
    throw invalid(`cluster.inCluster is set but no service account token is mounted at ${dir}/token.`);
  const kc = new KubeConfig();
  const host = env.KUBERNETES_SERVICE_HOST.includes(":")
    ? `[${env.KUBERNETES_SERVICE_HOST}]`
    : env.KUBERNETES_SERVICE_HOST;
  // What `loadFromCluster` builds, from the injected environment; the token file is re-read per request
  // (projected service account tokens rotate).
  kc.loadFromClusterAndUser(
    {
      name: "in-cluster",
      server: `https://${host}:${env.KUBERNETES_SERVICE_PORT}`,
      caFile: join(dir, "ca.crt"),
      skipTLSVerify: false,
    },
    {
      name: "service-account",
      authProvider: { name: "tokenFile", config: { tokenFile: join(dir, "token") } },
    },
  );
  return kc;
}

function secretsOf(user: User | null): string[] {
  if (!user) return [];
  const values = [user.token, user.password, ...Object.values(user.authProvider?.config ?? {})];
  // With a username and password, the Basic header's base64 of `user:password` goes on the wire too.
  if (user.username && user.password) values.push(...basicSecrets(user.username, user.password));
  return values.filter((v): v is string => typeof v === "string" && v.length >= 4);
}

/** The KubeConfig for an environment binding; rejects with an `invalid` ClusterFault naming what is wrong. */
export function loadKubeConfig(binding: ClusterBinding, options: LoadOptions = {}): LoadedKubeConfig {
  const env = options.env ?? process.env;
  if (binding.inCluster && binding.kubeconfig)
    throw invalid("cluster.inCluster and cluster.kubeconfig are both set; bind one.");
  const kc = binding.inCluster
    ? loadInCluster(env, options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR)
    : loadFiles(binding, env);
  if (binding.context && !binding.inCluster) {
    if (!kc.getContextObject(binding.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw invalid(
        `The kubeconfig has no context "${binding.context}"${known.length > 0 ? ` (it has: ${known.join(", ")})` : ""}.`,
      );
    }
    kc.setCurrentContext(binding.context);
  }
  const context = kc.getContextObject(kc.getCurrentContext());
  if (!context) throw invalid("The kubeconfig names no current context; bind cluster.context.");
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw invalid(`The context "${context.name}" names a cluster the kubeconfig does not define.`);
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw invalid(`The cluster "${cluster.name}" has a server address that is not a URL.`);
  }
  if (url.protocol === "http:" && !cluster.skipTLSVerify)
    throw invalid(
      `The cluster "${cluster.name}" is plain HTTP; the client refuses that unless insecure-skip-tls-verify is set.`,
    );
  return { kc, host: url.host, secrets: secretsOf(kc.getCurrentUser()) };
}
