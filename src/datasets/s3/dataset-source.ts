// The datasets port: what reading a dataset needs from a store. Two implementations: S3 (and
// S3-compatible stores) in `s3-source.ts`, local files for the CLI in `local-source.ts`. Locations are
// URIs (`s3://bucket/key`) or paths; every method rejects with a `DatasetFault` or a `DatasetError`
// (never another error), and no message carries a credential.

/** One stored object: where it is and how many bytes it holds. */
export interface ObjectEntry {
  readonly uri: string;
  readonly size: number;
  /** When the object was last written (ms since the epoch), where the store says. */
  readonly modified?: number;
}

/** One page of a listing; `next` is absent on the last page. */
export interface ObjectPage {
  readonly objects: readonly ObjectEntry[];
  readonly next?: string;
}

/** An opened object: its size when the store told it, and its bytes as they arrive. */
export interface OpenedObject {
  readonly size: number | undefined;
  readonly body: AsyncIterable<Uint8Array>;
  /** Stops the transfer early (after a limit is hit); safe to call twice. */
  cancel(): void;
}

export interface DatasetSource {
  /**
   * One page of the objects whose URI starts with `prefix`, in key order; with `startAfter` (a URI),
   * only those sorting after it (S3's StartAfter: a Delta log is listed from its last checkpoint).
   * Callers filter again: a source may ignore `startAfter` and list from the start.
   */
  list(prefix: string, page?: string, startAfter?: string): Promise<ObjectPage>;
  /**
   * Opens one object. An object whose announced size exceeds `maxBytes` is refused before its body is
   * read; a body that grows past `maxBytes` while streaming fails with the same error.
   */
  open(uri: string, maxBytes: number): Promise<OpenedObject>;
}

export type DatasetFaultKind =
  | "not-found"
  | "auth"
  | "access-denied"
  | "unreachable"
  | "timeout"
  | "invalid"
  | "server";

/**
 * The store could not answer: a fault, not a finding. It is mapped where faults are mapped (a failed
 * check, an exit code); the message names the URI and the store's error code, never a credential or a
 * message body the store sent back (S3's SignatureDoesNotMatch body repeats the access key id).
 */
export class DatasetFault extends Error {
  override readonly name = "DatasetFault";
  readonly kind: DatasetFaultKind;
  readonly uri: string;

  constructor(kind: DatasetFaultKind, uri: string, detail: string) {
    super(`${uri}: ${detail}`);
    this.kind = kind;
    this.uri = uri;
  }
}

export function isDatasetFault(error: unknown): error is DatasetFault {
  return error instanceof DatasetFault;
}

/** A credential reference from the server binding: `{ env: NAME }` or `{ file: path }`. */
export type CredentialRef = { readonly env: string } | { readonly file: string };

/** Reads a referenced secret (`nodeSecretReader` in src/tracker fits); injected, never global. */
export type ReadSecret = (ref: CredentialRef) => Promise<string>;
