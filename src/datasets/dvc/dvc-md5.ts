import { createHash, type Hash } from "node:crypto";

// DVC's content hashes. DVC 3 (`hash: md5`) is the md5 of the bytes. DVC 2 (no `hash` field) is the
// md5 of the bytes as DVC 2.x read them: a file whose first 512 bytes look like text (no NUL, at most
// 30% bytes outside printable ASCII and \n \r \t \f \b) is hashed with CRLF turned into LF, in
// 1 MiB blocks, each converted on its own (a CRLF split across two blocks is kept) — the
// dvc-data `istextblock` and `HashStreamFile` rules. A `.dir` manifest is hashed like any file.

const TEXT_PROBE = 512;
const BLOCK = 1024 * 1024;
const TEXT_BYTES = new Set([...Array.from({ length: 95 }, (_, i) => 32 + i), 0x0a, 0x0d, 0x09, 0x0c, 0x08]);

/** dvc-data's `istextblock`: the heuristic DVC 2 applied to a file's first 512 bytes. */
export function looksLikeText(block: Uint8Array): boolean {
  if (block.length === 0) return true;
  let other = 0;
  for (const b of block) {
    if (b === 0) return false;
    if (!TEXT_BYTES.has(b)) other++;
  }
  return other / block.length <= 0.3;
}

function dos2unix(block: Uint8Array): Uint8Array {
  let crlf = 0;
  for (let i = 0; i + 1 < block.length; i++) if (block[i] === 0x0d && block[i + 1] === 0x0a) crlf++;
  if (crlf === 0) return block;
  const out = new Uint8Array(block.length - crlf);
  let k = 0;
  for (let i = 0; i < block.length; i++) {
    if (block[i] === 0x0d && block[i + 1] === 0x0a && i + 1 < block.length) continue;
    out[k++] = block[i] as number;
  }
  return out;
}

/** Streams an object's bytes into its DVC hash. */
export class DvcHasher {
  readonly #legacy: boolean;
  readonly #md5: Hash = createHash("md5");
  /** DVC 2: bytes waiting to fill a 1 MiB block, and whether the file reads as text. */
  #pending: Uint8Array[] = [];
  #pendingLength = 0;
  #text: boolean | undefined;

  constructor(legacy: boolean) {
    this.#legacy = legacy;
  }

  update(chunk: Uint8Array): void {
    if (!this.#legacy) {
      this.#md5.update(chunk);
      return;
    }
    this.#pending.push(chunk);
    this.#pendingLength += chunk.byteLength;
    while (this.#pendingLength >= BLOCK) this.#block(BLOCK);
  }

  #block(size: number): void {
    const joined = Buffer.concat(this.#pending, this.#pendingLength);
    const block = joined.subarray(0, size);
    const rest = joined.subarray(size);
    this.#pending = rest.length > 0 ? [rest] : [];
    this.#pendingLength = rest.length;
    this.#text ??= looksLikeText(block.subarray(0, TEXT_PROBE));
    this.#md5.update(this.#text ? dos2unix(block) : block);
  }

  /** The hex digest (without any `.dir` suffix). */
  digest(): string {
    if (this.#legacy && this.#pendingLength > 0) this.#block(this.#pendingLength);
    return this.#md5.digest("hex");
  }
}
