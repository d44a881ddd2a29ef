// Reservoir sampling, Li's Algorithm L ("Reservoir-sampling algorithms of time complexity
// O(n(1 + log(N/n)))", 1994): k items uniformly from a stream of unknown length, drawing random
// numbers only at the items it keeps, so skipping a billion rows costs little. The caller stores the
// items; the sampler says which slot each one goes to. Pure: the generator is passed in.

export class ReservoirSampler {
  readonly size: number;
  private readonly random: () => number;
  private seen = 0;
  private next = 0;
  private w = 0;

  constructor(size: number, random: () => number) {
    if (!Number.isSafeInteger(size) || size < 1)
      throw new RangeError(`a sample needs at least one row, not ${size}`);
    this.size = size;
    this.random = random;
  }

  /** In (0, 1]: never 0, whose logarithm would be −∞. */
  private uniform(): number {
    return 1 - this.random();
  }

  private skip(): number {
    return Math.floor(Math.log(this.uniform()) / Math.log(1 - this.w)) + 1;
  }

  /** The slot the next item of the stream goes to (replacing what is there), or −1 to drop it. */
  offer(): number {
    const index = this.seen++;
    if (index < this.size) {
      if (index === this.size - 1) {
        this.w = Math.exp(Math.log(this.uniform()) / this.size);
        this.next = this.size - 1 + this.skip();
      }
      return index;
    }
    if (index !== this.next) return -1;
    const slot = Math.floor(this.random() * this.size);
    this.w *= Math.exp(Math.log(this.uniform()) / this.size);
    this.next += this.skip();
    return slot;
  }

  /** Items offered so far. */
  get offered(): number {
    return this.seen;
  }

  /**
   * Offers the next `count` items at once, calling `keep` with the offset (0 … count−1) and slot of
   * each kept one and jumping over the rest — for items already counted (a decoded Parquet table).
   */
  offerRange(count: number, keep: (offset: number, slot: number) => void): void {
    const start = this.seen;
    const end = start + count;
    while (this.seen < end) {
      if (this.seen >= this.size && this.next >= end) {
        this.seen = end;
        break;
      }
      if (this.seen >= this.size && this.next > this.seen) this.seen = this.next;
      const at = this.seen;
      const slot = this.offer();
      if (slot >= 0) keep(at - start, slot);
    }
  }
}
