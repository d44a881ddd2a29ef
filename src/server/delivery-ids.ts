/**
 * Delivery ids of MLflow webhooks seen recently, so a replayed delivery is refused (issue #19). An id is
 * remembered once its delivery was handled, for as long as its timestamp could still pass the staleness
 * check (twice the tolerance, for clock skew either way); one being handled is refused too, so a
 * duplicate racing the first does nothing. A delivery that failed is forgotten: MLflow's own retry of a
 * 5xx reuses its id and must be handled. Bounded: past `capacity` the oldest ids are dropped (their
 * timestamps are the first to go stale).
 */
export class DeliveryIds {
  readonly #seen = new Map<string, number>();
  readonly #handling = new Set<string>();
  readonly #keepMs: number;
  readonly #capacity: number;

  constructor(options: { keepMs: number; capacity?: number }) {
    this.#keepMs = options.keepMs;
    this.#capacity = options.capacity ?? 10_000;
  }

  /** True when `id` may be handled now (not seen, not in hand); it is then in hand until `done`/`failed`. */
  begin(id: string, nowMs: number): boolean {
    this.#expire(nowMs);
    if (this.#seen.has(id) || this.#handling.has(id)) return false;
    this.#handling.add(id);
    return true;
  }

  done(id: string, nowMs: number): void {
    this.#handling.delete(id);
    this.#seen.delete(id);
    this.#seen.set(id, nowMs + this.#keepMs);
    while (this.#seen.size > this.#capacity) {
      const oldest = this.#seen.keys().next().value as string;
      this.#seen.delete(oldest);
    }
  }

  failed(id: string): void {
    this.#handling.delete(id);
  }

  get size(): number {
    return this.#seen.size;
  }

  #expire(nowMs: number): void {
    // Insertion order is expiry order: every id is kept for the same time.
    for (const [id, until] of this.#seen) {
      if (until > nowMs) break;
      this.#seen.delete(id);
    }
  }
}
