import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What the fake answers to one query: a number (one series), `null` (no series: nothing measured),
 * `NaN` (e.g. a ratio of no requests), several numbers (several series), a scalar, or Prometheus's error
 * body with its status (400 `bad_data`, 422 `execution`, 503 `timeout`).
 */
export type Answer =
  | number
  | null
  | number[]
  | { scalar: number }
  | { error: { status: 400 | 422 | 503; errorType: string; message: string } };

export interface RecordedQuery {
  method: string;
  query: string;
  /** The `time` parameter as sent, or null (the server's now). */
  time: string | null;
  authorization: string | undefined;
}

export interface RecordedRange {
  query: string;
  start: string | null;
  end: string | null;
  step: string | null;
  authorization: string | undefined;
}

export interface FakePrometheusOptions {
  /** Requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Requests must carry Basic credentials (Prometheus's web configuration). */
  basic?: { user: string; password: string };
}

export interface FakePrometheus {
  url: string;
  /** Every instant query that reached the API (authorized or not), in order. */
  queries: RecordedQuery[];
  /** Every range query (`/api/v1/query_range`), in order. */
  ranges: RecordedRange[];
  /** Scripts the answers; the default answers `null` (no data) to everything. */
  answer(script: (query: string, time: string | null) => Answer): void;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;

/**
 * A Prometheus HTTP API on 127.0.0.1 for canary analysis tests (issue #22): `GET`/`POST /api/v1/query`
 * and `/api/v1/query_range`
 * with the real envelope (`{status, data: {resultType, result}}`, samples as `[time, "value"]`), the real
 * error bodies (`{status: "error", errorType, error}` with 400, 422 and 503), and authentication as
 * Prometheus's web configuration does it: without the credentials, 401 and a plain-text `Unauthorized`.
 * Answers are scripted per query by the test; every request is recorded.
 */
export async function startFakePrometheus(options: FakePrometheusOptions = {}): Promise<FakePrometheus> {
  let script: (query: string, time: string | null) => Answer = () => null;
  const queries: RecordedQuery[] = [];
  const ranges: RecordedRange[] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    if (body === null) return plain(res, 413, "request body too large\n");
    if (!authorized(req, options)) {
      res.writeHead(401, {
        "content-type": "text/plain; charset=utf-8",
        "www-authenticate": 'Basic realm="prometheus"',
      });
      res.end("Unauthorized\n");
      return;
    }
    const range = url.pathname === "/api/v1/query_range";
    if ((url.pathname !== "/api/v1/query" && !range) || (req.method !== "GET" && req.method !== "POST"))
      return plain(res, 404, "404 page not found\n");
    const params = new URLSearchParams(url.search);
    if (
      req.method === "POST" &&
      (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
    )
      for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
    const query = params.get("query") ?? "";
    if (range) return answerRange(res, params, query, req);
    const time = params.get("time");
    queries.push({ method: req.method, query, time, authorization: req.headers.authorization });
    if (query.trim() === "")
      return error(
        res,
        400,
        "bad_data",
        'invalid parameter "query": 1:1: parse error: no expression found in input',
      );
    if (time !== null && Number.isNaN(Number(time)) && Number.isNaN(Date.parse(time)))
      return error(
        res,
        400,
        "bad_data",
        `invalid parameter "time": cannot parse "${time}" to a valid timestamp`,
      );
    const at =
      time === null ? Date.now() / 1000 : Number.isNaN(Number(time)) ? Date.parse(time) / 1000 : Number(time);
    const answer = script(query, time);
    if (answer !== null && typeof answer === "object" && "error" in answer)
      return error(res, answer.error.status, answer.error.errorType, answer.error.message);
    if (answer !== null && typeof answer === "object" && "scalar" in answer)
      return success(res, { resultType: "scalar", result: [at, text(answer.scalar)] });
    const values = answer === null ? [] : Array.isArray(answer) ? answer : [answer];
    return success(res, {
      resultType: "vector",
      result: values.map((v, i) => ({
        metric: values.length > 1 ? { series: String(i) } : {},
        value: [at, text(v)],
      })),
    });
  }

  /**
   * `/api/v1/query_range`: start, end and step checked as Prometheus checks them (400 `bad_data` with its
   * words, 11,000 points per series at most), then a matrix whose points the script answers one by one.
   */
  function answerRange(res: ServerResponse, params: URLSearchParams, query: string, req: IncomingMessage) {
    const start = timestamp(params.get("start"));
    const end = timestamp(params.get("end"));
    const step = duration(params.get("step"));
    ranges.push({
      query,
      start: params.get("start"),
      end: params.get("end"),
      step: params.get("step"),
      authorization: req.headers.authorization,
    });
    const bad = (message: string) => error(res, 400, "bad_data", message);
    if (start === null)
      return bad(
        `invalid parameter "start": cannot parse "${params.get("start") ?? ""}" to a valid timestamp`,
      );
    if (end === null)
      return bad(`invalid parameter "end": cannot parse "${params.get("end") ?? ""}" to a valid timestamp`);
    if (end < start) return bad(`invalid parameter "end": end timestamp must not be before start time`);
    if (step === null)
      return bad(`invalid parameter "step": cannot parse "${params.get("step") ?? ""}" to a valid duration`);
    if (step <= 0)
      return bad(
        `invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer`,
      );
    if ((end - start) / step > 11_000)
      return bad(
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
      );
    if (query.trim() === "")
      return bad('invalid parameter "query": 1:1: parse error: no expression found in input');
    const series = new Map<number, [number, string][]>();
    for (let t = start; t <= end; t += step) {
      const answer = script(query, String(t));
      if (answer !== null && typeof answer === "object" && "error" in answer)
        return error(res, answer.error.status, answer.error.errorType, answer.error.message);
      const values =
        answer === null
          ? []
          : Array.isArray(answer)
            ? answer
            : typeof answer === "object"
              ? [answer.scalar]
              : [answer];
      for (const [i, v] of values.entries()) series.set(i, [...(series.get(i) ?? []), [t, text(v)]]);
    }
    return success(res, {
      resultType: "matrix",
      result: [...series.entries()].map(([i, points]) => ({
        metric: series.size > 1 ? { series: String(i) } : {},
        values: points,
      })),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    ranges,
    answer: (next) => {
      script = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function authorized(req: IncomingMessage, options: FakePrometheusOptions): boolean {
  const header = req.headers.authorization ?? "";
  if (options.token !== undefined) return header === `Bearer ${options.token}`;
  if (options.basic !== undefined) {
    const expected = Buffer.from(`${options.basic.user}:${options.basic.password}`).toString("base64");
    return header === `Basic ${expected}`;
  }
  return true;
}

/** A time parameter as Prometheus reads it: Unix seconds (fractions allowed) or RFC 3339. */
function timestamp(value: string | null): number | null {
  if (value === null || value === "") return null;
  const n = Number(value);
  if (Number.isFinite(n)) return n;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** A step: float seconds, or a Prometheus duration (`30s`, `5m`, `1h30m`). */
function duration(value: string | null): number | null {
  if (value === null || value === "") return null;
  const n = Number(value);
  if (Number.isFinite(n)) return n;
  const units: Record<string, number> = {
    ms: 0.001,
    s: 1,
    m: 60,
    h: 3600,
    d: 86_400,
    w: 604_800,
    y: 31_536_000,
  };
  const parts = [...value.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) return null;
  return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (units[unit as string] ?? 0), 0);
}

/** Prometheus writes samples as strings, with Go's spellings of the special values. */
function text(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function success(res: ServerResponse, data: object): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ status: "success", data }));
}

function error(res: ServerResponse, status: number, errorType: string, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ status: "error", errorType, error: message }));
}

function plain(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(body);
}
