import type { RequestAttributes } from "./rbac.ts";

/** The verbs the fake tells apart (Kubernetes' request verbs, discovery aside). */
export type Verb = "discovery" | "get" | "list" | "patch" | "delete" | "other";

/** One request as the fake saw it. */
export interface RecordedRequest {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  /** Query parameters (the last value of a repeated key). */
  readonly query: Readonly<Record<string, string>>;
  readonly verb: Verb;
  /** The resource (plural) addressed, when the path names one. */
  readonly resource: string | undefined;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly contentType: string | undefined;
  /** The body as text (apply bodies are YAML or JSON). */
  readonly body: string;
  /** Whether the bearer token authenticated someone (the administrator or a user of `tokenFor`). */
  readonly authorized: boolean;
  /** Who it authenticated, when it did. */
  readonly user: string | undefined;
  /** What the authorizer decided on: the API server's verb (`create`, `update`…), group, resource, name. */
  readonly attributes: RequestAttributes;
  status: number;
  /** Set when the answer came from `failNext` rather than the API. */
  fault: string | undefined;
}

export type VerbCounts = Readonly<Record<Verb, number>>;

export function countByVerb(requests: readonly RecordedRequest[]): VerbCounts {
  const counts: Record<Verb, number> = { discovery: 0, get: 0, list: 0, patch: 0, delete: 0, other: 0 };
  for (const r of requests) counts[r.verb] += 1;
  return counts;
}
