import { AsyncLocalStorage } from "node:async_hooks";
import type { Probot } from "probot";

/** What a webhook handler failure is logged with: the event and delivery, a bounded reason, no payload. */
export interface HandlerFailureLog {
  error(fields: object, message: string): void;
}

const delivery = new AsyncLocalStorage<{ failed: boolean }>();

/**
 * Makes every handler the app registers with `probot.on` catch its own error: it is logged once, as one
 * line without the payload, and the delivery is marked failed. An error escaping a handler would
 * otherwise reach @octokit/webhooks, which attaches the whole event to it, and Probot's error handler,
 * which logs that at error level with its stack. Call before the app is loaded.
 */
export function guardHandlers(probot: Probot, log: HandlerFailureLog): void {
  const on = probot.on.bind(probot);
  probot.on = ((names: Parameters<Probot["on"]>[0], handler: (context: never) => unknown) =>
    on(names, async (context) => {
      try {
        await handler(context as never);
      } catch (error) {
        const store = delivery.getStore();
        if (store) store.failed = true;
        log.error(
          { event: context.name, delivery: context.id, reason: reasonOf(error), at: whereThrown(error) },
          "webhook handler failed",
        );
      }
    })) as Probot["on"];
}

/** Runs the handlers of one delivery; true when every one of them finished without an error. */
export async function runGuarded(receive: () => Promise<void>): Promise<boolean> {
  const store = { failed: false };
  await delivery.run(store, receive);
  return !store.failed;
}

/** An error's name and first line, bounded: enough to find the bug, nothing of the event. */
export function reasonOf(error: unknown): string {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n")[0] ?? "";
  return `${name}: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`;
}

/** The source line an error was thrown from (its stack's first frame), or undefined. */
export function whereThrown(error: unknown): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  return stack
    ?.split("\n")
    .find((l) => /^\s+at /.test(l))
    ?.trim()
    .slice(3, 300);
}
