// The forms in which a credential can come back from an upstream that echoes a request (issue #16): a
// proxy or auth layer that repeats the Authorization header it refused may URL-encode it, base64 it,
// decode it or change its case. Case is handled where the variants are matched (case-insensitively).

/** Shorter values are not treated as secrets: they would redact ordinary words. */
export const MIN_SECRET_LENGTH = 4;

function base64Forms(text: string): string[] {
  const standard = Buffer.from(text, "utf8").toString("base64");
  const unpadded = standard.replace(/=+$/, "");
  const urlSafe = unpadded.replace(/\+/g, "-").replace(/\//g, "_");
  return [standard, unpadded, urlSafe];
}

function urlForms(text: string): string[] {
  const component = encodeURIComponent(text);
  // application/x-www-form-urlencoded: spaces as '+', and '*' and the like escaped.
  const form = new URLSearchParams({ x: text }).toString().slice(2);
  return [component, form, encodeURI(text)];
}

/**
 * Every form of one secret value to look for: itself; URL-encoded; base64 (standard, unpadded,
 * URL-safe), and those URL-encoded; and the base64 of the header lines that carry it
 * (`Bearer <secret>`, `Basic <secret>` — a Basic secret being the base64 of `user:password`).
 */
export function credentialVariants(secret: string): string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([secret, ...urlForms(secret)]);
  for (const encoded of [
    ...base64Forms(secret),
    ...base64Forms(`Bearer ${secret}`),
    ...base64Forms(`Basic ${secret}`),
    ...base64Forms(`Authorization: Bearer ${secret}`),
    ...base64Forms(`Authorization: Basic ${secret}`),
  ]) {
    forms.add(encoded);
    for (const url of urlForms(encoded)) forms.add(url);
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/**
 * The secrets of a Basic credential: the password, and the base64 of `user:password` that goes on the
 * wire (the username alone is not secret: it shows as runs' user_id). Their variants follow from
 * credentialVariants, so a decoded `user:password` is caught through the password.
 */
export function basicSecrets(user: string, password: string): string[] {
  return [password, Buffer.from(`${user}:${password}`, "utf8").toString("base64")];
}
