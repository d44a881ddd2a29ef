import type { IncomingMessage, ServerResponse } from "node:http";
import { metricsHandler } from "../metrics/metrics-handler.ts";
import type { SlipwayMetrics } from "../metrics/slipway-metrics.ts";

/** What `slipway serve` adds around the app: metrics, and the switch that stops it taking webhooks. */
export interface ServerOperations {
  readonly metrics: SlipwayMetrics;
  /** False once shutdown began: webhooks are refused (503) and `/readyz` reports unready. */
  readonly accepting: () => boolean;
}

type AddHandler = (
  handler: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>,
) => void;

/**
 * `/metrics` and the webhook queue's depth at each scrape. Deliveries are counted, and refused while
 * shutting down, by the server's webhook intake (src/server/webhook-intake.ts).
 */
export function wireOperations(
  addHandler: AddHandler,
  operations: ServerOperations,
  queue: { readonly depth: number },
): void {
  addHandler(metricsHandler(operations.metrics.registry));
  operations.metrics.watchWebhookQueue(() => queue.depth);
}
