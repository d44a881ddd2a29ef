import { type LeaseClock, systemClock } from "./lease-clock.ts";
import type { AttemptResult, LeaseLock } from "./lease-lock.ts";
import { ACQUIRE_JITTER, checkTiming, DEFAULT_LEASE_TIMING, type LeaseTiming } from "./lease-timing.ts";

export interface LeaderCallbacks {
  /** This candidate leads from now until `leading` aborts; work it starts must watch that signal. */
  onStartedLeading(leading: AbortSignal): void;
  /**
   * Leadership ended (lost, or given up on shutdown). On shutdown the lease is released only after
   * this resolves, so finish or safely abandon the work here: a successor may start at once.
   */
  onStoppedLeading(): void | Promise<void>;
  /** The holder changed as this candidate observed it ("" when released). */
  onNewLeader?(identity: string): void;
}

export interface ElectionLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface LeaderElectorOptions {
  readonly lock: LeaseLock;
  readonly callbacks: LeaderCallbacks;
  readonly timing?: Partial<LeaseTiming>;
  readonly clock?: LeaseClock;
  /** In [0, 1), for the acquire jitter. */
  readonly random?: () => number;
  readonly log?: ElectionLog;
  /**
   * Stop campaigning when the API server refuses the lease request itself (401, 403), leaving the
   * reason in `refusal`, instead of retrying every period: for work that comes and goes, whose caller
   * says so and tries again later. A process-long campaign keeps retrying, as client-go's does.
   */
  readonly stopWhenRefused?: boolean;
}

const quiet: ElectionLog = { info: () => {}, warn: () => {} };

/**
 * Leader election on a Lease, as client-go's LeaderElector (which `@kubernetes/client-node` lacks):
 * try to acquire every retry period (jittered); once held, renew every retry period; stop leading as
 * soon as a renewal has not succeeded within the renew deadline — before the lease duration others wait,
 * so two candidates never both lead. A lost leader becomes a candidate again. `run` ends when its
 * signal aborts: leadership stops (`onStoppedLeading` is awaited) and the lease is released.
 */
export class LeaderElector {
  readonly #lock: LeaseLock;
  readonly #callbacks: LeaderCallbacks;
  readonly #timing: LeaseTiming;
  readonly #clock: LeaseClock;
  readonly #random: () => number;
  readonly #log: ElectionLog;
  #leading: AbortController | undefined;
  #renewedAt = 0;
  #holder: string | undefined;
  #inflight: Promise<AttemptResult> | undefined;
  readonly #stopWhenRefused: boolean;
  #refusal: string | undefined;

  constructor(options: LeaderElectorOptions) {
    this.#lock = options.lock;
    this.#callbacks = options.callbacks;
    this.#timing = checkTiming({ ...DEFAULT_LEASE_TIMING, ...options.timing });
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#log = options.log ?? quiet;
    this.#stopWhenRefused = options.stopWhenRefused ?? false;
  }

  /** Why the API server refused the lease, when a campaign stopped for that (`stopWhenRefused`). */
  get refusal(): string | undefined {
    return this.#refusal;
  }

  get identity(): string {
    return this.#lock.identity;
  }

  get leaseName(): string {
    return this.#lock.name;
  }

  /** Leading, and renewed recently enough that no one else can hold the lease: check before each write. */
  isLeader(): boolean {
    return this.#leading !== undefined && this.#clock.now() - this.#renewedAt < this.#timing.renewDeadlineMs;
  }

  /** Campaigns, leads and campaigns again until `stop` aborts; then releases the lease if held. */
  async run(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      if (!(await this.#acquire(stop))) break;
      await this.#lead(stop);
    }
  }

  /** One try; never two at once (a renewal abandoned at its deadline may still be out). */
  async #attempt(): Promise<AttemptResult> {
    await this.#settled();
    const pending = this.#lock.tryAcquireOrRenew();
    this.#inflight = pending;
    const result = await pending.finally(() => {
      if (this.#inflight === pending) this.#inflight = undefined;
    });
    if (result.fault) this.#log.warn({ lease: this.#lock.name, fault: result.fault }, "lease request failed");
    if (result.holder !== this.#holder) {
      this.#holder = result.holder;
      this.#log.info({ lease: this.#lock.name, holder: result.holder }, "lease holder changed");
      this.#callbacks.onNewLeader?.(result.holder);
    }
    return result;
  }

  async #acquire(stop: AbortSignal): Promise<boolean> {
    const { retryPeriodMs } = this.#timing;
    while (!stop.aborted) {
      const { held, refused, fault } = await this.#attempt();
      if (refused && this.#stopWhenRefused) {
        this.#refusal = fault ?? "the API server refused the lease request";
        return false;
      }
      if (held && !stop.aborted) {
        this.#renewedAt = this.#clock.now();
        return true;
      }
      if (held) await this.#lock.release();
      await this.#clock.sleep(retryPeriodMs * (1 + ACQUIRE_JITTER * this.#random()), stop);
    }
    return false;
  }

  async #lead(stop: AbortSignal): Promise<void> {
    const leading = new AbortController();
    this.#leading = leading;
    this.#log.info({ lease: this.#lock.name, identity: this.identity }, "started leading");
    this.#callbacks.onStartedLeading(leading.signal);
    while (!stop.aborted && (await this.#renew(stop))) {}
    this.#leading = undefined;
    leading.abort();
    this.#log.info({ lease: this.#lock.name, identity: this.identity }, "stopped leading");
    await this.#callbacks.onStoppedLeading();
    await this.#settled();
    if (stop.aborted && (await this.#lock.release()))
      this.#log.info({ lease: this.#lock.name }, "lease released");
  }

  async #settled(): Promise<void> {
    if (this.#inflight) await this.#inflight.catch(() => undefined);
  }

  /**
   * One renewal period: sleep, then retry until the deadline. A request that hangs past the deadline
   * loses leadership at the deadline, not when it finally answers. False when leadership is lost.
   */
  async #renew(stop: AbortSignal): Promise<boolean> {
    const { retryPeriodMs, renewDeadlineMs } = this.#timing;
    await this.#clock.sleep(retryPeriodMs, stop);
    while (!stop.aborted) {
      const left = this.#renewedAt + renewDeadlineMs - this.#clock.now();
      if (left <= 0) break;
      const timer = new AbortController();
      const verdict = await Promise.race([
        this.#attempt().then((r) => (r.held ? "renewed" : "failed")),
        this.#clock.sleep(left, AbortSignal.any([timer.signal, stop])).then(() => "deadline" as const),
      ]);
      timer.abort();
      if (verdict === "renewed") {
        this.#renewedAt = this.#clock.now();
        return true;
      }
      if (verdict === "deadline") break;
      // Another holder won the lease (we were too slow): stop at once rather than at the deadline.
      if (this.#holder !== undefined && this.#holder !== "" && this.#holder !== this.identity) break;
      await this.#clock.sleep(Math.min(retryPeriodMs, Math.max(0, left)), stop);
    }
    if (!stop.aborted)
      this.#log.warn(
        { lease: this.#lock.name, renewDeadlineMs },
        "could not renew the lease within the renew deadline",
      );
    return false;
  }
}
