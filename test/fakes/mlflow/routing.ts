import type { Reply } from "./replies.ts";
import type { FakeMlflowState } from "./state.ts";

export interface RouteContext {
  readonly state: FakeMlflowState;
  /** The endpoint's parameters: the query for GET, the JSON body otherwise (MLflow's convention). */
  readonly params: Readonly<Record<string, unknown>>;
  /** A path parameter such as `{model_id}`. */
  readonly pathParam: string | undefined;
}

export interface Route {
  readonly method: "GET" | "POST" | "DELETE" | "PATCH";
  /** Below `/api/2.0/mlflow/`; a trailing `{id}` takes one path segment. */
  readonly endpoint: string;
  readonly handle: (ctx: RouteContext) => Reply;
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  endpoint: string,
): { route: Route; pathParam: string | undefined } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    if (route.endpoint === endpoint) return { route, pathParam: undefined };
    const prefix = route.endpoint.endsWith("/{id}") ? route.endpoint.slice(0, -4) : undefined;
    if (prefix && endpoint.startsWith(prefix)) {
      const rest = endpoint.slice(prefix.length);
      if (rest !== "" && !rest.includes("/")) return { route, pathParam: decodeURIComponent(rest) };
    }
  }
  return undefined;
}

/** A single-valued string parameter (the last one when a GET repeats it). */
export function str(ctx: RouteContext, name: string): string | undefined {
  const value = ctx.params[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === "string" ? last : typeof last === "number" ? String(last) : undefined;
}

/** A repeated parameter: repeated query keys, or a JSON array. */
export function strs(ctx: RouteContext, name: string): string[] {
  const value = ctx.params[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `max_results` within MLflow's bounds, or the complaint MLflow makes. */
export function maxResults(ctx: RouteContext, fallback: number, limit: number): number | string {
  const raw = str(ctx, "max_results");
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > limit)
    return `Invalid value for request parameter max_results. It must be at most ${limit}, but got value ${raw}`;
  return n;
}
