/**
 * Aborts when the server starts shutting down (SIGTERM, SIGINT). Components that run long work observe
 * it — the apply engine finishes or safely abandons its current apply with the inventory consistent, an
 * executor stops taking intents — and register with `Shutdown.onStop` what must happen before exit.
 */
export type ShutdownSignal = AbortSignal;

interface StopStep {
  readonly name: string;
  readonly run: () => Promise<void>;
}

export interface StopLog {
  warn(fields: object, message: string): void;
}

/** The server's shutdown: one signal, and the steps that run once new work has stopped. */
export class Shutdown {
  readonly #controller = new AbortController();
  readonly #steps: StopStep[] = [];

  get signal(): ShutdownSignal {
    return this.#controller.signal;
  }

  /** True until shutdown begins: the server takes webhooks and reports ready. */
  get accepting(): boolean {
    return !this.#controller.signal.aborted;
  }

  /** Runs at shutdown after the queue drained (or its grace ran out), last registered first. */
  onStop(name: string, run: () => Promise<void>): void {
    this.#steps.push({ name, run });
  }

  begin(reason: string): void {
    if (this.accepting) this.#controller.abort(new ShutdownStarted(reason));
  }

  /** Every step runs even when one fails; failures are logged by name (a lease not released expires). */
  async runStops(log: StopLog): Promise<void> {
    for (const step of [...this.#steps].reverse()) {
      try {
        await step.run();
      } catch (error) {
        log.warn(
          { step: step.name, reason: (error as Error)?.message ?? String(error) },
          "shutdown step failed",
        );
      }
    }
  }
}

/** The abort reason of a ShutdownSignal: which signal or caller started it. */
export class ShutdownStarted extends Error {
  override readonly name = "ShutdownStarted";
}
