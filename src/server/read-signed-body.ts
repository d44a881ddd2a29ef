import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { ByteBudget } from "./webhook-limits.ts";

/** What reading a delivery's body gave; `bytes` is how much arrived (or was declared, for a refusal unread). */
export type BodyRead =
  | {
      kind: "read";
      body: Buffer;
      bytes: number;
      signed: boolean;
      /** The index of the secret whose HMAC the signature carries (-1 when none does). */
      signer: number;
    }
  | { kind: "too-large"; bytes: number }
  | { kind: "busy"; bytes: number }
  | { kind: "aborted"; bytes: number };

export interface BodyLimits {
  readonly maxBytes: number;
  readonly budget: ByteBudget;
}

/**
 * How a sender signs its bodies with HMAC-SHA256: the candidate secrets (GitHub's one webhook secret;
 * the MLflow webhook secrets the server binds), the text signed before the body (MLflow signs
 * "<delivery id>.<timestamp>." then the body), and which digest the request's signature header carries.
 */
export interface SignatureCheck {
  readonly secrets: readonly string[];
  readonly prefix?: string;
  /** The index of the digest (one per secret, in order) the signature matches, or -1. */
  readonly match: (digests: readonly Buffer[]) => number;
}

/** GitHub's `X-Hub-Signature-256: sha256=<hex>` over the body alone. */
export function githubSignature(req: IncomingMessage, secret: string): SignatureCheck {
  return {
    secrets: [secret],
    match: ([digest]) => (digest && signatureMatches(req.headers["x-hub-signature-256"], digest) ? 0 : -1),
  };
}

/**
 * Reads a webhook body as it streams in, feeding each chunk to the HMAC-SHA256 of every candidate secret
 * and stopping at the cap: a declared Content-Length over the cap is refused before a byte is read, a
 * chunked body as soon as it passes the cap. The bytes held count against the shared budget until the
 * caller gives them back (`release`), once it is done with the body.
 */
export function readSignedBody(
  req: IncomingMessage,
  check: SignatureCheck,
  limits: BodyLimits,
): { result: Promise<BodyRead>; release: () => void } {
  let held = 0;
  const release = () => {
    limits.budget.give(held);
    held = 0;
  };
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes)
    return { result: Promise.resolve({ kind: "too-large", bytes: declared }), release };
  const result = new Promise<BodyRead>((resolve) => {
    const hmacs = check.secrets.map((secret) => {
      const hmac = createHmac("sha256", secret);
      if (check.prefix !== undefined) hmac.update(check.prefix, "utf8");
      return hmac;
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    const stop = (read: BodyRead) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      req.off("error", onAborted);
      if (read.kind !== "read") {
        chunks.length = 0;
        release();
      }
      resolve(read);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) return stop({ kind: "too-large", bytes });
      if (!limits.budget.take(chunk.length)) return stop({ kind: "busy", bytes });
      held += chunk.length;
      for (const hmac of hmacs) hmac.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = () => {
      const signer = check.match(hmacs.map((h) => h.digest()));
      const signed = signer >= 0;
      // A forged body is not copied into one buffer: nothing will read it.
      stop({
        kind: "read",
        body: signed ? Buffer.concat(chunks, bytes) : Buffer.alloc(0),
        bytes,
        signed,
        signer,
      });
    };
    const onAborted = () => stop({ kind: "aborted", bytes });
    const onClose = () => {
      if (!req.complete) onAborted();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
    req.on("error", onAborted);
  });
  return { result, release };
}

/** `sha256=<64 hex digits>` against the digest, in constant time; anything else does not match. */
export function signatureMatches(header: string | string[] | undefined, digest: Buffer): boolean {
  if (typeof header !== "string") return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  return timingSafeEqual(Buffer.from(match[1] as string, "hex"), digest);
}

/**
 * After an answer sent before the body was read, drops what still arrives so the sender reads the
 * answer rather than a reset; past `limit` more bytes the connection is closed.
 */
export function discardRest(req: IncomingMessage, limit: number): void {
  let dropped = 0;
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit) req.socket.destroy();
  });
  req.on("error", () => undefined);
  req.resume();
}
