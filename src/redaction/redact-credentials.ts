import { credentialVariants } from "./credential-variants.ts";

// The one place credentials are taken out of text bound for a reader — a pull request comment, a check
// run, an annotation, a deployment, an issue, a log line (DESIGN.md §4, issue #16). Every adapter that
// builds a message from an upstream's words (MLflow, Kubeflow Pipelines, S3, Kubernetes, GitHub, git)
// passes it through here.

export const REDACTED = "***";

/** Credentials that look like themselves, known to Slipway or not. */
const PATTERNS: readonly [RegExp, string][] = [
  // Installation, personal, OAuth, user-to-server and refresh tokens, and fine-grained PATs.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, REDACTED],
  // A JSON web token such as the app's own (three base64url parts, the first two JSON objects).
  [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g, REDACTED],
  // An Authorization line, also URL-encoded (`Authorization%3A%20Basic%20…`): its value goes, whatever it is.
  [
    /\b((?:proxy-)?authorization(?::|%3A)(?:\s|%20|\+)*(?:bearer|token|basic)(?:\s|%20|\+)+)[A-Za-z0-9._~+/=%-]{8,}/gi,
    `$1${REDACTED}`,
  ],
  // A bearer value anywhere, and a Basic value where the header was URL-encoded (`Basic%20c3Zj…`).
  [/\b(bearer(?:\s|%20|\+)+)[A-Za-z0-9._~+/=%-]{8,}/gi, `$1${REDACTED}`],
  [/\b(basic(?:%20|\+)+)[A-Za-z0-9+/=%]{8,}/gi, `$1${REDACTED}`],
  // scheme://user:password@host and scheme://token@host, also URL-encoded (`https%3A%2F%2Fu%3Ap%40host`).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${REDACTED}@`],
  [/\b([a-z][a-z0-9+.-]*%3A%2F%2F)[^\s/@]+?%40/gi, `$1${REDACTED}@`],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `text` without any form of the known secrets (see credentialVariants: URL-encoded, base64, in header
 * lines), matched without regard to case, nor anything that looks like a token or an Authorization
 * value. Longer forms are replaced first, so no part of one survives inside another.
 */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const forms = [...new Set(secrets.flatMap(credentialVariants))].sort((a, b) => b.length - a.length);
  if (forms.length > 0) out = out.replace(new RegExp(forms.map(escapeRegExp).join("|"), "gi"), REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
