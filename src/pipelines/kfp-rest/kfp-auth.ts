import type { CredentialRef, ReadSecret } from "../../tracker/mlflow-rest/auth.ts";
import { PipelinesFault } from "../pipelines-fault.ts";

/** The credential part of a `kfp` integration binding: references only, never values. */
export interface KfpCredentials {
  /** A bearer token: in a pod, the projected service-account token with audience `pipelines.kubeflow.org`. */
  readonly token?: CredentialRef;
  /** The identity header a multi-user install trusts (Kubeflow's manifests use `kubeflow-userid`). */
  readonly identity?: { readonly header: string; readonly value: CredentialRef };
}

export interface ResolvedKfpAuth {
  readonly headers: Readonly<Record<string, string>>;
  /** Every secret value, so messages can be scrubbed of them. */
  readonly secrets: readonly string[];
}

function describeRef(ref: CredentialRef): string {
  return "env" in ref ? `environment variable ${ref.env}` : `the file ${ref.file}`;
}

async function read(readSecret: ReadSecret, ref: CredentialRef, what: string): Promise<string> {
  let value: string;
  try {
    value = await readSecret(ref);
  } catch {
    throw new PipelinesFault(
      "auth",
      `The Kubeflow Pipelines ${what} could not be read from ${describeRef(ref)}.`,
    );
  }
  // Projected tokens and mounted Secrets end with a newline that is not part of the credential.
  const trimmed = value.replace(/[\r\n]+$/, "");
  if (trimmed === "" || /[\r\n]/.test(trimmed))
    throw new PipelinesFault(
      "auth",
      `The Kubeflow Pipelines ${what} in ${describeRef(ref)} is empty or not one line.`,
    );
  return trimmed;
}

/**
 * The headers of every request. The token is read again on every call of this function: a projected
 * service-account token is rotated by the kubelet, so callers resolve it per connection, not once per
 * process. A binding with both a token and an identity header sends both (an install behind an
 * authenticating proxy may want the header, KFP's TokenReview the token).
 */
export async function resolveKfpAuth(
  credentials: KfpCredentials,
  readSecret: ReadSecret,
): Promise<ResolvedKfpAuth> {
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  if (credentials.token) {
    const token = await read(readSecret, credentials.token, "token");
    headers.authorization = `Bearer ${token}`;
    secrets.push(token);
  }
  if (credentials.identity) {
    const value = await read(
      readSecret,
      credentials.identity.value,
      `identity (${credentials.identity.header})`,
    );
    headers[credentials.identity.header.toLowerCase()] = value;
    // Whoever holds the header's value is that user to KFP: it is masked like a token.
    secrets.push(value);
  }
  return { headers, secrets };
}
