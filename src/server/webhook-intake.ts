import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import type { DeliveryOutcome } from "../metrics/slipway-metrics.ts";

/** One verified delivery, as Probot's `webhooks.receive` takes it. */
export type VerifiedDelivery = Parameters<Probot["webhooks"]["receive"]>[0];

import { reasonOf, runGuarded } from "./guarded-handlers.ts";
import { missingField } from "./payload-shape.ts";
import { type BodyRead, discardRest, githubSignature, readSignedBody } from "./read-signed-body.ts";
import {
  ByteBudget,
  DISCARD_AFTER_REFUSAL_BYTES,
  MAX_WEBHOOK_BYTES,
  MAX_WEBHOOK_BYTES_IN_FLIGHT,
} from "./webhook-limits.ts";

export interface IntakeLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface WebhookIntakeOptions {
  /** The path GitHub posts to (Probot's default `/api/github/webhooks`, or WEBHOOK_PATH). */
  readonly path: string;
  readonly secret: string;
  /** Dispatches a verified delivery to the app's handlers (Probot's `webhooks.receive`). */
  readonly receive: (event: VerifiedDelivery) => Promise<void>;
  readonly log: IntakeLog;
  /** False once the server is shutting down: deliveries are then answered 503. */
  readonly accepting?: () => boolean;
  readonly record?: (event: string, outcome: DeliveryOutcome, seconds: number) => void;
  readonly maxBytes?: number;
  readonly budget?: ByteBudget;
  /** Milliseconds, monotonic (default `performance.now`). */
  readonly now?: () => number;
}

/** A header as it may appear in a log line: GitHub's event names and delivery ids, nothing else, bounded. */
function headerWord(value: string | string[] | undefined): string {
  return typeof value === "string" ? value.replace(/[^A-Za-z0-9._:-]/g, "").slice(0, 64) : "";
}

const SHUTTING_DOWN =
  "Slipway is shutting down and takes no new webhook deliveries; redeliver this one, or let the sweep review open pull requests after the restart";

/**
 * POSTs to the webhook path, as a recipe: GitHub's headers → the body, capped and signature-checked as it
 * streams → JSON → the fields the event's handlers read → the handlers. Every refusal is answered with
 * its reason and logged as one warn line with the event, the delivery id, the size and the reason —
 * never the body, never a stack (issue #16). Other requests pass through.
 */
export function webhookIntake(options: WebhookIntakeOptions) {
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  const budget = options.budget ?? new ByteBudget(MAX_WEBHOOK_BYTES_IN_FLIGHT);
  const now = options.now ?? (() => performance.now());
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if ((req.url ?? "/").split("?")[0] !== options.path) return false;
    const started = now();
    const event = headerWord(req.headers["x-github-event"]);
    const delivery = headerWord(req.headers["x-github-delivery"]);
    const record = (label: string, outcome: DeliveryOutcome) =>
      options.record?.(label, outcome, (now() - started) / 1000);
    const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
      if (!res.headersSent)
        res.writeHead(status, { "content-type": "text/plain", ...headers }).end(`${text}\n`);
    };
    const refuse = (status: number, bytes: number, reason: string, outcome: DeliveryOutcome = "rejected") => {
      options.log.warn({ event, delivery, bytes, reason }, "webhook delivery refused");
      record(outcome === "refused" ? event : "unknown", outcome);
      answer(status, reason, status === 503 ? { "retry-after": "5" } : {});
    };
    const declared = Number(req.headers["content-length"] ?? 0) || 0;
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST", "content-type": "text/plain" }).end("webhooks are POSTed\n");
      return true;
    }
    const missing = ["x-github-event", "x-github-delivery", "x-hub-signature-256"].filter(
      (h) => !req.headers[h],
    );
    if (missing.length > 0) {
      refuse(
        400,
        declared,
        `missing header ${missing.map((h) => h.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase())).join(", ")}`,
      );
      discardRest(req, DISCARD_AFTER_REFUSAL_BYTES);
      return true;
    }
    const type = String(req.headers["content-type"] ?? "")
      .split(";")[0]
      ?.trim()
      .toLowerCase();
    if (type !== "application/json") {
      refuse(
        415,
        declared,
        `content type "${headerWord(type)}" is not application/json (the App's webhook must send JSON)`,
      );
      discardRest(req, DISCARD_AFTER_REFUSAL_BYTES);
      return true;
    }
    const reading = readSignedBody(req, githubSignature(req, options.secret), { maxBytes, budget });
    let read: BodyRead;
    try {
      read = await reading.result;
      if (read.kind === "too-large") {
        refuse(413, read.bytes, `the body is larger than ${maxBytes} bytes: over the ${maxBytes}-byte limit`);
        discardRest(req, DISCARD_AFTER_REFUSAL_BYTES);
        return true;
      }
      if (read.kind === "busy") {
        refuse(503, read.bytes, "too many webhook bytes are being read at once; redeliver this one later");
        discardRest(req, DISCARD_AFTER_REFUSAL_BYTES);
        return true;
      }
      if (read.kind === "aborted") {
        options.log.warn(
          {
            event,
            delivery,
            bytes: read.bytes,
            reason: "the sender closed the connection before the body ended",
          },
          "webhook delivery refused",
        );
        record("unknown", "rejected");
        return true;
      }
      if (!read.signed) {
        refuse(
          400,
          read.bytes,
          "the X-Hub-Signature-256 signature does not match the body and the webhook secret",
        );
        return true;
      }
      if (options.accepting && !options.accepting()) {
        refuse(503, read.bytes, SHUTTING_DOWN, "refused");
        return true;
      }
      let payload: unknown;
      try {
        payload = JSON.parse(read.body.toString("utf8"));
      } catch {
        refuse(400, read.bytes, "the body is signed but is not JSON");
        return true;
      }
      const lacking = missingField(event, payload);
      if (lacking) {
        refuse(400, read.bytes, `the ${event} payload lacks ${lacking}`);
        return true;
      }
      reading.release();
      const handled = await runGuarded(() =>
        options.receive({ id: delivery, name: event, payload } as VerifiedDelivery),
      ).catch((error: unknown) => {
        // Before any handler ran (Probot building the event's context): one line, no payload.
        options.log.error({ event, delivery, reason: reasonOf(error) }, "webhook handler failed");
        return false;
      });
      record(event, handled ? "handled" : "failed");
      options.log.info(
        { event, delivery, bytes: read.bytes, status: handled ? 200 : 500 },
        "webhook delivery",
      );
      answer(handled ? 200 : 500, handled ? "ok" : "a handler failed; the server log has the reason");
      return true;
    } finally {
      reading.release();
    }
  };
}
