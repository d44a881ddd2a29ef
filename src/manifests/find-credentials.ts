import type { DiagnosticCode } from "./codes.ts";
import type { JsonPath } from "./locate-node.ts";
import { displayPath } from "./schema-errors.ts";

export interface CredentialFinding {
  path: JsonPath;
  code: Extract<DiagnosticCode, "SLW170" | "SLW171">;
  message: string;
}

/** Words that make a key hold a credential (after splitting camelCase, snake_case and kebab-case). */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "secret",
  "token",
  "credential",
  "credentials",
  "apikey",
]);
const SECRET_PAIRS = [
  "api key",
  "access key",
  "private key",
  "secret key",
  "client secret",
  "auth token",
  "session key",
];
/**
 * Keys that name or point at a secret rather than hold one (`existingSecret`, `passwordKey`,
 * `tokenFile`), or that configure how one is handled (`token_url`, `tokenTtl`, `password_policy`).
 */
const REFERENCE_LAST_WORDS = new Set([
  "name",
  "names",
  "ref",
  "file",
  "path",
  "env",
  "id",
  "enabled",
  "length",
  "type",
  "mode",
  "url",
  "uri",
  "endpoint",
  "host",
  "issuer",
  "audience",
  "header",
  "prefix",
  "ttl",
  "expiry",
  "expiration",
  "lifetime",
  "timeout",
  "policy",
  "source",
  "provider",
]);
const KEY_OF_SECRET_WORDS = new Set(["password", "token", "user", "username", "secret"]);
const URI_WITH_PASSWORD = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/:@]+):([^\s/@]+)@/gi;
/** `$(VAR)`, `${VAR}`, `{{ .Values.x }}`: the value is substituted at run time, not written here. */
const SUBSTITUTION = /^(\$\(?[A-Za-z_][A-Za-z0-9_]*\)?|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\{\{.*\}\})$/;

/**
 * Finds credentials written in plain text: secret-like keys with literal values, `name`/`value` pairs
 * whose name is secret-like, and URIs with `user:password@`. Messages name the path, never the value.
 */
export function findPlaintextCredentials(root: unknown): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  // Paths are kept as parent links and spelt out only for a finding: most documents have none.
  interface Frame {
    node: unknown;
    parent: Frame | null;
    segment: string | number;
  }
  const pathOf = (frame: Frame | null, ...tail: (string | number)[]) => {
    const path = tail;
    for (let f = frame; f?.parent; f = f.parent) path.unshift(f.segment);
    return path;
  };
  const stack: Frame[] = [{ node: root, parent: null, segment: "" }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const node = frame.node;
    if (typeof node === "string") {
      if (node.includes("@") && node.includes("://")) checkUri(node, pathOf(frame), findings);
      continue;
    }
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], parent: frame, segment: i });
      continue;
    }
    if (typeof node !== "object" || node === null) continue;
    const map = node as Record<string, unknown>;
    if (typeof map.name === "string" && isSecretKey(map.name) && isLiteral(map.value)) {
      const path = pathOf(frame, "value");
      findings.push({
        path,
        code: "SLW170",
        message: `\`${displayPath(path)}\` sets ${map.name.slice(0, 64)} to a literal credential`,
      });
    }
    const keys = Object.keys(map);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const value = map[key];
      if (isSecretKey(key) && isLiteral(value)) {
        const path = pathOf(frame, key);
        findings.push({
          path,
          code: "SLW170",
          message: `\`${displayPath(path)}\` holds a literal credential`,
        });
        continue;
      }
      stack.push({ node: value, parent: frame, segment: key });
    }
  }
  return findings;
}

function checkUri(value: string, path: JsonPath, findings: CredentialFinding[]): void {
  // Every URI of the text, not just the first: a substituted password in one must not hide a literal
  // one in the next.
  const match = [...value.matchAll(URI_WITH_PASSWORD)].find((m) => !SUBSTITUTION.test(m[3] ?? ""));
  if (!match) return;
  findings.push({
    path,
    code: "SLW171",
    message: `\`${displayPath(path)}\` is a ${match[1]?.toLowerCase()} URI with a password in it (user:password@host)`,
  });
}

function isLiteral(value: unknown): boolean {
  if (typeof value === "number") return true;
  return typeof value === "string" && value.trim() !== "" && !SUBSTITUTION.test(value.trim());
}

const secretKeyCache = new Map<string, boolean>();
const SECRET_KEY_CACHE_LIMIT = 10_000;

export function isSecretKey(key: string): boolean {
  let known = secretKeyCache.get(key);
  if (known === undefined) {
    known = classifyKey(key);
    if (secretKeyCache.size < SECRET_KEY_CACHE_LIMIT && key.length <= 64) secretKeyCache.set(key, known);
  }
  return known;
}

function classifyKey(key: string): boolean {
  const words = splitWords(key);
  // `existingSecret`, `keyOfSecretAccessKey`: names of secrets or of keys inside them (but
  // `keyPassword`, a keystore's password, is one).
  if (words.length === 0 || words.includes("existing") || (words[0] === "key" && words[1] === "of"))
    return false;
  const last = words[words.length - 1] as string;
  if (REFERENCE_LAST_WORDS.has(last)) return false;
  if (last === "key" && words.length > 1 && KEY_OF_SECRET_WORDS.has(words[words.length - 2] as string))
    return false;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  const joined = ` ${words.join(" ")} `;
  return SECRET_PAIRS.some((pair) => joined.includes(` ${pair} `));
}

function splitWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
