import type { IntegrationBinding, ServerBinding } from "../manifests/schemas/server-config.ts";
import type { ReadSecret } from "../tracker/mlflow-rest/auth.ts";
import { type KfpCredentials, resolveKfpAuth } from "./kfp-rest/kfp-auth.ts";
import { createKfpHttp, type KfpHttpOptions } from "./kfp-rest/kfp-http.ts";
import { kfpPipelines } from "./kfp-rest/kfp-pipelines.ts";
import { isPipelinesFault } from "./pipelines-fault.ts";
import type { PipelinesPort } from "./pipelines-port.ts";

/** What a `kfp` integration binding says (server configuration), or the CLI's flags in the same shape. */
export interface KfpTarget extends KfpCredentials {
  readonly endpoint: string;
  readonly namespace?: string;
  readonly uiUrl?: string;
}

export type ConnectKfpOptions = Omit<KfpHttpOptions, "endpoint" | "headers" | "secrets">;

/** Resolves the credentials (read again per connection: projected tokens rotate) and opens the port. */
export async function connectKfp(
  target: KfpTarget,
  readSecret: ReadSecret,
  options: ConnectKfpOptions = {},
): Promise<PipelinesPort> {
  const auth = await resolveKfpAuth(target, readSecret);
  const http = createKfpHttp({
    ...options,
    endpoint: target.endpoint,
    headers: auth.headers,
    secrets: auth.secrets,
  });
  return kfpPipelines(http, {
    ...(target.namespace ? { namespace: target.namespace } : {}),
    ...(target.uiUrl ? { uiUrl: target.uiUrl } : {}),
  });
}

/** A bound `kfp` integration opened, or why not in a reader's words. */
export type BoundPipelines =
  | {
      readonly pipelines: PipelinesPort;
      readonly integration: string;
      readonly binding: IntegrationBinding | null;
    }
  | { readonly unavailable: string; readonly unbound: boolean };

/** The `kfp` integration as the operator bound it (null when absent or of another type). */
export function kfpBinding(binding: ServerBinding | null, integration: string): IntegrationBinding | null {
  const bound = binding?.integrations?.[integration];
  return bound?.type === "kfp" ? bound : null;
}

function targetOf(bound: IntegrationBinding): KfpTarget | null {
  if (!bound.endpoint) return null;
  return {
    endpoint: bound.endpoint,
    ...(bound.namespace ? { namespace: bound.namespace } : {}),
    ...(bound.uiUrl ? { uiUrl: bound.uiUrl } : {}),
    ...(bound.token ? { token: bound.token } : {}),
    ...(bound.identity ? { identity: bound.identity } : {}),
  };
}

/**
 * The Kubeflow Pipelines a repository's Pipeline may use: the server binding's `kfp` integration under
 * that name; without a server configuration (embedded mode), `KFP_ENDPOINT` with `KFP_NAMESPACE` and
 * `KFP_TOKEN_FILE`. `unbound` says nothing was bound at all: then nothing is done in KFP, and nothing
 * is reported as failing. Never throws.
 */
export async function connectBoundPipelines(
  binding: ServerBinding | null,
  integration: string,
  env: NodeJS.ProcessEnv,
  readSecret: ReadSecret,
  options: ConnectKfpOptions = {},
): Promise<BoundPipelines> {
  let target: KfpTarget | null;
  const bound = binding === null ? null : kfpBinding(binding, integration);
  if (binding === null) {
    target = env.KFP_ENDPOINT
      ? {
          endpoint: env.KFP_ENDPOINT,
          ...(env.KFP_NAMESPACE ? { namespace: env.KFP_NAMESPACE } : {}),
          ...(env.KFP_TOKEN_FILE ? { token: { file: env.KFP_TOKEN_FILE } } : {}),
        }
      : null;
    if (!target) return { unavailable: "no Kubeflow Pipelines is configured (KFP_ENDPOINT)", unbound: true };
  } else {
    if (!bound)
      return {
        unavailable: `the server binds no \`kfp\` integration named "${integration}" for this repository`,
        unbound: true,
      };
    target = targetOf(bound);
    if (!target)
      return { unavailable: `the \`kfp\` integration "${integration}" has no endpoint`, unbound: false };
  }
  try {
    return { pipelines: await connectKfp(target, readSecret, options), integration, binding: bound };
  } catch (error) {
    const why = isPipelinesFault(error)
      ? error.message
      : "the Kubeflow Pipelines integration could not be set up";
    return { unavailable: `${why} Fix the server configuration.`, unbound: false };
  }
}
