import type { IncomingMessage, ServerResponse } from "node:http";
import { attributesOf, authorize, createAttributes } from "./authorize.ts";
import { coreVersions, groupList, groupOf, resourceList } from "./discovery.ts";
import { describeFault, faultMatches, faultReply, type PendingFault } from "./faults.ts";
import { ADMIN, type Identity } from "./identity.ts";
import type { RecordedRequest, Verb } from "./recorder.ts";
import { resolvePath, type Target } from "./resolve-path.ts";
import { applyObject } from "./routes-apply.ts";
import { createObject } from "./routes-create.ts";
import { deleteObject } from "./routes-delete.ts";
import { writeLease } from "./routes-lease.ts";
import { getObject, listObjects } from "./routes-read.ts";
import type { FakeState } from "./state.ts";
import { notFoundAt, type Reply, statusReply } from "./status.ts";
import { ObjectStore } from "./store.ts";

export interface ServerDeps {
  readonly state: FakeState;
  /** The administrator's token (`system:masters`, never checked by RBAC). */
  readonly token: string;
  /** Other users' tokens: each of their requests is authorized by RBAC. */
  readonly users: ReadonlyMap<string, Identity>;
  readonly requests: RecordedRequest[];
  readonly faults: PendingFault[];
}

function verbOf(method: string, target: Target): Verb {
  if (target.type === "root" || target.type === "group" || target.type === "discovery")
    return method === "GET" ? "discovery" : "other";
  if (target.type !== "resource") return "other";
  if (method === "GET") return target.name === null ? "list" : "get";
  if (method === "PATCH") return "patch";
  if (method === "DELETE") return "delete";
  return "other";
}

const notAllowed = (): Reply =>
  statusReply(
    405,
    "the server does not allow this method on the requested resource (the fake serves GET, server-side apply PATCH and DELETE)",
  );

/**
 * A PUT or an apply PATCH that finds nothing there creates the object: the API server then also asks
 * the authorizer whether the user may `create` it (by name, unlike a POST), and refuses with 403 if not.
 */
function createRefused(state: FakeState, user: Identity, target: Target): Reply | undefined {
  if (target.type !== "resource" || target.name === null) return undefined;
  const { spec, namespace, name } = target;
  if (state.store.objects.has(ObjectStore.key(spec, namespace, name))) return undefined;
  return authorize(state.store, user, createAttributes(spec, namespace, name));
}

function dispatch(
  state: FakeState,
  method: string,
  target: Target,
  rec: RecordedRequest,
  user: Identity,
): Reply {
  if (target.type === "root") {
    if (method !== "GET") return notAllowed();
    return { status: 200, body: target.which === "api" ? coreVersions() : groupList(state.served) };
  }
  if (target.type === "group") {
    const group = method === "GET" ? groupOf(state.served, target.group) : undefined;
    return group ? { status: 200, body: group } : notFoundAt();
  }
  if (target.type === "discovery") {
    const list = method === "GET" ? resourceList(state.served, target.groupVersion) : undefined;
    return list ? { status: 200, body: list } : notFoundAt();
  }
  if (target.type !== "resource") return notFoundAt();
  const { spec, namespace, name, subresource } = target;
  if (subresource !== null) {
    if (subresource !== "status" || !spec.statusSubresource || name === null) return notFoundAt();
    return method === "GET" ? getObject(state, spec, namespace, name) : notAllowed();
  }
  if (method === "GET")
    return name === null
      ? listObjects(state, spec, namespace, rec.query)
      : getObject(state, spec, namespace, name);
  // Leader election creates and replaces Leases (`routes-lease.ts`); no other kind takes PUT, and only ConfigMaps POST.
  if (
    spec.kind === "Lease" &&
    ((method === "POST" && name === null) || (method === "PUT" && name !== null))
  ) {
    const refused = method === "PUT" ? createRefused(state, user, target) : undefined;
    if (refused) return refused;
    return writeLease(state, method, {
      spec,
      namespace,
      name,
      query: rec.query,
      contentType: rec.contentType ?? "",
      body: rec.body,
    });
  }
  // ConfigMaps are created with POST (`routes-create.ts`): the environment store's first write.
  if (method === "POST" && name === null && spec.kind === "ConfigMap" && namespace !== null)
    return createObject(state, {
      spec,
      namespace,
      query: rec.query,
      contentType: rec.contentType ?? "",
      body: rec.body,
    });
  if (name === null || (method !== "PATCH" && method !== "DELETE")) return notAllowed();
  const write = {
    spec,
    namespace,
    name,
    query: rec.query,
    contentType: rec.contentType ?? "",
    body: rec.body,
  };
  if (method === "DELETE") return deleteObject(state, write);
  return createRefused(state, user, target) ?? applyObject(state, write);
}

function send(res: ServerResponse, reply: Reply): void {
  const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(text);
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
  const body = await readBody(req);
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = req.method ?? "GET";
  const target = resolvePath(url.pathname, deps.state.served);
  const resource = target.type === "resource" ? target : undefined;
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  const identity = bearer === deps.token ? ADMIN : bearer === undefined ? undefined : deps.users.get(bearer);
  const rec: RecordedRequest = {
    seq: deps.requests.length + 1,
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    verb: verbOf(method, target),
    resource: resource?.spec.plural,
    namespace: resource?.namespace ?? undefined,
    name: resource?.name ?? undefined,
    contentType: req.headers["content-type"]?.split(";")[0]?.trim(),
    body,
    authorized: identity !== undefined,
    user: identity?.name,
    attributes: attributesOf(method, url.pathname, target, Object.fromEntries(url.searchParams)),
    status: 0,
    fault: undefined,
  };
  deps.requests.push(rec);
  const reply = (r: Reply): void => {
    rec.status = r.status;
    send(res, r);
  };
  // Authentication, then authorization, run before anything else in the apiserver's filter chain.
  if (!identity) return reply(statusReply(401, "Unauthorized"));
  const denied = authorize(deps.state.store, identity, rec.attributes);
  if (denied) return reply(denied);
  const pending = deps.faults.find((f) => f.remaining > 0 && faultMatches(f.pattern, rec));
  if (pending) {
    pending.remaining -= 1;
    rec.fault = describeFault(pending.fault);
    const fault = pending.fault;
    if ("dropConnection" in fault) return void req.socket.destroy();
    if ("delayMs" in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    const injected = faultReply(fault, rec);
    if (injected) return reply(injected);
    if (res.destroyed) return;
  }
  reply(dispatch(deps.state, method, target, rec, identity));
}
