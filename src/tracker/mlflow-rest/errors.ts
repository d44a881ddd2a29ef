import { upstreamCode, upstreamMessage } from "../../redaction/upstream-message.ts";
import { TrackerFault, type TrackerFaultKind } from "../tracker-fault.ts";

/** The status codes MLflow's Python client retries (`_TRANSIENT_FAILURE_RESPONSE_CODES`). */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * When the body is not MLflow's JSON (a proxy's HTML page, an auth layer's text), the Python client
 * falls back to a code from the status; so do we.
 */
function codeForStatus(status: number): string {
  if (status === 400) return "BAD_REQUEST";
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "PERMISSION_DENIED";
  if (status === 404) return "ENDPOINT_NOT_FOUND";
  if (status === 429) return "REQUEST_LIMIT_EXCEEDED";
  if (status === 503) return "TEMPORARILY_UNAVAILABLE";
  return "INTERNAL_ERROR";
}

function kindFor(status: number, code: string): TrackerFaultKind {
  if (status === 401 || status === 403 || code === "UNAUTHENTICATED" || code === "PERMISSION_DENIED")
    return "auth";
  if (status === 404) return "not-found";
  if (status === 408 || status === 504) return "timeout";
  if (status >= 400 && status < 500 && status !== 429) return "invalid";
  return "server";
}

/** MLflow's error body `{error_code, message}` (`MlflowException.serialize_as_json`), when it is one. */
function parseErrorBody(text: string): { code?: string; message?: string } {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== "object" || body === null) return {};
    const { error_code: code, message } = body as Record<string, unknown>;
    return {
      ...(typeof code === "string" ? { code } : {}),
      ...(typeof message === "string" ? { message } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * A non-2xx answer as a fault: "MLflow (host) answered GET runs/get with 404 RESOURCE_DOES_NOT_EXIST: …".
 * Of the body only MLflow's error code and its message are kept, the message cleared of every form of
 * the `secrets` and bounded (src/redaction/upstream-message.ts): a proxy may echo the credentials.
 */
export function faultFromResponse(
  where: string,
  status: number,
  text: string,
  secrets: readonly string[] = [],
): TrackerFault {
  // Redirects are not followed: a login proxy in front of MLflow redirects to its sign-in page, and
  // following it would send the credentials elsewhere. The Location is not repeated (it may hold tokens).
  if (status >= 300 && status < 400)
    return new TrackerFault(
      "auth",
      `${where} was redirected (HTTP ${status}), as a sign-in proxy does; point trackingUri at the MLflow server itself.`,
      { status },
    );
  const parsed = parseErrorBody(text);
  const code = upstreamCode(parsed.code) ?? codeForStatus(status);
  // MLflow messages are short; a proxy's page is not, and is no use to a reviewer anyway.
  const serverMessage = parsed.message === undefined ? undefined : upstreamMessage(parsed.message, secrets);
  const kind = kindFor(status, code);
  const hint =
    kind === "auth" ? " Check the integration's token or username/password in the server configuration." : "";
  const detail = serverMessage ? `: ${serverMessage}` : "";
  return new TrackerFault(kind, `${where} answered HTTP ${status} ${code}${detail}.${hint}`, {
    errorCode: code,
    status,
    ...(serverMessage === undefined ? {} : { serverMessage }),
  });
}

/** A fetch that failed before an answer: a timeout or a network error. */
export function faultFromNetwork(where: string, error: unknown, timeoutMs: number): TrackerFault {
  if (error instanceof TrackerFault) return error;
  const name = (error as { name?: unknown })?.name;
  if (name === "TimeoutError" || name === "AbortError")
    return new TrackerFault("timeout", `${where} did not answer within ${timeoutMs} ms.`);
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  const code = typeof cause === "string" ? ` (${cause})` : "";
  return new TrackerFault("unreachable", `${where} could not be reached${code}.`);
}
