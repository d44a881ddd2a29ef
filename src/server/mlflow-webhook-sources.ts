import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import type { ReadSecret } from "../tracker/mlflow-rest/auth.ts";
import type { WebhookSource } from "./mlflow-webhook-intake.ts";

/**
 * The MLflow webhook secrets the server configuration binds (`webhookSecret` of `mlflow` integrations),
 * each with the repositories and integrations that name it: a delivery signed with a secret concerns
 * only those. Read on every call (a mounted Secret rotates); a secret that cannot be read is left out and
 * reported once per call through `unreadable`, so one broken binding does not stop the others.
 */
export async function mlflowWebhookSources(
  config: ServerConfig | null,
  readSecret: ReadSecret,
  unreadable?: (repository: string, integration: string) => void,
): Promise<WebhookSource[]> {
  const bySecret = new Map<string, { repository: string; integration: string }[]>();
  for (const binding of config?.bindings ?? []) {
    for (const [integration, bound] of Object.entries(binding.integrations ?? {})) {
      if (bound.type !== "mlflow" || !bound.webhookSecret) continue;
      let secret: string;
      try {
        secret = (await readSecret(bound.webhookSecret)).replace(/[\r\n]+$/, "");
      } catch {
        unreadable?.(binding.repository, integration);
        continue;
      }
      // An empty secret would let anyone sign: never accepted.
      if (secret === "") {
        unreadable?.(binding.repository, integration);
        continue;
      }
      const targets = bySecret.get(secret) ?? [];
      targets.push({ repository: binding.repository, integration });
      bySecret.set(secret, targets);
    }
  }
  return [...bySecret].map(([secret, targets]) => ({ secret, targets }));
}
