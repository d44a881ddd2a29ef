import { redactCredentials } from "./redact-credentials.ts";

// What of an upstream's error body may be shown to a reader (issue #16): never the body itself — a
// proxy's page, an echo of the request — but its status, its error code, and its message cleared of
// credentials, on one line and bounded.

/** How much of an upstream's message a fault repeats, in characters. */
export const UPSTREAM_MESSAGE_CHARS = 300;

/**
 * The message, credentials redacted first (so a cut cannot leave half of one unredacted), control
 * characters and line breaks folded into spaces, then cut to `max` characters with "…".
 */
export function upstreamMessage(
  message: string,
  secrets: readonly string[],
  max: number = UPSTREAM_MESSAGE_CHARS,
): string {
  const clean = redactCredentials(message, secrets)
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join("")}…`;
}

/** An upstream's error code (`PERMISSION_DENIED`, `NoSuchKey`, `Forbidden`) when it is one word; else none. */
export function upstreamCode(code: unknown): string | undefined {
  return typeof code === "string" && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(code) ? code : undefined;
}
