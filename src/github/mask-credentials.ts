import { redactCredentials } from "../redaction/redact-credentials.ts";

/**
 * Removes credentials from text bound for GitHub (deployment descriptions, comments, payloads) or a
 * log; the one implementation is redactCredentials (src/redaction/), which also catches URL-encoded,
 * base64 and header forms of the known secret values. Anyone who can read the repository sees a
 * deployment, so nothing here may carry a token (DESIGN.md §4).
 */
export function maskCredentials(text: string, known: readonly string[] = []): string {
  return redactCredentials(text, known);
}

/** At most `max` characters (code points, as GitHub counts), ending in "…" when cut. */
export function truncateChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
