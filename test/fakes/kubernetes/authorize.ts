import type { KindSpec } from "./catalog.ts";
import type { Identity } from "./identity.ts";
import { type RequestAttributes, rbacAllows } from "./rbac.ts";
import type { Target } from "./resolve-path.ts";
import { type Reply, statusReply } from "./status.ts";
import type { ObjectStore } from "./store.ts";

/** HTTP method → the request verb the authorizer sees (`RequestInfoFactory`). */
function verbOf(
  method: string,
  target: Extract<Target, { type: "resource" }>,
  query: Record<string, string>,
) {
  const collection = target.name === null;
  switch (method) {
    case "GET":
    case "HEAD":
      return collection ? (query.watch === "true" || query.watch === "1" ? "watch" : "list") : "get";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return collection ? "deletecollection" : "delete";
    default:
      return "";
  }
}

/** The attributes of a request, as the API server's filters derive them from the URL and method. */
export function attributesOf(
  method: string,
  path: string,
  target: Target,
  query: Record<string, string>,
): RequestAttributes {
  if (target.type !== "resource")
    return {
      resourceRequest: false,
      verb: method === "GET" || method === "HEAD" ? "get" : method.toLowerCase(),
      path,
    };
  return {
    resourceRequest: true,
    verb: verbOf(method, target, query),
    apiGroup: target.spec.group,
    resource: target.spec.plural,
    subresource: target.subresource ?? "",
    namespace: target.namespace ?? "",
    name: target.name ?? "",
  };
}

/** The same request asking to create `name` (a PUT or an apply PATCH that finds nothing there). */
export function createAttributes(spec: KindSpec, namespace: string | null, name: string): RequestAttributes {
  return {
    resourceRequest: true,
    verb: "create",
    apiGroup: spec.group,
    resource: spec.plural,
    subresource: "",
    namespace: namespace ?? "",
    name,
  };
}

/** The paths the bootstrap `system:discovery` and `system:public-info-viewer` ClusterRoles open to everyone. */
const PUBLIC_PATHS = [
  /^\/api(\/.*)?$/,
  /^\/apis(\/.*)?$/,
  /^\/version\/?$/,
  /^\/healthz$/,
  /^\/livez$/,
  /^\/readyz$/,
  /^\/openapi\//,
];

/**
 * The authorizer chain: `system:masters` is allowed everything (as the API server's privileged group
 * is, before RBAC); discovery and version paths are allowed to every authenticated user (the bootstrap
 * ClusterRoles); anything else is RBAC on the stored Roles and bindings. Undefined when allowed, else
 * the 403 the API server sends.
 */
export function authorize(store: ObjectStore, user: Identity, a: RequestAttributes): Reply | undefined {
  if (user.groups.includes("system:masters")) return undefined;
  if (!a.resourceRequest && a.verb === "get" && PUBLIC_PATHS.some((p) => p.test(a.path))) return undefined;
  if (rbacAllows(store, user, a)) return undefined;
  return forbidden(user, a);
}

/**
 * `responsewriters.Forbidden` + `apierrors.NewForbidden`: `deployments.apps "fraud" is forbidden: User
 * "…" cannot get resource "deployments" in API group "apps" in the namespace "ml"`, details naming the
 * group, resource (as `kind`) and object.
 */
export function forbidden(user: Identity, a: RequestAttributes): Reply {
  if (!a.resourceRequest)
    return statusReply(403, `forbidden: User "${user.name}" cannot ${a.verb} path "${a.path}"`, {
      subject: {},
    });
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  const reason = `User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${scope}`;
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const what = a.name ? `${qualified} "${a.name}"` : qualified;
  return statusReply(403, `${what} is forbidden: ${reason}`, {
    subject: {
      ...(a.name ? { name: a.name } : {}),
      ...(a.apiGroup ? { group: a.apiGroup } : {}),
      kind: a.resource,
    },
  });
}
