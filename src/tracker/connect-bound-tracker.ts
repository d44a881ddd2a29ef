import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { MlflowCredentials, ReadSecret } from "./mlflow-rest/auth.ts";
import { type ConnectOptions, connectMlflow, type MlflowBinding } from "./mlflow-rest/mlflow-tracker.ts";
import type { ModelFiles } from "./model-files/model-files-port.ts";
import { modelFiles } from "./model-files/route-model-files.ts";
import { boundS3Opener } from "./model-files/s3-openers.ts";
import { isTrackerFault } from "./tracker-fault.ts";
import type { Tracker } from "./tracker-port.ts";

export type BoundTracker =
  | { tracker: Tracker; trackingUrl?: string; modelFiles?: ModelFiles }
  | { unavailable: string };

/**
 * The MLflow tracker a repository may use on pull-request events: the server binding's integration
 * named by the default branch's `integrations.tracking`; in embedded mode (no server configuration)
 * MLflow's own variables (`MLFLOW_TRACKING_URI`, `MLFLOW_TRACKING_TOKEN` or `_USERNAME`/`_PASSWORD`).
 * Only REST servers: local stores are never read in server mode. Never throws. Models' files (their
 * MLmodel) are read through the server's artifact proxy or the binding's `s3` integrations.
 */
export async function connectBoundTracker(
  binding: ServerBinding | null,
  integration: string | null,
  env: NodeJS.ProcessEnv,
  readSecret: ReadSecret,
  options: ConnectOptions = {},
): Promise<BoundTracker> {
  const found = pick(binding, integration, env);
  if ("unavailable" in found) return found;
  try {
    const { tracker, http, host } = await connectMlflow(found.mlflow, readSecret, options);
    // A model's MLmodel is read through the server's artifact proxy or a bound S3 integration, never locally.
    const files = modelFiles({ mlflow: { http, host }, s3: boundS3Opener(binding, env, readSecret) });
    return {
      tracker,
      modelFiles: files,
      ...(found.mlflow.trackingUri ? { trackingUrl: found.mlflow.trackingUri } : {}),
    };
  } catch (error) {
    const why = isTrackerFault(error) ? error.message : "the MLflow integration could not be set up";
    return {
      unavailable: `evidence unavailable: ${why}; fix the server configuration, then retry with \`/slipway compare\``,
    };
  }
}

/** MLflow's own credential variables, as references (the values are read only when connecting). */
export function mlflowEnvCredentials(env: NodeJS.ProcessEnv): MlflowCredentials {
  return {
    ...(env.MLFLOW_TRACKING_TOKEN ? { token: { env: "MLFLOW_TRACKING_TOKEN" } } : {}),
    ...(env.MLFLOW_TRACKING_USERNAME ? { username: { env: "MLFLOW_TRACKING_USERNAME" } } : {}),
    ...(env.MLFLOW_TRACKING_PASSWORD ? { password: { env: "MLFLOW_TRACKING_PASSWORD" } } : {}),
  };
}

function pick(
  binding: ServerBinding | null,
  integration: string | null,
  env: NodeJS.ProcessEnv,
): { mlflow: MlflowBinding } | { unavailable: string } {
  if (binding === null) {
    const uri = env.MLFLOW_TRACKING_URI;
    if (!uri)
      return {
        unavailable:
          "evidence unavailable: no MLflow is configured (set MLFLOW_TRACKING_URI, or bind an `mlflow` integration in the server configuration)",
      };
    return {
      mlflow: {
        trackingUri: uri,
        ...mlflowEnvCredentials(env),
      },
    };
  }
  if (integration === null)
    return {
      unavailable:
        "evidence unavailable: `.slipway.yml` on the default branch names no tracking integration (`integrations.tracking`)",
    };
  const bound = binding.integrations?.[integration];
  if (bound?.type !== "mlflow")
    return {
      unavailable: `evidence unavailable: the server binds no \`mlflow\` integration named "${integration}" for this repository`,
    };
  return { mlflow: bound };
}
