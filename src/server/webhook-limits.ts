// How much of a webhook delivery Slipway will hold before it knows who sent it (issue #16).

/**
 * The largest body accepted: GitHub's own cap ("payloads are capped at 25 MB"; a larger event is not
 * delivered at all), so no genuine delivery is refused. A larger body is answered 413 unread.
 */
export const MAX_WEBHOOK_BYTES = 25_000_000;

/**
 * Bytes of all deliveries being read at once. A signature can only be checked once the whole body is
 * in, so forged bodies below the cap are held until then; this bounds how many can be held together
 * (four at the cap) well inside the pod's memory limit. Past it a delivery is answered 503 unread.
 */
export const MAX_WEBHOOK_BYTES_IN_FLIGHT = 4 * MAX_WEBHOOK_BYTES;

/** After a 413, this much more of the body is read and dropped so the sender sees the answer; then the connection is closed. */
export const DISCARD_AFTER_REFUSAL_BYTES = 32 * 1024 * 1024;

/** A delivery whose body has not fully arrived in this time is dropped (Node's `requestTimeout`). */
export const WEBHOOK_READ_TIMEOUT_MS = 60_000;

/** Bytes held by deliveries being read, shared by every connection of one server. */
export class ByteBudget {
  #used = 0;
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Reserves `bytes`; false (nothing reserved) when that would pass the limit. */
  take(bytes: number): boolean {
    if (this.#used + bytes > this.limit) return false;
    this.#used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }

  get used(): number {
    return this.#used;
  }
}
