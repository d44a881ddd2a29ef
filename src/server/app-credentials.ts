import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

// The GitHub App's credentials, checked before anything listens (issue #16): with APP_ID set, a missing
// webhook secret or a key that cannot be used is one line naming the variable and exit status 2 — never
// Probot's public default secret "development", a stack trace, or its setup mode answering 404 on /healthz.

export interface AppCredentials {
  readonly appId: number;
  /** PEM text of a private key that `crypto.createPrivateKey` accepted. */
  readonly privateKey: string;
  readonly webhookSecret: string;
}

/** A configuration the server cannot start with; the message is one line and names the variable. */
export class StartupError extends Error {
  override name = "StartupError";
}

/** PEM blocks a GitHub App key comes in: PKCS#1 as GitHub downloads it, or PKCS#8. */
const PEM_BLOCK = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]*?-----END (RSA )?PRIVATE KEY-----/;

/**
 * PRIVATE_KEY in the forms Probot accepts: the PEM text, the PEM with its line breaks written as `\n`,
 * or the PEM base64-encoded (as some secret stores want it).
 */
function pemFromVariable(value: string): string | null {
  const unescaped = value.includes("\\n") ? value.replace(/\\n/g, "\n") : value;
  if (PEM_BLOCK.test(unescaped)) return unescaped;
  const compact = value.replace(/\s+/g, "");
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, "base64").toString("utf8");
    if (PEM_BLOCK.test(decoded)) return decoded;
  }
  return null;
}

function usableKey(pem: string, source: string): string {
  const block = PEM_BLOCK.exec(pem)?.[0];
  if (!block)
    throw new StartupError(`${source} is not a PEM private key (-----BEGIN RSA PRIVATE KEY----- …)`);
  try {
    const key = createPrivateKey(block);
    if (key.asymmetricKeyType !== "rsa")
      throw new StartupError(`${source} is a ${key.asymmetricKeyType} key; a GitHub App key is RSA`);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    // OpenSSL's reason ("unsupported", "bad decrypt"…) says nothing of the key's contents.
    const reason = (error as { reason?: unknown }).reason;
    const why = typeof reason === "string" ? `: ${reason.slice(0, 80)}` : "";
    throw new StartupError(
      `${source} holds a PEM block that is not a usable private key${why}; download a new key from the App's settings`,
    );
  }
  return block;
}

function privateKeyFrom(env: NodeJS.ProcessEnv, cwd: string, read: (path: string) => string): string {
  const inline = env.PRIVATE_KEY;
  if (inline !== undefined && inline.trim() !== "") {
    const pem = pemFromVariable(inline.trim());
    if (!pem)
      throw new StartupError(
        "PRIVATE_KEY is not a private key: set it to the App's .pem file contents, or use PRIVATE_KEY_PATH",
      );
    return usableKey(pem, "PRIVATE_KEY");
  }
  const path = env.PRIVATE_KEY_PATH;
  if (path === undefined || path.trim() === "")
    throw new StartupError(
      "APP_ID is set but no private key is: set PRIVATE_KEY or PRIVATE_KEY_PATH to the App's private key",
    );
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : (code ?? "unreadable");
    throw new StartupError(`PRIVATE_KEY_PATH ${printable(path)} cannot be read: ${why}`);
  }
  return usableKey(text, `PRIVATE_KEY_PATH ${printable(path)}`);
}

/** A path as it may appear in the one line: no control characters, bounded. */
function printable(text: string): string {
  const clean = text.replace(/\p{Cc}/gu, "");
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/**
 * The App's credentials from APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH (relative to `cwd`) and
 * WEBHOOK_SECRET, or a StartupError saying which one to fix. Call only when APP_ID is set.
 */
export function appCredentials(
  env: NodeJS.ProcessEnv,
  cwd: string,
  read: (path: string) => string = (path) => readFileSync(path, "utf8"),
): AppCredentials {
  const id = (env.APP_ID ?? "").trim();
  if (!/^[1-9][0-9]{0,15}$/.test(id))
    throw new StartupError(`APP_ID must be the GitHub App's numeric id, not "${printable(id).slice(0, 40)}"`);
  const webhookSecret = env.WEBHOOK_SECRET ?? "";
  if (webhookSecret.trim() === "")
    throw new StartupError(
      "WEBHOOK_SECRET is not set: with APP_ID set, every webhook is verified with the App's webhook secret (there is no default)",
    );
  return { appId: Number(id), privateKey: privateKeyFrom(env, cwd, read), webhookSecret };
}
