import { readFile, stat } from "node:fs/promises";
import type { CredentialRef, ReadSecret } from "./mlflow-rest/auth.ts";

/** A credential is a token or a password; anything larger is a wrong path, not a secret. */
const MAX_SECRET_BYTES = 64 * 1024;

/**
 * The process-level `ReadSecret`: `{ env: NAME }` from the environment, `{ file: path }` from a mounted
 * Secret. The only place the tracker touches process.env or the disk; everything else gets it injected.
 * Errors name the reference, never a value.
 */
export function nodeSecretReader(env: NodeJS.ProcessEnv = process.env): ReadSecret {
  return async (ref: CredentialRef): Promise<string> => {
    if ("env" in ref) {
      const value = env[ref.env];
      if (value === undefined) throw new Error(`environment variable ${ref.env} is not set`);
      return value;
    }
    const info = await stat(ref.file);
    if (!info.isFile() || info.size > MAX_SECRET_BYTES)
      throw new Error(`credential file ${ref.file} is not a small regular file`);
    return readFile(ref.file, "utf8");
  };
}
