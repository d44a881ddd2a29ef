/** Size bounds of what the store keeps, so one runaway note cannot fill a ConfigMap or a database. */

/** Notes on intents and reasons in the state record are cut to this many characters, ending with "…". */
export const MAX_NOTE_CHARS = 2_000;
/** Commits, logins, model names, executor identities, plan hashes. */
export const MAX_NAME_CHARS = 256;
/** Models named in one deploy record. */
export const MAX_RECORD_MODELS = 500;
/** The intent ids and queue positions a store hands out are safe integers. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;

/** `text` cut to `max` characters with a trailing "…" (never splitting a surrogate pair). */
export function boundNote(text: string, max = MAX_NOTE_CHARS): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** Environment names as the server configuration spells them (a DNS-1123 label). */
const ENVIRONMENT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isEnvironmentName(name: unknown): name is string {
  return typeof name === "string" && name.length <= 63 && ENVIRONMENT_NAME.test(name);
}

/** An instant as the store writes it: ISO 8601 in UTC with milliseconds (sorts as text). */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
