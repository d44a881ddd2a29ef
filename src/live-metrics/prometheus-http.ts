import { readLimited } from "../http/read-limited.ts";
import { LiveMetricsFault } from "./live-metrics-fault.ts";
import type { LiveMetrics } from "./live-metrics-port.ts";
import { faultFromAnswer, numberIn } from "./prometheus-answer.ts";

export interface PrometheusOptions {
  /** The server's base URL; the API is below it (`<endpoint>/api/v1/query`). */
  readonly endpoint: string;
  /** `Authorization` and other headers, resolved from the binding's credentials. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Secret values to clear from every message. */
  readonly secrets?: readonly string[];
  readonly timeoutMs?: number;
  /** Attempts per query, the first included (default 3); only timeouts, 5xx and lost connections repeat. */
  readonly maxAttempts?: number;
  /** Answers above this are refused unread (default 1 MiB: a check's answer is one number). */
  readonly maxBodyBytes?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

const RETRIED = new Set([502, 503, 504]);

export function prometheusBaseUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LiveMetricsFault("invalid", "The Prometheus endpoint is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new LiveMetricsFault("invalid", "The Prometheus endpoint must be http:// or https://.");
  if (url.username || url.password)
    throw new LiveMetricsFault(
      "invalid",
      "The Prometheus endpoint must not carry credentials; bind them instead.",
    );
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

/**
 * Prometheus's HTTP API (`POST /api/v1/query`, form-encoded so a long query never meets a URL limit):
 * timeouts, a bounded body, a few retries of what is safe to repeat (a query changes nothing), and faults
 * that name the host and Prometheus's own error type and message, without credentials.
 */
export function prometheusLiveMetrics(options: PrometheusOptions): LiveMetrics {
  const base = prometheusBaseUrl(options.endpoint);
  const url = new URL("api/v1/query", base);
  const where = `Prometheus (${base.host})`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const attempts = Math.max(1, options.maxAttempts ?? 3);
  const limit = options.maxBodyBytes ?? 1 << 20;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const secrets = options.secrets ?? [];

  async function once(
    query: string,
    atSeconds: number | undefined,
  ): Promise<{ value: number | null } | { fault: LiveMetricsFault; retry: boolean }> {
    const form = new URLSearchParams({ query });
    if (atSeconds !== undefined) form.set("time", String(atSeconds));
    let response: Response;
    let text: string | null;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: {
          accept: "application/json",
          "content-type": "application/x-www-form-urlencoded",
          ...options.headers,
        },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
      });
      text = await readLimited(response, limit);
    } catch (error) {
      const name = (error as { name?: unknown })?.name;
      if (name === "TimeoutError" || name === "AbortError")
        return {
          fault: new LiveMetricsFault("timeout", `${where} did not answer within ${timeoutMs} ms.`),
          retry: true,
        };
      const code = (error as { cause?: { code?: unknown } })?.cause?.code;
      const why = typeof code === "string" ? ` (${code})` : "";
      return {
        fault: new LiveMetricsFault("unreachable", `${where} could not be reached${why}.`),
        retry: true,
      };
    }
    if (text === null)
      return {
        fault: new LiveMetricsFault(
          "invalid",
          `${where} answered with a body larger than ${limit} bytes; it was not read.`,
        ),
        retry: false,
      };
    if (response.status < 200 || response.status >= 300)
      return {
        fault: faultFromAnswer(where, response.status, text, secrets),
        retry: RETRIED.has(response.status),
      };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {
        fault: new LiveMetricsFault("invalid", `${where} answered with a body that is not JSON.`),
        retry: false,
      };
    }
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return {
        fault: new LiveMetricsFault("invalid", `${where} answered with JSON that is not an object.`),
        retry: false,
      };
    return { value: numberIn(body as Record<string, unknown>, where) };
  }

  return {
    host: base.host,
    async value(query, atSeconds) {
      for (let attempt = 1; ; attempt++) {
        const result = await once(query, atSeconds);
        if ("value" in result) return result.value;
        if (!result.retry || attempt >= attempts) throw result.fault;
        await sleep(250 * 2 ** (attempt - 1));
      }
    },
  };
}
