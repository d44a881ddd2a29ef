/**
 * Values that look like credentials: GitHub tokens (installation, personal, OAuth, refresh), JWTs (the
 * App's), bearer headers and PEM blocks. A label value is scraped by anyone who can reach `/metrics`.
 */
const CREDENTIAL =
  /gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}|eyJ[\w-]{8,}\.[\w-]{8,}|bearer\s+\S{8,}|-----BEGIN/i;

/** Longest label value kept; Prometheus has no limit, but long values are rarely names. */
const MAX_LENGTH = 128;

/**
 * A label value from configuration or data (an environment, a monitor, a column): control characters
 * dropped, length bounded, and anything shaped like a credential replaced, so a secret pasted into a
 * column name or an environment cannot reach the scrape.
 */
export function labelValue(value: string): string {
  if (CREDENTIAL.test(value)) return "redacted";
  const printable = [...value].filter((c) => c >= " " && c !== "\u007f").join("");
  return printable.length > MAX_LENGTH ? printable.slice(0, MAX_LENGTH) : printable;
}

/**
 * A label value from request data (a webhook's event header, a rate-limit resource): only short
 * lowercase words are kept, everything else is `other`, so a sender cannot grow the series without
 * bound or write into them.
 */
export function wordLabel(value: string | undefined): string {
  return value !== undefined && /^[a-z][a-z0-9_]{0,47}$/.test(value) ? value : "other";
}
