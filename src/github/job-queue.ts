export interface QueueLog {
  error: (obj: object, message: string) => void;
}

/**
 * The in-process work queue behind webhooks: a delivery is acknowledged as soon as its job is queued.
 * Jobs with the same key (one pull request) run one after another in arrival order; different keys run
 * in parallel up to `concurrency`. The queue is bounded: when full, `enqueue` says so and the sweep
 * picks the work up later, rather than memory growing without limit.
 */
export class KeyedJobQueue {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #waiting: (() => void)[] = [];
  readonly #maxPending: number;
  readonly #concurrency: number;
  readonly #log: QueueLog;
  #pending = 0;
  #running = 0;

  constructor(options: { maxPending?: number; concurrency?: number; log: QueueLog }) {
    this.#maxPending = options.maxPending ?? 1000;
    this.#concurrency = options.concurrency ?? 4;
    this.#log = options.log;
  }

  get depth(): number {
    return this.#pending;
  }

  /** Queues `job` after earlier jobs of the same key; false when the queue is full. */
  enqueue(key: string, job: () => Promise<void>): boolean {
    if (this.#pending >= this.#maxPending) return false;
    this.#pending++;
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#run(job));
    this.#chains.set(key, next);
    void next.then(() => {
      if (this.#chains.get(key) === next) this.#chains.delete(key);
    });
    return true;
  }

  /** Resolves when every job queued so far has finished. */
  async idle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all([...this.#chains.values()]);
  }

  async #run(job: () => Promise<void>): Promise<void> {
    if (this.#running >= this.#concurrency) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running++;
    try {
      await job();
    } catch (error) {
      this.#log.error({ err: error }, "queued job failed");
    } finally {
      this.#running--;
      this.#pending--;
      this.#waiting.shift()?.();
    }
  }
}
