import type { Reply } from "./replies.ts";
import type { Urls } from "./shapes.ts";
import type { AppInfo, FakeState, RepoState, User } from "./state.ts";

/** Who called: the app itself (JWT) or one of its installations (installation token). */
export type Caller =
  | { readonly kind: "app" }
  | { readonly kind: "installation"; readonly installationId: number; readonly bot: User };

export interface Limits {
  /** Entries a recursive tree returns before GitHub sets `truncated: true` (GitHub: 100,000). */
  readonly treeEntries: number;
  /** Files listed for a pull request (GitHub: 3,000). */
  readonly pullFiles: number;
}

export interface RouteContext {
  readonly state: FakeState;
  readonly app: AppInfo;
  readonly urls: Urls;
  readonly limits: Limits;
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  readonly body: unknown;
  readonly caller: Caller;
}

export interface Route {
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Octokit's route syntax; `{name+}` takes the rest of the path (contents paths, git refs). */
  readonly template: string;
  /** `app` needs the app's JWT; `installation` needs an installation token. */
  readonly auth: "app" | "installation";
  readonly handle: (ctx: RouteContext) => Reply;
}

export interface Match {
  readonly route: Route;
  /** The route as Octokit names it, e.g. "GET /repos/{owner}/{repo}/pulls/{pull_number}". */
  readonly name: string;
  readonly params: Record<string, string>;
}

export function routeName(route: Route): string {
  return `${route.method} ${route.template.replace("+}", "}")}`;
}

/**
 * Matches raw path segments and decodes each one afterwards, so `heads%2Fmain` (Octokit encodes a
 * parameter's slashes) and `heads/main` reach the same `{ref+}`.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): Match | undefined {
  const segments = path.split("/").slice(1);
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchTemplate(route.template.split("/").slice(1), segments);
    if (params) return { route, name: routeName(route), params };
  }
  return undefined;
}

function matchTemplate(template: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i] ?? "";
    const greedy = /^\{(\w+)\+\}$/.exec(part);
    if (greedy?.[1]) {
      const rest = segments.slice(i);
      if (rest.length === 0 || rest.some((s) => s === "")) return undefined;
      params[greedy[1]] = rest.map(decode).join("/");
      return params;
    }
    const segment = segments[i];
    if (segment === undefined || segment === "") return undefined;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) params[name] = decode(segment);
    else if (part !== segment) return undefined;
  }
  return segments.length === template.length ? params : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The repository named by `{owner}/{repo}`, if the calling installation can see it (else GitHub's 404). */
export function visibleRepo(ctx: RouteContext): RepoState | undefined {
  const repo = ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
  if (!repo) return undefined;
  if (ctx.caller.kind === "installation" && repo.installationId !== ctx.caller.installationId)
    return undefined;
  return repo;
}
