import { createHmac, randomUUID } from "node:crypto";

/** `X-Hub-Signature-256`: "sha256=" + hex HMAC-SHA256 of the exact body bytes. */
export function signPayload(secret: string, payload: string): string {
  return `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`;
}

export interface DeliverOptions {
  readonly deliveryId?: string;
  /** A signature to send instead of the right one; null sends no signature headers at all. */
  readonly signature?: string | null;
}

export interface Delivery {
  readonly id: string;
  readonly event: string;
  readonly target: string;
  readonly body: string;
  readonly status: number;
}

export interface DeliverContext {
  readonly secret: string;
  readonly appId: number;
  readonly hookId: number;
}

/** POSTs a webhook with the headers GitHub sends, and returns the receiver's response. */
export async function deliverWebhook(
  ctx: DeliverContext,
  target: string,
  event: string,
  payload: unknown,
  options: DeliverOptions = {},
): Promise<{ response: Response; delivery: Omit<Delivery, "status"> }> {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const id = options.deliveryId ?? randomUUID();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/fake",
    "x-github-event": event,
    "x-github-delivery": id,
    "x-github-hook-id": String(ctx.hookId),
    "x-github-hook-installation-target-id": String(ctx.appId),
    "x-github-hook-installation-target-type": "integration",
  };
  const signature = options.signature === undefined ? signPayload(ctx.secret, body) : options.signature;
  if (signature !== null) {
    headers["x-hub-signature-256"] = signature;
    // GitHub still sends the SHA-1 signature beside the SHA-256 one.
    if (options.signature === undefined)
      headers["x-hub-signature"] = `sha1=${createHmac("sha1", ctx.secret).update(body).digest("hex")}`;
  }
  const response = await fetch(target, { method: "POST", headers, body });
  return { response, delivery: { id, event, target, body } };
}
