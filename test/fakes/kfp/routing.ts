import { grpcError, type Reply } from "./replies.ts";
import type { FakeKfpState } from "./state.ts";

export interface Multipart {
  readonly fields: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, { filename: string; content: Buffer }>>;
}

export interface RouteContext {
  readonly state: FakeKfpState;
  /** Path parameters: `{id}`, `{pipeline_id}`, `{name}`… */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters (the last value of a repeated key, as grpc-gateway reads a scalar). */
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body (`{}` when there was none). */
  readonly body: Record<string, unknown>;
  readonly form: Multipart | null;
  /** The authenticated user, or null in a single-user install without auth. */
  readonly user: string | null;
  readonly multiUser: boolean;
  /** Null when `user` may `verb` in `namespace`; otherwise KFP's refusal. */
  authorize(namespace: string | undefined, verb: string, resource: string): Reply | null;
}

export interface Route {
  readonly method: "GET" | "POST" | "DELETE";
  /** Below `/apis/v2beta1/`, with `{param}` segments; a custom verb (`:disable`) ends the last one. */
  readonly template: string;
  readonly handle: (ctx: RouteContext) => Reply;
}

/** Matches `runs/abc:terminate` against `runs/{id}:terminate`; params are URL-decoded. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const actual = path.split("/");
  for (const route of routes) {
    if (route.method !== method) continue;
    const wanted = route.template.split("/");
    if (wanted.length !== actual.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (const [i, w] of wanted.entries()) {
      const a = actual[i] as string;
      const m = /^\{(\w+)\}(:\w+)?$/.exec(w);
      if (!m) {
        if (w !== a) matched = false;
      } else {
        const verb = m[2] ?? "";
        if (verb !== "" && !a.endsWith(verb)) matched = false;
        else if (verb === "" && a.includes(":")) matched = false;
        else {
          const raw = verb === "" ? a : a.slice(0, -verb.length);
          if (raw === "") matched = false;
          else params[m[1] as string] = decodeURIComponent(raw);
        }
      }
      if (!matched) break;
    }
    if (matched) return { route, params };
  }
  return undefined;
}

/** The real server's answer when a user may not act in a namespace (a SubjectAccessReview said no). */
export function permissionDenied(user: string, namespace: string, verb: string, resource: string): Reply {
  return grpcError(
    "PERMISSION_DENIED",
    `User '${user}' is not authorized with reason:  (request: &ResourceAttributes{Namespace:${namespace},Verb:${verb},Group:pipelines.kubeflow.org,Version:v1beta1,Resource:${resource},})`,
    "Failed to authorize with API",
  );
}

/** A string field of the JSON body. */
export function field(ctx: RouteContext, name: string): string | undefined {
  const value = ctx.body[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}
