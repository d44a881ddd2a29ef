import type { IncomingMessage, ServerResponse } from "node:http";
import { describeFault, faultReply, type PendingFault } from "./faults.ts";
import { parseMultipart } from "./multipart.ts";
import { type Expectation, matchesPattern, type RecordedRequest } from "./recorder.ts";
import { grpcError, type Reply } from "./replies.ts";
import { matchRoute, permissionDenied, type Route, type RouteContext } from "./routing.ts";
import type { FakeKfpState } from "./state.ts";

export const API_PREFIX = "/apis/v2beta1/";
/** Larger bodies are refused unread (uploads are at most 32 MiB in KFP). */
const MAX_REQUEST_BYTES = 40 << 20;

export interface FakeKfpAuth {
  /** A multi-user install: every request needs an identity, and namespaces are checked. */
  readonly multiUser: boolean;
  /** login → the namespaces it may act in (its profile's RBAC). */
  readonly users: Readonly<Record<string, readonly string[]>>;
  /** Bearer token → login, as a TokenReview with audience pipelines.kubeflow.org would answer. */
  readonly tokens: Readonly<Record<string, string>>;
  /** The header a trusted proxy sets (Kubeflow's `kubeflow-userid`). */
  readonly identityHeader: string;
}

export interface ServerDeps {
  readonly state: FakeKfpState;
  readonly routes: readonly Route[];
  readonly requests: RecordedRequest[];
  readonly faults: PendingFault[];
  readonly expectations: Expectation[];
  readonly auth: FakeKfpAuth;
  readonly isStrict: () => boolean;
}

function send(res: ServerResponse, reply: Reply): void {
  const text = reply.raw ?? JSON.stringify(reply.body ?? {});
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Who the request is: a token KFP's TokenReview accepts, else the trusted identity header. */
function identify(auth: FakeKfpAuth, req: IncomingMessage): string | null {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
  if (bearer !== undefined && auth.tokens[bearer] !== undefined) return auth.tokens[bearer] as string;
  const header = req.headers[auth.identityHeader.toLowerCase()];
  return typeof header === "string" && header !== "" ? header : null;
}

function checkExpected(deps: ServerDeps, rec: RecordedRequest): void {
  const expectation = deps.expectations.find((e) => matchesPattern(e.pattern, rec));
  if (expectation) expectation.count += 1;
  else if (deps.isStrict()) rec.unexpected = true;
}

export async function handleRequest(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = await readBody(req);
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = req.method ?? "GET";
  const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
  const query = Object.fromEntries(url.searchParams.entries());
  const contentType = req.headers["content-type"] ?? "";
  const form = raw && contentType.startsWith("multipart/") ? parseMultipart(contentType, raw) : null;
  let body: Record<string, unknown> = {};
  let badJson = false;
  if (raw && raw.length > 0 && !form) {
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
      else badJson = true;
    } catch {
      badJson = true;
    }
  }
  const user = identify(deps.auth, req);
  const match = url.pathname.startsWith(API_PREFIX) ? matchRoute(deps.routes, method, path) : undefined;
  const headers = Object.fromEntries(
    Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  );
  const rec: RecordedRequest = {
    seq: deps.requests.length + 1,
    method,
    path,
    route: match?.route.template,
    query,
    headers,
    body: form
      ? { fields: form.fields, files: Object.keys(form.files) }
      : raw && raw.length > 0
        ? body
        : undefined,
    user,
    status: 0,
    unexpected: match === undefined,
    fault: undefined,
  };
  deps.requests.push(rec);
  const reply = (r: Reply): void => {
    rec.status = r.status;
    send(res, r);
  };
  if (raw === null) return reply(grpcError("INVALID_ARGUMENT", "request body too large"));
  const { auth } = deps;
  // Every endpoint needs an identity in a multi-user install, and a valid token wherever tokens are set.
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
  const tokenRefused = bearer !== undefined && auth.tokens[bearer] === undefined;
  if (
    (auth.multiUser && user === null) ||
    (!auth.multiUser && Object.keys(auth.tokens).length > 0 && user === null) ||
    (tokenRefused && user === null)
  )
    return reply(
      grpcError(
        "UNAUTHENTICATED",
        "Failed to check authorization. User identity is empty in the request header",
        "Failed to authenticate: there is no user identity header; TokenReview did not authenticate the bearer token",
      ),
    );
  if (!match) return reply({ status: 404, raw: "Not Found\n", headers: { "content-type": "text/plain" } });
  checkExpected(deps, rec);
  const pending = deps.faults.find((f) => f.remaining > 0 && matchesPattern(f.pattern, rec));
  let loseAnswer = false;
  if (pending) {
    pending.remaining -= 1;
    rec.fault = describeFault(pending.fault);
    const fault = pending.fault;
    if ("dropConnection" in fault) return void req.socket.destroy();
    if ("lostAnswer" in fault) loseAnswer = true;
    if ("delayMs" in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if ("oversizedBytes" in fault) {
      rec.status = 200;
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": String(fault.oversizedBytes),
      });
      res.on("error", () => undefined);
      return void res.end(Buffer.alloc(fault.oversizedBytes, 0x20));
    }
    const injected = faultReply(fault);
    if (injected) return reply(injected);
    if (res.destroyed) return;
  }
  if (badJson)
    return reply(grpcError("INVALID_ARGUMENT", "proto: syntax error (line 1:1): unexpected token"));
  const ctx: RouteContext = {
    state: deps.state,
    params: match.params,
    query,
    body,
    form,
    user,
    multiUser: auth.multiUser,
    authorize(namespace, verb, resource) {
      if (!auth.multiUser || namespace === undefined || namespace === "") return null;
      if (user !== null && (auth.users[user] ?? []).includes(namespace)) return null;
      return permissionDenied(user ?? "", namespace, verb, resource);
    },
  };
  const answer = match.route.handle(ctx);
  if (loseAnswer) {
    rec.status = answer.status;
    return void req.socket.destroy();
  }
  reply(answer);
}
