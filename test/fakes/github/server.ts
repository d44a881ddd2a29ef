import { type KeyObject, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describeFault, faultReply, type PendingFault } from "./faults.ts";
import { verifyAppJwt } from "./jwt.ts";
import type { RateLimits } from "./rate-limits.ts";
import { type Expectation, matchesPattern, type RecordedRequest } from "./recorder.ts";
import { errorReply, notFound, type Reply } from "./replies.ts";
import { type Caller, type Limits, matchRoute, type Route } from "./routing.ts";
import type { Urls } from "./shapes.ts";
import type { AppInfo, FakeState } from "./state.ts";

export const API_PREFIX = "/api/v3";

/** What the request handler works on; owned by the fake, shared by reference. */
export interface ServerDeps {
  readonly state: FakeState;
  readonly rateLimits: RateLimits;
  readonly app: AppInfo;
  readonly urls: Urls;
  readonly limits: Limits;
  readonly publicKey: KeyObject;
  readonly routes: readonly Route[];
  readonly requests: RecordedRequest[];
  readonly expectations: Expectation[];
  readonly faults: PendingFault[];
  readonly isStrict: () => boolean;
}

type Auth = { kind: "none" } | { kind: "invalid"; message: string } | { kind: "ok"; caller: Caller };

function authenticate(deps: ServerDeps, header: string | undefined): Auth {
  if (!header) return { kind: "none" };
  const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim())?.[1];
  if (!credential) return { kind: "invalid", message: "Bad credentials" };
  const issued = deps.state.tokens.get(credential);
  if (issued) {
    if (issued.expiresAt <= deps.state.now().getTime())
      return { kind: "invalid", message: "Bad credentials" };
    return {
      kind: "ok",
      caller: { kind: "installation", installationId: issued.installationId, bot: deps.app.bot },
    };
  }
  if (credential.split(".").length !== 3) return { kind: "invalid", message: "Bad credentials" };
  const nowSeconds = Math.floor(deps.state.now().getTime() / 1000);
  const check = verifyAppJwt(credential, deps.publicKey, deps.app.id, `Iv1.${deps.app.id}`, nowSeconds);
  return check.ok ? { kind: "ok", caller: { kind: "app" } } : { kind: "invalid", message: check.message };
}

/** A route needs the app's JWT or an installation token; anything else is GitHub's 401. */
function authorize(route: Route, auth: Auth): Caller | Reply {
  if (auth.kind === "invalid") return errorReply(401, auth.message);
  if (auth.kind === "none")
    return errorReply(
      401,
      route.auth === "app" ? "A JSON web token could not be decoded" : "Requires authentication",
    );
  if (route.auth === "app" && auth.caller.kind !== "app")
    return errorReply(401, "A JSON web token could not be decoded");
  if (route.auth === "installation" && auth.caller.kind !== "installation")
    return errorReply(401, "Bad credentials");
  return auth.caller;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(
  res: ServerResponse,
  reply: Reply,
  rec?: RecordedRequest,
  rate: Record<string, string> = {},
): void {
  const body = reply.body === undefined ? undefined : JSON.stringify(reply.body);
  if (rec) rec.bytes = body === undefined ? 0 : Buffer.byteLength(body);
  res.writeHead(reply.status, {
    "content-type": "application/json; charset=utf-8",
    "x-github-media-type": "github.v3; format=json",
    "x-github-request-id": randomUUID().toUpperCase(),
    ...rate,
    ...reply.headers,
  });
  res.end(body);
}

export function takeFault(
  deps: ServerDeps,
  req: Pick<RecordedRequest, "method" | "path" | "route">,
): PendingFault | undefined {
  const pending = deps.faults.find((f) => f.remaining > 0 && matchesPattern(f.pattern, req));
  if (pending) pending.remaining -= 1;
  return pending;
}

/** Counts the request against expectations; in strict mode a request none covers is unexpected. */
export function checkExpected(deps: ServerDeps, rec: RecordedRequest): void {
  const expectation = deps.expectations.find((e) => matchesPattern(e.pattern, rec) && e.count < e.max);
  if (expectation) expectation.count += 1;
  else if (deps.isStrict() || deps.expectations.some((e) => matchesPattern(e.pattern, rec)))
    rec.unexpected = true;
}

export async function handleRequest(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = await readBody(req);
  const url = new URL(req.url ?? "/", deps.urls.web);
  const method = req.method ?? "GET";
  const underApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
  const path = underApi ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
  const match = underApi ? matchRoute(deps.routes, method, path) : undefined;
  let body: unknown;
  let badJson = false;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      badJson = true;
      body = raw.toString("utf8");
    }
  }
  const auth = authenticate(deps, req.headers.authorization);
  const caller = auth.kind === "ok" ? auth.caller : null;
  const rate = deps.rateLimits.take(
    caller?.kind === "installation" ? `installation:${caller.installationId}` : (caller?.kind ?? "anonymous"),
    caller?.kind === "installation" ? caller.installationId : null,
  );
  const rec: RecordedRequest = {
    seq: deps.requests.length + 1,
    method,
    path,
    route: match?.name,
    params: match?.params ?? {},
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(
      Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
    ),
    body,
    auth: auth.kind === "ok" ? auth.caller.kind : auth.kind,
    status: 0,
    unexpected: match === undefined,
    fault: undefined,
    at: Date.now(),
    bytes: 0,
  };
  deps.requests.push(rec);
  if (!match) {
    rec.status = 404;
    return send(res, notFound(), rec, rate.headers);
  }
  checkExpected(deps, rec);
  const pending = takeFault(deps, rec);
  if (pending) {
    rec.fault = describeFault(pending.fault);
    if ("dropConnection" in pending.fault) {
      rec.status = 0;
      req.socket.destroy();
      return;
    }
    if ("delayMs" in pending.fault)
      await new Promise((r) => setTimeout(r, (pending.fault as { delayMs: number }).delayMs));
    const injected = faultReply(pending.fault, deps.state.now().getTime());
    if (injected) {
      rec.status = injected.status;
      return send(res, injected, rec, rate.headers);
    }
  }
  if (rate.refusal) {
    rec.status = rate.refusal.status;
    return send(res, rate.refusal, rec, rate.headers);
  }
  if (badJson) {
    rec.status = 400;
    return send(res, errorReply(400, "Problems parsing JSON"), rec, rate.headers);
  }
  const authorized = authorize(match.route, auth);
  const reply =
    "kind" in authorized
      ? match.route.handle({
          state: deps.state,
          app: deps.app,
          urls: deps.urls,
          limits: deps.limits,
          params: match.params,
          url,
          body,
          caller: authorized,
        })
      : authorized;
  rec.status = reply.status;
  send(res, reply, rec, rate.headers);
}
