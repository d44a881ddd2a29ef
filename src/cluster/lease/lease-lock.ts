import { isClusterFault } from "../cluster-port.ts";
import type { LeaseClock } from "./lease-clock.ts";
import { type LeaseRecord, type StoredLease, sameRecord } from "./lease-record.ts";
import type { LeaseStore } from "./lease-store.ts";

/** `slipway-env-<env>`: the Lease whose holder is the one writer to an environment. */
export function executorLeaseName(environment: string): string {
  const name = `slipway-env-${environment}`;
  // Environment names are DNS labels in the server configuration; a Lease name must be a DNS subdomain.
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(environment) || name.length > 253)
    throw new RangeError(
      `environment name "${environment}" cannot name a Lease (lowercase letters, digits, '-')`,
    );
  return name;
}

export interface AttemptResult {
  /** Whether this candidate holds the lease now. */
  readonly held: boolean;
  /** Who holds it as last observed ("" for nobody), for logs. */
  readonly holder: string;
  /** Set when the attempt could not reach a verdict (the API failed); the message names no secret. */
  readonly fault?: string;
  /**
   * The API server refused the request itself (401, 403: RBAC or credentials), which no retry cures
   * until an operator changes them — unlike a timeout or a 5xx.
   */
  readonly refused?: boolean;
}

/**
 * One candidate's view of one Lease, and the two moves on it: try to acquire or renew, and release.
 * The logic is client-go's `tryAcquireOrRenew`: a lease held by someone else counts as expired only
 * when it has not changed for `leaseDurationSeconds` of *this* replica's clock since it last saw it
 * change — never by comparing another machine's `renewTime` with ours, so clock skew cannot make two
 * holders. Every write carries the resourceVersion it was based on: of two candidates racing, one wins.
 */
export class LeaseLock {
  readonly name: string;
  readonly identity: string;
  readonly #store: LeaseStore;
  readonly #clock: LeaseClock;
  readonly #durationSeconds: number;
  #observed: StoredLease | undefined;
  #observedAt = 0;

  constructor(options: {
    store: LeaseStore;
    name: string;
    identity: string;
    clock: LeaseClock;
    leaseDurationMs: number;
  }) {
    if (options.identity === "") throw new RangeError("a lease candidate needs a non-empty identity");
    this.#store = options.store;
    this.name = options.name;
    this.identity = options.identity;
    this.#clock = options.clock;
    this.#durationSeconds = Math.round(options.leaseDurationMs / 1000);
  }

  /** Whether the last observed record names this candidate as holder. */
  get holdsObserved(): boolean {
    return this.#observed?.record.holderIdentity === this.identity;
  }

  #observe(lease: StoredLease, now: number): void {
    if (!sameRecord(lease.record, this.#observed?.record)) this.#observedAt = now;
    this.#observed = lease;
  }

  async tryAcquireOrRenew(): Promise<AttemptResult> {
    const now = this.#clock.now();
    const mine = (previous: LeaseRecord | undefined): LeaseRecord => ({
      holderIdentity: this.identity,
      leaseDurationSeconds: this.#durationSeconds,
      renewTime: now,
      // Renewing keeps the acquisition; taking over is one more transition.
      acquireTime: previous?.holderIdentity === this.identity ? previous.acquireTime : now,
      leaseTransitions:
        previous === undefined
          ? 0
          : previous.leaseTransitions + (previous.holderIdentity === this.identity ? 0 : 1),
    });
    try {
      const observed = this.#observed;
      // The holder renews against the version it wrote last: one request, not two. A conflict means
      // someone else wrote since, so fall through and read what they wrote.
      if (observed && this.holdsObserved) {
        const renewed = await this.#attemptWrite(() =>
          this.#store.update(this.name, mine(observed.record), observed.resourceVersion),
        );
        if (renewed) return this.#won(renewed, now);
      }
      const current = await this.#store.get(this.name);
      if (current === null) {
        const created = await this.#attemptWrite(() => this.#store.create(this.name, mine(undefined)));
        return created ? this.#won(created, now) : this.#lost();
      }
      this.#observe(current, now);
      const { record } = current;
      const expiresAt = this.#observedAt + record.leaseDurationSeconds * 1000;
      if (record.holderIdentity !== "" && record.holderIdentity !== this.identity && now < expiresAt)
        return this.#lost();
      const taken = await this.#attemptWrite(() =>
        this.#store.update(this.name, mine(record), current.resourceVersion),
      );
      return taken ? this.#won(taken, now) : this.#lost();
    } catch (error) {
      if (!isClusterFault(error)) throw error;
      const refused = error.kind === "forbidden" || error.kind === "auth";
      return {
        held: false,
        holder: this.#observed?.record.holderIdentity ?? "",
        fault: error.message,
        ...(refused ? { refused } : {}),
      };
    }
  }

  /**
   * Gives the lease up if this candidate holds it, as client-go's `release`: nobody holds it and it
   * lasts one second, so others take it at their next try instead of waiting for it to expire.
   * Conditional on the version last written: if someone else took it meanwhile, theirs stands.
   */
  async release(): Promise<boolean> {
    const observed = this.#observed;
    if (!observed || !this.holdsObserved) return false;
    const now = this.#clock.now();
    try {
      const released = await this.#store.update(
        this.name,
        {
          holderIdentity: "",
          leaseDurationSeconds: 1,
          acquireTime: now,
          renewTime: now,
          leaseTransitions: observed.record.leaseTransitions,
        },
        observed.resourceVersion,
      );
      this.#observe(released, now);
      return true;
    } catch (error) {
      if (!isClusterFault(error)) throw error;
      return false;
    }
  }

  /** A write that lost a race answers null; any other fault propagates. */
  async #attemptWrite(write: () => Promise<StoredLease>): Promise<StoredLease | null> {
    try {
      return await write();
    } catch (error) {
      if (isClusterFault(error) && error.kind === "conflict") return null;
      throw error;
    }
  }

  #won(lease: StoredLease, now: number): AttemptResult {
    this.#observe(lease, now);
    return { held: true, holder: this.identity };
  }

  #lost(): AttemptResult {
    return { held: false, holder: this.#observed?.record.holderIdentity ?? "" };
  }
}
