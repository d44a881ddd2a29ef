import { upstreamMessage } from "../../redaction/upstream-message.ts";
import { PipelinesFault, type PipelinesFaultKind } from "../pipelines-fault.ts";

/** Answers worth asking again for: overload, gateway trouble, timeouts. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** Of those, the ones that say the request was not acted on, so a create may be sent again. */
export const REFUSED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

function kindFor(status: number): PipelinesFaultKind {
  if (status === 401) return "auth";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 409) return "conflict";
  if (status === 408 || status === 504) return "timeout";
  if (status >= 400 && status < 500 && status !== 429) return "invalid";
  return "server";
}

/**
 * KFP's two error bodies: the gRPC gateway's `{code, message, details}` (most endpoints) and the upload
 * handlers' `{error_message, error_details}`. The gateway's `message` is the server's internal chain of
 * wrapped errors; its first `details` entry (a google.rpc.Status) holds the shorter external message.
 */
function messageOf(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== "object" || body === null) return undefined;
  const o = body as Record<string, unknown>;
  if (typeof o.error_message === "string") return o.error_message;
  if (typeof o.message === "string") return o.message;
  return undefined;
}

const HINTS: Partial<Record<PipelinesFaultKind, string>> = {
  auth: " Check the `kfp` integration's token file or identity header in the server configuration.",
  forbidden:
    " The identity Slipway uses needs RBAC on pipelines.kubeflow.org resources in the integration's namespace.",
};

/**
 * A non-2xx answer as a fault: "Kubeflow Pipelines (host) answered POST runs with HTTP 400: …". Of the
 * body only KFP's message is kept, cleared of every form of the `secrets` and bounded
 * (src/redaction/upstream-message.ts): an auth proxy in front of KFP may echo the credentials.
 */
export function faultFromResponse(
  where: string,
  status: number,
  text: string,
  secrets: readonly string[] = [],
): PipelinesFault {
  // Redirects are not followed: an auth proxy in front of KFP (oauth2-proxy, Dex) redirects to its
  // sign-in page, and following it would carry the credentials elsewhere. The Location is not repeated.
  if (status >= 300 && status < 400)
    return new PipelinesFault(
      "auth",
      `${where} was redirected (HTTP ${status}), as a sign-in proxy does; point the integration's endpoint at the KFP API (ml-pipeline) or give it credentials the proxy accepts.`,
      { status },
    );
  const kind = kindFor(status);
  // KFP's messages can run long (wrapped errors); a proxy's HTML page is no use to a reader at all.
  const raw = messageOf(text);
  const serverMessage = raw === undefined ? undefined : upstreamMessage(raw, secrets, 400);
  const detail = serverMessage ? `: ${serverMessage}` : "";
  return new PipelinesFault(kind, `${where} answered HTTP ${status}${detail}.${HINTS[kind] ?? ""}`, {
    status,
    ...(serverMessage === undefined ? {} : { serverMessage }),
  });
}

/** A fetch that failed before an answer: a timeout or a network error. */
export function faultFromNetwork(where: string, error: unknown, timeoutMs: number): PipelinesFault {
  if (error instanceof PipelinesFault) return error;
  const name = (error as { name?: unknown })?.name;
  if (name === "TimeoutError" || name === "AbortError")
    return new PipelinesFault("timeout", `${where} did not answer within ${timeoutMs} ms.`);
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  const code = typeof cause === "string" ? ` (${cause})` : "";
  return new PipelinesFault("unreachable", `${where} could not be reached${code}.`);
}

/** True when the request never reached the server (a create can safely be sent again). */
export function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  return cause === "ECONNREFUSED" || cause === "ENOTFOUND" || cause === "EAI_AGAIN";
}
