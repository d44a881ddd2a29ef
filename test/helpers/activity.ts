import type { Server } from "node:http";

// What tests wait on instead of sleeping: the system under test did something observable. A fake server
// answered a request (its state may have changed), or a process started by a test wrote output. Waits
// re-check their condition at each such event, so they end as soon as it holds, and only fall back to a
// slow re-check for what no event announces.

type Listener = () => void;
const listeners = new Set<Listener>();

/** Tells every waiter that something happened. */
export function notifyActivity(): void {
  for (const listener of [...listeners]) listener();
}

/** Calls `listener` at every activity until the returned function is called. */
export function onActivity(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Resolves at the next activity, or after `fallbackMs` when nothing happens. */
export function nextActivity(fallbackMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      listeners.delete(done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, fallbackMs);
    listeners.add(done);
  });
}

/** Announces every response `server` ends, sent or dropped (the fakes change their state before they answer). */
export function announceResponses(server: Server): void {
  server.on("request", (_request, response) => response.once("close", notifyActivity));
}
