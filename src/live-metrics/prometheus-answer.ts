import { upstreamCode, upstreamMessage } from "../redaction/upstream-message.ts";
import { LiveMetricsFault, type LiveMetricsFaultKind } from "./live-metrics-fault.ts";

type Json = Record<string, unknown>;

/**
 * The number in a successful `/api/v1/query` answer (`{status: "success", data: {resultType, result}}`):
 * a vector of one series or a scalar; null for no series, or NaN. Several series are refused — a check
 * compares one number per version — as are matrices and strings.
 */
export function numberIn(body: Json, where: string): number | null {
  const data = body.data as { resultType?: unknown; result?: unknown } | undefined;
  const invalid = (why: string) => new LiveMetricsFault("invalid", `${where} answered ${why}.`);
  if (body.status !== "success" || typeof data !== "object" || data === null)
    throw invalid("without `status: success` and `data`");
  if (data.resultType === "scalar") return sample(data.result, where);
  if (data.resultType !== "vector")
    throw new LiveMetricsFault(
      "bad-query",
      `${where}: the query gives a ${String(data.resultType)}, not an instant vector or a scalar; a check needs one number.`,
    );
  if (!Array.isArray(data.result)) throw invalid("a vector that is not a list");
  if (data.result.length === 0) return null;
  if (data.result.length > 1)
    throw new LiveMetricsFault(
      "bad-query",
      `${where}: the query gives ${data.result.length} series; a check needs one number (aggregate them, e.g. with sum(…)).`,
    );
  return sample((data.result[0] as { value?: unknown }).value, where);
}

/** `[<unix seconds>, "<value>"]`: Prometheus sends the value as text ("NaN", "+Inf" included). */
function sample(value: unknown, where: string): number | null {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[1] !== "string")
    throw new LiveMetricsFault("invalid", `${where} answered a sample that is not [time, "value"].`);
  const text = value[1];
  if (text === "NaN") return null;
  const n =
    text === "+Inf" ? Number.POSITIVE_INFINITY : text === "-Inf" ? Number.NEGATIVE_INFINITY : Number(text);
  if (Number.isNaN(n))
    throw new LiveMetricsFault("invalid", `${where} answered a value that is not a number.`);
  return n;
}

function kindFor(status: number): LiveMetricsFaultKind {
  if (status === 401) return "auth";
  if (status === 403) return "forbidden";
  if (status === 400 || status === 422) return "bad-query";
  if (status === 408 || status === 503 || status === 504) return "timeout";
  return "server";
}

const HINTS: Partial<Record<LiveMetricsFaultKind, string>> = {
  auth: " Check the `prometheus` integration's token, or username and password, in the server configuration.",
  forbidden: " The credentials the `prometheus` integration sends may not query this server.",
};

/**
 * A non-2xx answer as a fault. Prometheus's error body (`{status: "error", errorType, error}`: 400 bad
 * parameters, 422 an expression that cannot run, 503 a timeout) gives its type and message, cleared of
 * credentials and bounded; anything else (a proxy's page) is not repeated.
 */
export function faultFromAnswer(
  where: string,
  status: number,
  text: string,
  secrets: readonly string[],
): LiveMetricsFault {
  if (status >= 300 && status < 400)
    return new LiveMetricsFault(
      "auth",
      `${where} was redirected (HTTP ${status}), as a sign-in proxy does; point the integration at Prometheus's API or give it credentials the proxy accepts.`,
      { status },
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const o = (typeof body === "object" && body !== null ? body : {}) as Json;
  const errorType = upstreamCode(o.errorType);
  const message = typeof o.error === "string" ? upstreamMessage(o.error, secrets) : undefined;
  const kind = kindFor(status);
  const detail = `${errorType ? ` ${errorType}` : ""}${message ? `: ${message}` : ""}`;
  return new LiveMetricsFault(kind, `${where} answered HTTP ${status}${detail}.${HINTS[kind] ?? ""}`, {
    status,
    ...(errorType ? { errorType } : {}),
  });
}
