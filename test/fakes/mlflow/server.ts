import type { IncomingMessage, ServerResponse } from "node:http";
import { ARTIFACTS_PREFIX, serveArtifact } from "./artifacts.ts";
import { describeFault, faultReply, type PendingFault } from "./faults.ts";
import { type Expectation, matchesPattern, type RecordedRequest } from "./recorder.ts";
import { invalid, mlflowError, type Reply, unauthenticated } from "./replies.ts";
import { matchRoute, type Route } from "./routing.ts";
import type { FakeMlflowState } from "./state.ts";

export const API_PREFIX = "/api/2.0/mlflow/";

/** Credentials the fake accepts; with none set, the server is open (MLflow's default). */
export interface FakeAuth {
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
}

export interface ServerDeps {
  readonly state: FakeMlflowState;
  readonly routes: readonly Route[];
  readonly requests: RecordedRequest[];
  readonly faults: PendingFault[];
  readonly auth: FakeAuth;
  readonly expectations: Expectation[];
  readonly isStrict: () => boolean;
}

/** Counts the request against expectations; in strict mode a request none covers is unexpected. */
function checkExpected(deps: ServerDeps, rec: RecordedRequest): void {
  const expectation = deps.expectations.find((e) => matchesPattern(e.pattern, rec) && e.count < e.max);
  if (expectation) expectation.count += 1;
  else if (deps.isStrict() || deps.expectations.some((e) => matchesPattern(e.pattern, rec)))
    rec.unexpected = true;
}

function authKind(header: string | undefined): RecordedRequest["auth"] {
  if (/^bearer\s/i.test(header ?? "")) return "bearer";
  if (/^basic\s/i.test(header ?? "")) return "basic";
  return "none";
}

function authorized(auth: FakeAuth, header: string | undefined): boolean {
  if (auth.token === undefined && auth.username === undefined) return true;
  if (auth.token !== undefined && header === `Bearer ${auth.token}`) return true;
  if (auth.username !== undefined) {
    const basic = Buffer.from(`${auth.username}:${auth.password ?? ""}`, "utf8").toString("base64");
    if (header === `Basic ${basic}`) return true;
  }
  return false;
}

function send(res: ServerResponse, reply: Reply): void {
  const text = reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(text);
}

function sendOversized(res: ServerResponse, bytes: number, chunked: boolean): void {
  res.writeHead(200, {
    "content-type": "application/json",
    ...(chunked ? {} : { "content-length": String(bytes) }),
  });
  const chunk = Buffer.alloc(Math.min(bytes, 1 << 20), 0x20);
  let left = bytes;
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(chunk.subarray(0, n))) return void res.once("drain", pump);
    }
    res.end();
  };
  res.on("error", () => undefined);
  pump();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function handleRequest(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = await readBody(req);
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = req.method ?? "GET";
  // The artifact proxy sits beside the REST API: endpoints below /api/2.0/ ("mlflow-artifacts/artifacts/…").
  const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
  const artifact =
    method === "GET" && rawPath.startsWith(ARTIFACTS_PREFIX)
      ? rawPath.slice(ARTIFACTS_PREFIX.length)
      : undefined;
  const endpoint =
    artifact !== undefined
      ? `mlflow-artifacts/artifacts/${artifact}`
      : url.pathname.startsWith(API_PREFIX)
        ? url.pathname.slice(API_PREFIX.length)
        : url.pathname;
  const query: Record<string, string[]> = {};
  for (const k of new Set(url.searchParams.keys())) query[k] = url.searchParams.getAll(k);
  let body: unknown;
  let badJson = false;
  try {
    body = raw === "" ? undefined : JSON.parse(raw);
  } catch {
    badJson = true;
  }
  const header = req.headers.authorization;
  const headers = Object.fromEntries(
    Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  );
  const match = url.pathname.startsWith(API_PREFIX) ? matchRoute(deps.routes, method, endpoint) : undefined;
  const rec: RecordedRequest = {
    seq: deps.requests.length + 1,
    method,
    endpoint,
    query,
    headers,
    body,
    auth: authKind(header),
    status: 0,
    unexpected: match === undefined && artifact === undefined,
    fault: undefined,
  };
  deps.requests.push(rec);
  const reply = (r: Reply): void => {
    rec.status = r.status;
    send(res, r);
  };
  // The auth layer sits in front of every endpoint, known or not.
  if (!authorized(deps.auth, header)) return reply(unauthenticated());
  if (!match && artifact === undefined)
    return reply(mlflowError("ENDPOINT_NOT_FOUND", `No API endpoint for ${method} ${url.pathname}`));
  checkExpected(deps, rec);
  const pending = deps.faults.find((f) => f.remaining > 0 && matchesPattern(f.pattern, rec));
  if (pending) {
    pending.remaining -= 1;
    rec.fault = describeFault(pending.fault);
    const fault = pending.fault;
    if ("dropConnection" in fault) return void req.socket.destroy();
    if ("delayMs" in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if ("oversizedBytes" in fault) {
      rec.status = 200;
      return sendOversized(res, fault.oversizedBytes, fault.chunked ?? false);
    }
    const injected = faultReply(fault, header ?? "");
    if (injected) return reply(injected);
    if (res.destroyed) return;
  }
  if (artifact !== undefined) return reply(serveArtifact(deps.state, artifact));
  if (!match) return;
  if (method !== "GET") {
    // MLflow validates the content type of every non-GET request (`_validate_content_type`).
    if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
      return reply(invalid("Bad Request. Content-Type must be one of ['application/json']."));
    if (badJson) return reply(mlflowError("MALFORMED_REQUEST", "Malformed request body"));
  }
  const params = method === "GET" ? query : ((body ?? {}) as Record<string, unknown>);
  reply(match.route.handle({ state: deps.state, params, pathParam: match.pathParam }));
}
