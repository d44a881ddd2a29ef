import type { Probot } from "probot";
import type { DeliveryOutcome } from "../metrics/slipway-metrics.ts";

export interface DeliveryGateOptions {
  /** False once the server is shutting down: deliveries are then refused with 503. */
  readonly accepting: () => boolean;
  readonly record?: (event: string, outcome: DeliveryOutcome, seconds: number) => void;
  /** Milliseconds, monotonic (default `performance.now`). */
  readonly now?: () => number;
}

/** What @octokit/webhooks' middleware turns into an HTTP answer: the first error's `status` and message. */
function refusal(): AggregateError {
  const error = Object.assign(
    new Error(
      "Slipway is shutting down and takes no new webhook deliveries; redeliver this one, or let the sweep review open pull requests after the restart",
    ),
    { status: 503 },
  );
  return new AggregateError([error], error.message);
}

function statusOf(error: unknown): number | undefined {
  const errors = (error as { errors?: unknown })?.errors;
  const first = Array.isArray(errors) ? (errors[0] as { status?: unknown } | undefined) : undefined;
  return typeof first?.status === "number" ? first.status : undefined;
}

/**
 * Every webhook delivery passes through `verifyAndReceive` (Probot's server calls it for each POST to the
 * webhook path, after reading the body): wrapping it is the one place that sees a delivery's event,
 * signature check, handling time and outcome, and can refuse deliveries while the server drains —
 * Probot's own middleware runs before any handler added with `addHandler`. The event label is the
 * header's only once the signature proved GitHub sent it.
 */
export function gateDeliveries(app: Probot, options: DeliveryGateOptions): void {
  const webhooks = app.webhooks;
  const receive = webhooks.verifyAndReceive.bind(webhooks);
  const now = options.now ?? (() => performance.now());
  webhooks.verifyAndReceive = async (delivery) => {
    const started = now();
    const record = (event: string, outcome: DeliveryOutcome) =>
      options.record?.(event, outcome, (now() - started) / 1000);
    if (!options.accepting()) {
      const genuine = await webhooks.verify(delivery.payload, delivery.signature).catch(() => false);
      record(genuine ? delivery.name : "unknown", genuine ? "refused" : "rejected");
      throw refusal();
    }
    try {
      await receive(delivery);
      record(delivery.name, "handled");
    } catch (error) {
      // @octokit/webhooks answers 400 for a signature that does not match (or a body that is not JSON).
      const rejected = statusOf(error) === 400;
      record(rejected ? "unknown" : delivery.name, rejected ? "rejected" : "failed");
      throw error;
    }
  };
}
