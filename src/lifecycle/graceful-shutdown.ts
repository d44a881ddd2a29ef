import type { Shutdown, StopLog } from "./shutdown.ts";

export interface DrainableQueue {
  /** Jobs queued or running. */
  readonly depth: number;
  /** Resolves when every queued job has finished. */
  idle(): Promise<void>;
}

export interface ShutdownLog extends StopLog {
  info(fields: object, message: string): void;
}

export interface GracefulShutdownOptions {
  readonly shutdown: Shutdown;
  readonly queue: DrainableQueue;
  /** How long running and queued jobs may take before they are abandoned. */
  readonly graceMs: number;
  readonly log: ShutdownLog;
  /** Closes the HTTP server (health probes are answered until then). */
  readonly closeServer: () => Promise<void>;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ShutdownReport {
  readonly drained: boolean;
  /** Jobs still queued or running when the grace period ran out. */
  readonly abandoned: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Issue #10, item 5: stop taking work (webhooks answer 503, `/readyz` turns unready so the Service stops
 * routing here), let queued jobs finish within the grace period, then run the stop steps (leases are
 * released, so another replica takes over at once) and close the server. Abandoned review jobs are
 * safe: their checks stay incomplete and the sweep reviews those pull requests again.
 */
export async function shutDownGracefully(options: GracefulShutdownOptions): Promise<ShutdownReport> {
  const { shutdown, queue, log } = options;
  shutdown.begin("shutdown requested");
  log.info({ queueDepth: queue.depth, graceMs: options.graceMs }, "shutting down: no new webhooks; draining");
  const sleep = options.sleep ?? defaultSleep;
  const drained = await Promise.race([
    queue.idle().then(() => true),
    sleep(options.graceMs).then(() => false),
  ]);
  const abandoned = drained ? 0 : queue.depth;
  if (!drained)
    log.warn({ abandoned }, "grace period over; abandoning queued jobs (the sweep picks them up)");
  await shutdown.runStops(log);
  await options.closeServer();
  log.info({ drained, abandoned }, "shut down");
  return { drained, abandoned };
}
