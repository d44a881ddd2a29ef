/**
 * Content-addressed cache of git blobs by SHA: a blob's content never changes, so a PR pushed again
 * re-reads only the files that changed. Bounded by total bytes, least recently used out first.
 */
export class BlobCache {
  readonly #entries = new Map<string, Uint8Array>();
  readonly #maxBytes: number;
  #bytes = 0;
  hits = 0;
  misses = 0;

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.#maxBytes = maxBytes;
  }

  get(sha: string): Uint8Array | undefined {
    const bytes = this.#entries.get(sha);
    if (bytes) {
      this.hits++;
      this.#entries.delete(sha);
      this.#entries.set(sha, bytes);
    } else this.misses++;
    return bytes;
  }

  set(sha: string, bytes: Uint8Array): void {
    if (bytes.length > this.#maxBytes || this.#entries.has(sha)) return;
    this.#entries.set(sha, bytes);
    this.#bytes += bytes.length;
    for (const [key, value] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(key);
      this.#bytes -= value.length;
    }
  }
}
