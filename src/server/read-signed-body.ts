import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { ByteBudget } from "./webhook-limits.ts";

/** What reading a delivery's body gave; `bytes` is how much arrived (or was declared, for a refusal unread). */
export type BodyRead =
  | { kind: "read"; body: Buffer; bytes: number; signed: boolean }
  | { kind: "too-large"; bytes: number }
  | { kind: "busy"; bytes: number }
  | { kind: "aborted"; bytes: number };

export interface BodyLimits {
  readonly maxBytes: number;
  readonly budget: ByteBudget;
}

/**
 * Reads a webhook body as it streams in, feeding each chunk to the HMAC-SHA256 that GitHub signs it with
 * (`X-Hub-Signature-256`) and stopping at the cap: a declared Content-Length over the cap is refused
 * before a byte is read, a chunked body as soon as it passes the cap. The bytes held count against the
 * shared budget until the caller gives them back (`release`), once it is done with the body.
 */
export function readSignedBody(
  req: IncomingMessage,
  secret: string,
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
    const hmac = createHmac("sha256", secret);
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
      hmac.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = () => {
      const signed = signatureMatches(req.headers["x-hub-signature-256"], hmac.digest());
      // A forged body is not copied into one buffer: nothing will read it.
      stop({ kind: "read", body: signed ? Buffer.concat(chunks, bytes) : Buffer.alloc(0), bytes, signed });
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
