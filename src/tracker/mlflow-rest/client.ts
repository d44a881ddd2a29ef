import { TrackerFault } from "../tracker-fault.ts";
import { MAX_BODY_BYTES, parseJsonObject, readBoundedText } from "./body.ts";
import { faultFromNetwork, faultFromResponse, TRANSIENT_STATUSES } from "./errors.ts";

export interface MlflowHttpOptions {
  /** The tracking URI (http or https), e.g. `https://mlflow.internal:5000`. */
  readonly trackingUri: string;
  readonly authorization?: string;
  /** Secret values to scrub from every message. */
  readonly secrets?: readonly string[];
  readonly timeoutMs?: number;
  /** Attempts per call, the first included (default 4). */
  readonly maxAttempts?: number;
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly maxBodyBytes?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export type Query = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** GET with query parameters, or POST/DELETE with a JSON body (MLflow wants JSON even on DELETE). */
export interface MlflowHttp {
  get(endpoint: string, query?: Query): Promise<Record<string, unknown>>;
  send(method: "POST" | "DELETE" | "PATCH", endpoint: string, body: object): Promise<Record<string, unknown>>;
  /**
   * A file the server serves below its root (`api/2.0/mlflow-artifacts/artifacts/…`), read as text up
   * to `maxBytes`; null on 404. Same credentials, deadline and retries as the API calls.
   */
  getFile(path: string, maxBytes: number): Promise<string | null>;
}

/** MLflow's REST prefix, relative so a tracking URI with a path keeps it; 2.0 still in MLflow 3. */
const PREFIX = "api/2.0/mlflow/";

function baseUrl(trackingUri: string): URL {
  let url: URL;
  try {
    url = new URL(trackingUri);
  } catch {
    throw new TrackerFault("invalid", "The MLflow tracking URI is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new TrackerFault("invalid", "The MLflow REST adapter needs an http(s) tracking URI.");
  if (url.username || url.password)
    throw new TrackerFault(
      "invalid",
      "The MLflow tracking URI must not carry credentials; bind them instead.",
    );
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

function toSearch(query: Query): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    // A repeated field is sent as repeated keys (`stages=A&stages=B`), as MLflow's handlers read it.
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.set(key, String(value));
  }
  return search;
}

export function createMlflowHttp(options: MlflowHttpOptions): MlflowHttp {
  const base = baseUrl(options.trackingUri);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const secrets = options.secrets ?? [];
  const retryAfterMs = new WeakMap<TrackerFault, number>();

  // Exponential backoff with full jitter, capped; the Python client backs off exponentially too.
  const delay = (attempt: number): number =>
    Math.round(random() * Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1)));

  async function once(
    method: string,
    path: string,
    where: string,
    query?: Query,
    body?: object,
    file?: { maxBytes: number },
  ): Promise<Record<string, unknown> | string | null> {
    const url = new URL(path, base);
    if (query) url.search = toSearch(query).toString();
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.authorization) headers.authorization = options.authorization;
    if (body) headers["content-type"] = "application/json";
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" };
    if (body) init.body = JSON.stringify(body);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, init);
      const ok = response.status >= 200 && response.status < 300;
      text = await readBoundedText(response, file && ok ? file.maxBytes : limit, where);
    } catch (error) {
      throw faultFromNetwork(where, error, timeoutMs);
    }
    if (response.status >= 200 && response.status < 300) return file ? text : parseJsonObject(text, where);
    if (file && response.status === 404) return null;
    // Error bodies end up in messages; some servers and proxies echo the request's credentials.
    const fault = faultFromResponse(where, response.status, text, secrets);
    const seconds = Number(response.headers.get("retry-after") ?? Number.NaN);
    if (Number.isFinite(seconds) && seconds > 0) retryAfterMs.set(fault, seconds * 1000);
    throw fault;
  }

  async function call(
    method: string,
    path: string,
    where: string,
    query?: Query,
    body?: object,
    file?: { maxBytes: number },
  ) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(method, path, where, query, body, file);
      } catch (error) {
        const fault = error instanceof TrackerFault ? error : faultFromNetwork(where, error, timeoutMs);
        // MLflow's artifact proxy answers a missing file with 500 (an OSError it does not map): for a
        // file, a 500 is an answer, not a passing failure.
        const transient =
          fault.kind === "unreachable" ||
          fault.kind === "timeout" ||
          (fault.status !== undefined &&
            TRANSIENT_STATUSES.has(fault.status) &&
            !(file && fault.status === 500));
        if (!transient || attempt >= maxAttempts) throw fault;
        // A 429/503 may say when to come back (`Retry-After` in seconds); honour it up to the cap.
        await sleep(Math.max(delay(attempt), Math.min(maxBackoffMs, retryAfterMs.get(fault) ?? 0)));
      }
    }
  }

  const api = (method: string, endpoint: string, query?: Query, body?: object) =>
    call(
      method,
      `${PREFIX}${endpoint}`,
      `MLflow (${base.host}) ${method} ${endpoint}`,
      query,
      body,
    ) as Promise<Record<string, unknown>>;
  return {
    get: (endpoint, query) => api("GET", endpoint, query),
    send: (method, endpoint, body) => api(method, endpoint, undefined, body),
    getFile: (path, maxBytes) =>
      call("GET", path, `MLflow (${base.host}) GET ${path}`, undefined, undefined, { maxBytes }) as Promise<
        string | null
      >,
  };
}
