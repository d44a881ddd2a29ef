import { readLimited } from "../../http/read-limited.ts";
import { PipelinesFault } from "../pipelines-fault.ts";
import {
  faultFromNetwork,
  faultFromResponse,
  neverSent,
  REFUSED_STATUSES,
  TRANSIENT_STATUSES,
} from "./kfp-errors.ts";

export interface KfpHttpOptions {
  /** The API server's base, e.g. `http://ml-pipeline.kubeflow.svc.cluster.local:8888` or `https://host/pipeline`. */
  readonly endpoint: string;
  /** Authentication headers (bearer token, identity header); resolved per connection. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Secret values to scrub from every message. */
  readonly secrets?: readonly string[];
  readonly timeoutMs?: number;
  /** Attempts per call, the first included (default 4). */
  readonly maxAttempts?: number;
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Answers above this are refused unread (default 16 MiB: a run with many tasks is large). */
  readonly maxBodyBytes?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export type Query = Readonly<Record<string, string | number | undefined>>;
type Json = Record<string, unknown>;

export interface KfpCall {
  readonly method: "GET" | "POST" | "DELETE";
  /** Below `/apis/v2beta1/`, e.g. `runs` or `recurringruns/abc:disable`. */
  readonly path: string;
  readonly query?: Query;
  readonly json?: object;
  readonly form?: FormData;
  /**
   * Whether sending it twice is harmless (reads, enable, disable, delete, terminate). A create is only
   * sent again when the first attempt surely did not act: the connection was refused, or KFP answered
   * 429/503. Anything else comes back as a fault, and the workflow finds what was created by its name.
   */
  readonly idempotent: boolean;
}

export interface KfpHttp {
  readonly host: string;
  readonly base: URL;
  call(request: KfpCall): Promise<Json>;
}

const PREFIX = "apis/v2beta1/";

export function kfpBaseUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new PipelinesFault("invalid", "The Kubeflow Pipelines endpoint is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new PipelinesFault("invalid", "The Kubeflow Pipelines endpoint must be http:// or https://.");
  if (url.username || url.password)
    throw new PipelinesFault(
      "invalid",
      "The Kubeflow Pipelines endpoint must not carry credentials; bind them instead.",
    );
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

function parseObject(text: string, where: string): Json {
  let value: unknown;
  try {
    // KFP answers `{}` to enable, disable, delete and terminate (google.protobuf.Empty).
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new PipelinesFault("invalid", `${where} answered with a body that is not JSON.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new PipelinesFault("invalid", `${where} answered with JSON that is not an object.`);
  return value as Json;
}

/** HTTP to the KFP API server: timeouts, bounded bodies, bounded retries, faults without credentials. */
export function createKfpHttp(options: KfpHttpOptions): KfpHttp {
  const base = kfpBaseUrl(options.endpoint);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const limit = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const secrets = options.secrets ?? [];
  const delay = (attempt: number) =>
    Math.round(random() * Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1)));

  async function once(
    request: KfpCall,
    where: string,
  ): Promise<{ body: Json } | { fault: PipelinesFault; retry: boolean }> {
    const url = new URL(`${PREFIX}${request.path}`, base);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined && value !== "") url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    let body: string | FormData | undefined;
    if (request.json) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(request.json);
    } else if (request.form) body = request.form;
    let response: Response;
    let text: string | null;
    try {
      response = await doFetch(url, {
        method: request.method,
        headers,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
        ...(body === undefined ? {} : { body }),
      });
      text = await readLimited(response, limit);
    } catch (error) {
      const fault = faultFromNetwork(where, error, timeoutMs);
      return { fault, retry: request.idempotent || neverSent(error) };
    }
    if (text === null)
      return {
        fault: new PipelinesFault(
          "invalid",
          `${where} answered with a body larger than ${limit} bytes; it was not read.`,
        ),
        retry: false,
      };
    if (response.status >= 200 && response.status < 300) return { body: parseObject(text, where) };
    // Error bodies end up in messages; a proxy may echo the request's credentials back.
    const fault = faultFromResponse(where, response.status, text, secrets);
    const transient = TRANSIENT_STATUSES.has(response.status);
    return { fault, retry: transient && (request.idempotent || REFUSED_STATUSES.has(response.status)) };
  }

  return {
    host: base.host,
    base,
    async call(request) {
      const where = `Kubeflow Pipelines (${base.host}) ${request.method} ${request.path.split("?")[0]}`;
      for (let attempt = 1; ; attempt++) {
        const result = await once(request, where);
        if ("body" in result) return result.body;
        if (!result.retry || attempt >= maxAttempts) throw result.fault;
        await sleep(delay(attempt));
      }
    },
  };
}
