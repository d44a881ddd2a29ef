import type { IncomingMessage, ServerResponse } from "node:http";
import type { DeliveryOutcome } from "../metrics/slipway-metrics.ts";
import { parseRegistryEvent, type RegistryEvent } from "../tracker/mlflow-rest/webhook-event.ts";
import { DeliveryIds } from "./delivery-ids.ts";
import { mlflowSignature } from "./mlflow-signature.ts";
import { type BodyRead, discardRest, readSignedBody } from "./read-signed-body.ts";
import type { IntakeLog } from "./webhook-intake.ts";
import { ByteBudget, DISCARD_AFTER_REFUSAL_BYTES } from "./webhook-limits.ts";

/** Where MLflow's registry webhooks are received (DESIGN.md §5). */
export const MLFLOW_WEBHOOK_PATH = "/api/mlflow/webhooks";
/** MLflow's payloads are a few hundred bytes (names, a version, tags); this leaves room for tags. */
export const MAX_MLFLOW_WEBHOOK_BYTES = 256 * 1024;
/** How far `X-MLflow-Timestamp` may be from the server's clock, either way (Standard Webhooks' 5 min). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

/** The repositories whose bindings name one MLflow webhook secret (its `mlflow` integrations). */
export interface WebhookSource {
  readonly secret: string;
  readonly targets: readonly { readonly repository: string; readonly integration: string }[];
}

export interface MlflowIntakeOptions {
  /** The bound secrets, read per delivery (mounted Secrets rotate); none bound: the path answers 404. */
  readonly sources: () => Promise<readonly WebhookSource[]>;
  /** Queues the work of a verified event for its source's repositories; false when it could not be queued. */
  readonly receive: (event: RegistryEvent, source: WebhookSource, delivery: string) => boolean;
  readonly log: IntakeLog;
  readonly accepting?: () => boolean;
  readonly record?: (event: string, outcome: DeliveryOutcome, seconds: number) => void;
  readonly maxBytes?: number;
  readonly budget?: ByteBudget;
  /** Wall-clock milliseconds: timestamps are compared with it (tests inject one). */
  readonly clock?: () => number;
  readonly deliveries?: DeliveryIds;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
};

/**
 * `POST /api/mlflow/webhooks` (issue #19, item 3), as a recipe: MLflow's headers → a timestamp within five
 * minutes → the body, capped and HMAC-checked against every bound secret as it streams → a delivery id
 * not seen before → the event → queued work. Every refusal is one warn line (delivery id, size,
 * reason), never the body; a refused delivery is not retried by MLflow (4xx), a full queue or a
 * shutdown is (503).
 */
