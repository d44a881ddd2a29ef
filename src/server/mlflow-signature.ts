import { timingSafeEqual } from "node:crypto";
import type { SignatureCheck } from "./read-signed-body.ts";

/** The signature scheme MLflow's webhooks use (`mlflow/webhooks/delivery.py`): `v1,<base64>`. */
const SCHEME = "v1";
/** Longest `X-MLflow-Signature` read: a few space-separated signatures (key rotation), never a body. */
const MAX_HEADER_CHARS = 1024;

/**
 * How MLflow 3 signs a registry webhook: HMAC-SHA256 over "<delivery id>.<timestamp>.<raw body>" with the
 * webhook's secret, sent as `X-MLflow-Signature: v1,<base64 digest>` (Standard Webhooks' layout, which
 * also allows several space-separated signatures while a secret rotates). Every bound secret is tried;
 * the match says which one signed it.
 */
export function mlflowSignature(
  header: string | string[] | undefined,
  deliveryId: string,
  timestamp: string,
  secrets: readonly string[],
): SignatureCheck {
  const offered = typeof header === "string" ? parseSignatures(header) : [];
  return {
    secrets,
    prefix: `${deliveryId}.${timestamp}.`,
    match: (digests) =>
      digests.findIndex((digest) =>
        offered.some((sig) => sig.length === digest.length && timingSafeEqual(sig, digest)),
      ),
  };
}

/** The `v1` signatures of a header; other schemes and malformed entries are ignored. */
export function parseSignatures(header: string): Buffer[] {
  if (header.length > MAX_HEADER_CHARS) return [];
  const out: Buffer[] = [];
  for (const entry of header.trim().split(/\s+/)) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== SCHEME) continue;
    const encoded = entry.slice(comma + 1);
    if (!/^[A-Za-z0-9+/]{43}=$/.test(encoded)) continue;
    out.push(Buffer.from(encoded, "base64"));
  }
  return out;
}
