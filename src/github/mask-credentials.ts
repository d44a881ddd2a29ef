/**
 * Removes credentials from text bound for GitHub (deployment descriptions, comments, payloads) or a
 * log: known secret values, GitHub token formats, JWTs, bearer values and URL user-info. Anyone who can
 * read the repository sees a deployment, so nothing here may carry a token (DESIGN.md §4).
 */
const PATTERNS: readonly [RegExp, string][] = [
  // Installation, personal, OAuth, user-to-server and refresh tokens, and fine-grained PATs.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, "***"],
  // A JSON web token such as the app's own (three base64url parts, the first two JSON objects).
  [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g, "***"],
  [/\b(authorization:\s*(?:bearer|token|basic)\s+|bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, "$1***"],
  // https://user:password@host and https://token@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1***@"],
];

export function maskCredentials(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of [...known].sort((a, b) => b.length - a.length))
    if (secret.length >= 4) out = out.split(secret).join("***");
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** At most `max` characters (code points, as GitHub counts), ending in "…" when cut. */
export function truncateChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
