import { basicSecrets } from "../../redaction/credential-variants.ts";
import { TrackerFault } from "../tracker-fault.ts";

/** A credential reference from the server binding: `{ env: NAME }` or `{ file: path }`, never a value. */
export type CredentialRef = { readonly env: string } | { readonly file: string };

/** Reads a referenced secret; injected so this module touches neither the environment nor the disk. */
export type ReadSecret = (ref: CredentialRef) => Promise<string>;

/** The credential part of an `mlflow` integration binding. */
export interface MlflowCredentials {
  readonly token?: CredentialRef;
  readonly username?: CredentialRef;
  readonly password?: CredentialRef;
}

export interface ResolvedAuth {
  /** The `Authorization` header value, or undefined for an open server. */
  readonly header: string | undefined;
  /** Every secret value, so messages can be scrubbed of them. */
  readonly secrets: readonly string[];
}

function describeRef(ref: CredentialRef): string {
  return "env" in ref ? `environment variable ${ref.env}` : "a mounted credential file";
}

async function read(readSecret: ReadSecret, ref: CredentialRef, what: string): Promise<string> {
  let value: string;
  try {
    value = await readSecret(ref);
  } catch {
    throw new TrackerFault("auth", `The MLflow ${what} could not be read from ${describeRef(ref)}.`);
  }
  // Mounted Secret files usually end with a newline that is not part of the credential.
  const trimmed = value.replace(/[\r\n]+$/, "");
  if (trimmed === "") throw new TrackerFault("auth", `The MLflow ${what} in ${describeRef(ref)} is empty.`);
  return trimmed;
}

/**
 * MLflow's client convention (`mlflow/utils/rest_utils.py`, `http_request`): username and password
 * give Basic auth, otherwise a token gives Bearer. Half a username/password pair is refused rather
 * than silently sent without credentials.
 */
export async function resolveAuth(
  credentials: MlflowCredentials,
  readSecret: ReadSecret,
): Promise<ResolvedAuth> {
  const { token, username, password } = credentials;
  if ((username === undefined) !== (password === undefined))
    throw new TrackerFault(
      "auth",
      "The MLflow integration needs both a username and a password, or neither.",
    );
  if (username && password) {
    const user = await read(readSecret, username, "username");
    const pass = await read(readSecret, password, "password");
    const encoded = Buffer.from(`${user}:${pass}`, "utf8").toString("base64");
    // The username is not secret (it shows up as runs' user_id); the password and the header are.
    return { header: `Basic ${encoded}`, secrets: basicSecrets(user, pass) };
  }
  if (token) {
    const value = await read(readSecret, token, "token");
    return { header: `Bearer ${value}`, secrets: [value] };
  }
  return { header: undefined, secrets: [] };
}
