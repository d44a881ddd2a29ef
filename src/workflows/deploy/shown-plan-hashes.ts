/** A plan hash as the plan section prints it. */
export const PLAN_HASH = /^sha256:[0-9a-f]{64}$/;

/**
 * The plan hash shown for each environment in Slipway's sticky comment, read back from its text: the
 * full section prints "Plan for `env`" then "· plan `sha256:…`", the compact one (when the comment had
 * to be shortened) "- `env`: … · plan `sha256:…`". An environment the pull request leaves alone has no
 * hash. Pure; the comment must be the app's own (the caller finds it by marker and author).
 */
export function shownPlanHashes(body: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const full = /^#+ Plan for `([^`\n]+)`\n\n\*\*[^\n]*· plan `(sha256:[0-9a-f]{64})`$/gm;
  const compact = /^- `([^`\n]+)`: [^\n]* · plan `(sha256:[0-9a-f]{64})`$/gm;
  for (const pattern of [full, compact])
    for (const match of body.matchAll(pattern)) {
      const [, environment, hash] = match;
      if (environment && hash && !hashes.has(environment)) hashes.set(environment, hash);
    }
  return hashes;
}