export function mlflowWebhookIntake(options: MlflowIntakeOptions) {
  const maxBytes = options.maxBytes ?? MAX_MLFLOW_WEBHOOK_BYTES;
  const budget = options.budget ?? new ByteBudget(16 * maxBytes);
  const clock = options.clock ?? Date.now;
  const deliveries =
    options.deliveries ?? new DeliveryIds({ keepMs: 2 * TIMESTAMP_TOLERANCE_SECONDS * 1000 });
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if ((req.url ?? "/").split("?")[0] !== MLFLOW_WEBHOOK_PATH) return false;
    const started = performance.now();
    const delivery = (header(req, "x-mlflow-delivery-id") ?? "").slice(0, 128);
    const answer = (status: number, text: string) => {
      if (!res.headersSent)
        res
          .writeHead(status, {
            "content-type": "text/plain",
            ...(status === 503 ? { "retry-after": "5" } : {}),
          })
          .end(`${text}\n`);
    };
    const record = (event: string, outcome: DeliveryOutcome) =>
      options.record?.(event, outcome, (performance.now() - started) / 1000);
    const refuse = (status: number, bytes: number, reason: string, unread = false) => {
      options.log.warn(
        { source: "mlflow", delivery: delivery.replace(/[^A-Za-z0-9._:-]/g, ""), bytes, reason },
        "MLflow webhook delivery refused",
      );
      record("mlflow", status === 503 ? "refused" : "rejected");
      answer(status, reason);
      if (unread) discardRest(req, DISCARD_AFTER_REFUSAL_BYTES);
      return true;
    };
    const declared = Number(req.headers["content-length"] ?? 0) || 0;
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST", "content-type": "text/plain" }).end("webhooks are POSTed\n");
      return true;
    }
    const missing = ["x-mlflow-delivery-id", "x-mlflow-timestamp", "x-mlflow-signature"].filter(
      (h) => !header(req, h),
    );
    if (missing.length > 0)
      return refuse(400, declared, `missing header ${missing.map(headerName).join(", ")}`, true);
    if (!/^[A-Za-z0-9._:-]{1,128}$/.test(header(req, "x-mlflow-delivery-id") ?? ""))
      return refuse(400, declared, "X-MLflow-Delivery-Id is not a delivery id", true);
    const timestamp = header(req, "x-mlflow-timestamp") ?? "";
    if (!/^\d{1,12}$/.test(timestamp))
      return refuse(400, declared, "X-MLflow-Timestamp is not a Unix time in seconds", true);
    const skew = Math.abs(clock() / 1000 - Number(timestamp));
    if (skew > TIMESTAMP_TOLERANCE_SECONDS)
      return refuse(
        400,
        declared,
        `X-MLflow-Timestamp is ${Math.round(skew)} s from the server's clock (more than ${TIMESTAMP_TOLERANCE_SECONDS} s): a stale or replayed delivery`,
        true,
      );
    const type = String(req.headers["content-type"] ?? "")
      .split(";")[0]
      ?.trim()
      .toLowerCase();
    if (type !== "application/json")
      return refuse(415, declared, "the content type is not application/json", true);
    let sources: readonly WebhookSource[];
    try {
      sources = await options.sources();
    } catch {
      return refuse(503, declared, "the bound MLflow webhook secrets could not be read", true);
    }
    if (sources.length === 0)
      return refuse(
        404,
        declared,
        "no MLflow webhook secret is bound (webhookSecret of an mlflow integration in the server configuration)",
        true,
      );
    const signature = mlflowSignature(
      req.headers["x-mlflow-signature"],
      delivery,
      timestamp,
      sources.map((s) => s.secret),
    );
    const reading = readSignedBody(req, signature, { maxBytes, budget });
    try {
      const read: BodyRead = await reading.result;
      if (read.kind === "too-large")
        return refuse(413, read.bytes, `the body is larger than ${maxBytes} bytes`, true);
      if (read.kind === "busy")
        return refuse(503, read.bytes, "too many webhook bytes are being read at once; try again", true);
      if (read.kind === "aborted") {
        options.log.warn(
          { source: "mlflow", delivery, bytes: read.bytes, reason: "the sender closed the connection early" },
          "MLflow webhook delivery refused",
        );
        record("mlflow", "rejected");
        return true;
      }
      const source = sources[read.signer];
      if (!read.signed || !source)
        return refuse(
          401,
          read.bytes,
          "the X-MLflow-Signature does not match the body with any bound MLflow webhook secret",
        );
      if (options.accepting && !options.accepting())
        return refuse(503, read.bytes, "Slipway is shutting down; MLflow retries this delivery");
      if (!deliveries.begin(delivery, clock()))
        return refuse(409, read.bytes, "this delivery id was received already: a replay");
      let parsed: ReturnType<typeof parseRegistryEvent>;
      try {
        parsed = parseRegistryEvent(JSON.parse(read.body.toString("utf8")));
      } catch {
        parsed = { problem: "the body is signed but is not JSON" };
      }
      if ("problem" in parsed) {
        deliveries.done(delivery, clock());
        return refuse(400, read.bytes, parsed.problem);
      }
      const { event } = parsed;
      const label = event.kind === "ignored" ? "mlflow" : `mlflow_${event.kind.replace("-", "_")}`;
      if (event.kind !== "ignored" && !options.receive(event, source, delivery)) {
        deliveries.failed(delivery);
        return refuse(503, read.bytes, "the work queue is full; MLflow retries this delivery");
      }
      deliveries.done(delivery, clock());
      record(label, "handled");
      options.log.info(
        {
          source: "mlflow",
          delivery,
          bytes: read.bytes,
          event: event.kind === "ignored" ? event.event : event.kind,
        },
        "MLflow webhook delivery",
      );
      answer(200, event.kind === "ignored" ? `ignored: ${event.event}` : "ok");
      return true;
    } finally {
      reading.release();
    }
  };
}

function headerName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()).replace("Mlflow", "MLflow");
}
