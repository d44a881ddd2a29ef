import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { invalid, missing, notFound, ok, type Reply } from "./replies.ts";
import { type Route, type RouteContext, str } from "./routing.ts";
import type { FakeMlflowState } from "./state.ts";
import { signMlflowDelivery } from "./webhook-signature.ts";

/** The registry events MLflow 3's OSS webhooks deliver (`mlflow/entities/webhook.py`). */
export const WEBHOOK_EVENTS = [
  "registered_model.created",
  "model_version.created",
  "model_version_tag.set",
  "model_version_tag.deleted",
  "model_version_alias.created",
  "model_version_alias.deleted",
] as const;

export interface WebhookState {
  id: string;
  name: string;
  url: string;
  secret: string | null;
  events: string[];
  status: "ACTIVE" | "DISABLED";
  creation_timestamp: number;
  last_updated_timestamp: number;
}

/** One POST the fake made to a webhook's URL (each retry is another delivery with the same id). */
export interface WebhookDelivery {
  webhook: string;
  event: string;
  deliveryId: string;
  timestamp: string;
  body: string;
  status: number;
  attempt: number;
}

/**
 * MLflow's webhook URL checks (`_validate_webhook_url`): https only unless `MLFLOW_WEBHOOK_ALLOWED_SCHEMES`
 * widens it, and no private, loopback or link-local address unless `MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS=true`.
 */
export interface WebhookPolicy {
  readonly allowedSchemes: readonly string[];
  readonly allowPrivateIps: boolean;
  /** MLFLOW_WEBHOOK_REQUEST_MAX_RETRIES (default 3); the fake retries at once, without backoff. */
  readonly maxRetries: number;
}

export const DEFAULT_WEBHOOK_POLICY: WebhookPolicy = {
  allowedSchemes: ["https"],
  allowPrivateIps: false,
  maxRetries: 3,
};

function isPrivate(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  if (h === "localhost") return true;
  if (isIP(h) === 4) {
    const [a = 0, b = 0] = h.split(".").map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (isIP(h) === 6) return h === "::1" || /^f[cd]/i.test(h) || /^fe80/i.test(h);
  return false;
}

function urlProblem(url: string, policy: WebhookPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `Invalid webhook URL: ${url}`;
  }
  const scheme = parsed.protocol.replace(/:$/, "");
  if (!policy.allowedSchemes.includes(scheme))
    return `Invalid webhook URL scheme: '${scheme}'. Allowed schemes are: ${policy.allowedSchemes.join(", ")}. Set MLFLOW_WEBHOOK_ALLOWED_SCHEMES to change it.`;
  if (!policy.allowPrivateIps && isPrivate(parsed.hostname))
    return `Invalid webhook URL: '${parsed.hostname}' resolves to a private or reserved address. Set MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS=true to allow it.`;
  return null;
}

/** `"model_version.created"` or `{entity: "MODEL_VERSION", action: "CREATED"}`, as clients send them. */
function eventName(value: unknown): string | null {
  if (typeof value === "string") return value.toLowerCase();
  if (typeof value === "object" && value !== null) {
    const { entity, action } = value as { entity?: unknown; action?: unknown };
    if (typeof entity === "string" && typeof action === "string") return `${entity}.${action}`.toLowerCase();
  }
  return null;
}

/** A webhook as MLflow answers it: the secret is never returned. */
function webhookJson(w: WebhookState): Record<string, unknown> {
  const { secret: _, ...rest } = w;
  return { ...rest, webhook_id: w.id };
}

export function webhookRoutes(policy: () => WebhookPolicy): Route[] {
  const find = (ctx: RouteContext): WebhookState | Reply => {
    const id = ctx.pathParam ?? "";
    return ctx.state.webhooks.find((w) => w.id === id) ?? notFound(`Webhook with ID ${id} not found`);
  };
  return [
    {
      method: "POST",
      endpoint: "webhooks",
      handle: (ctx) => {
        const name = str(ctx, "name");
        const url = str(ctx, "url");
        if (!name) return missing("name");
        if (!url) return missing("url");
        const raw = ctx.params.events;
        if (!Array.isArray(raw) || raw.length === 0) return missing("events");
        const events = raw.map(eventName);
        const bad = events.findIndex((e) => e === null || !(WEBHOOK_EVENTS as readonly string[]).includes(e));
        if (bad >= 0) return invalid(`Invalid webhook event: ${JSON.stringify(raw[bad])}`);
        const problem = urlProblem(url, policy());
        if (problem) return invalid(problem);
        const status = str(ctx, "status") ?? "ACTIVE";
        if (status !== "ACTIVE" && status !== "DISABLED") return invalid(`Invalid webhook status: ${status}`);
        const secret = str(ctx, "secret") ?? null;
        const webhook: WebhookState = {
          id: randomUUID().replace(/-/g, ""),
          name,
          url,
          secret,
          events: events as string[],
          status,
          creation_timestamp: ctx.state.now(),
          last_updated_timestamp: ctx.state.now(),
        };
        ctx.state.webhooks.push(webhook);
        return ok({ webhook: webhookJson(webhook) });
      },
    },
    {
      method: "GET",
      endpoint: "webhooks",
      handle: (ctx) => ok({ webhooks: ctx.state.webhooks.map(webhookJson) }),
    },
    {
      method: "GET",
      endpoint: "webhooks/{id}",
      handle: (ctx) => {
        const w = find(ctx);
        return "status" in w && typeof w.status === "number"
          ? (w as Reply)
          : ok({ webhook: webhookJson(w as WebhookState) });
      },
    },
    {
      method: "DELETE",
      endpoint: "webhooks/{id}",
      handle: (ctx) => {
        const w = find(ctx);
        if ("status" in w && typeof w.status === "number") return w as Reply;
        ctx.state.webhooks.splice(ctx.state.webhooks.indexOf(w as WebhookState), 1);
        return ok({});
      },
    },
  ];
}

/**
 * Delivers one registry event to every active webhook subscribed to it, as MLflow's delivery does:
 * `{entity, action, timestamp, data}`, the delivery id and Unix timestamp headers, the `v1,` HMAC
 * signature when the webhook has a secret, and retries on 429 and 5xx (at once here). Fire and forget:
 * the registry call that caused it has already been answered; `settled` resolves when all are done.
 */
export function deliverEvent(
  state: FakeMlflowState,
  policy: WebhookPolicy,
  deliveries: WebhookDelivery[],
  event: (typeof WEBHOOK_EVENTS)[number],
  data: Record<string, unknown>,
): Promise<void> {
  const [entity = "", action = ""] = event.split(".");
  const subscribed = state.webhooks.filter((w) => w.status === "ACTIVE" && w.events.includes(event));
  return Promise.all(
    subscribed.map(async (webhook) => {
      const body = JSON.stringify({ entity, action, timestamp: new Date(state.now()).toISOString(), data });
      const deliveryId = randomUUID();
      const timestamp = String(Math.floor(state.now() / 1000));
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "x-mlflow-delivery-id": deliveryId,
        "x-mlflow-timestamp": timestamp,
      };
      if (webhook.secret)
        headers["x-mlflow-signature"] = signMlflowDelivery(webhook.secret, deliveryId, timestamp, body);
      for (let attempt = 1; attempt <= policy.maxRetries + 1; attempt++) {
        let status = 0;
        try {
          const response = await fetch(webhook.url, { method: "POST", headers, body });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          status = 0;
        }
        deliveries.push({ webhook: webhook.id, event, deliveryId, timestamp, body, status, attempt });
        if (status !== 429 && status < 500 && status !== 0) break;
      }
    }),
  ).then(() => undefined);
}
