import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { basicSecrets } from "../redaction/credential-variants.ts";
import type { CredentialRef, ReadSecret } from "../tracker/mlflow-rest/auth.ts";
import { isLiveMetricsFault, LiveMetricsFault } from "./live-metrics-fault.ts";
import type { LiveMetrics } from "./live-metrics-port.ts";
import { type PrometheusOptions, prometheusLiveMetrics } from "./prometheus-http.ts";

export type BoundLiveMetrics = { metrics: LiveMetrics } | { unavailable: string };

export type ConnectLiveMetricsOptions = Omit<PrometheusOptions, "endpoint" | "headers" | "secrets">;

function describeRef(ref: CredentialRef): string {
  return "env" in ref ? `environment variable ${ref.env}` : `the file ${ref.file}`;
}

async function read(readSecret: ReadSecret, ref: CredentialRef, what: string): Promise<string> {
  let value: string;
  try {
    value = await readSecret(ref);
  } catch {
    throw new LiveMetricsFault("auth", `The Prometheus ${what} could not be read from ${describeRef(ref)}.`);
  }
  // Mounted Secret files end with a newline that is not part of the credential.
  const trimmed = value.replace(/[\r\n]+$/, "");
  if (trimmed === "" || /[\r\n]/.test(trimmed))
    throw new LiveMetricsFault(
      "auth",
      `The Prometheus ${what} in ${describeRef(ref)} is empty or not one line.`,
    );
  return trimmed;
}

/**
 * The Prometheus a repository's canary checks query: the server binding's `prometheus` integration
 * named by the default branch's `integrations.metrics`, with its credentials — a bearer `token`, or a
 * `username` and `password` (Basic) — read when connecting, so rotated Secrets are picked up. Never
 * throws; an answer of `unavailable` says why in a reader's words.
 */
export async function connectBoundLiveMetrics(
  binding: ServerBinding | null,
  integration: string | null,
  readSecret: ReadSecret,
  options: ConnectLiveMetricsOptions = {},
): Promise<BoundLiveMetrics> {
  if (integration === null)
    return { unavailable: "`.slipway.yml` names no metrics integration (`integrations.metrics`)" };
  const bound = binding?.integrations?.[integration];
  if (bound?.type !== "prometheus")
    return {
      unavailable: `the server binds no \`prometheus\` integration named "${integration}" for this repository`,
    };
  if (!bound.endpoint)
    return { unavailable: `the \`prometheus\` integration "${integration}" has no endpoint` };
  try {
    const headers: Record<string, string> = {};
    const secrets: string[] = [];
    if ((bound.username === undefined) !== (bound.password === undefined))
      throw new LiveMetricsFault(
        "auth",
        "The Prometheus integration needs both a username and a password, or neither.",
      );
    if (bound.username && bound.password) {
      const user = await read(readSecret, bound.username, "username");
      const pass = await read(readSecret, bound.password, "password");
      headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`, "utf8").toString("base64")}`;
      secrets.push(...basicSecrets(user, pass));
    } else if (bound.token) {
      const token = await read(readSecret, bound.token, "token");
      headers.authorization = `Bearer ${token}`;
      secrets.push(token);
    }
    return { metrics: prometheusLiveMetrics({ ...options, endpoint: bound.endpoint, headers, secrets }) };
  } catch (error) {
    const why = isLiveMetricsFault(error) ? error.message : "the Prometheus integration could not be set up.";
    return { unavailable: `${why} Fix the server configuration.` };
  }
}
