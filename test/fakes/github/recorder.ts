/** One request as the fake saw it; `route` uses Octokit's names, e.g. "POST /repos/{owner}/{repo}/check-runs". */
export interface RecordedRequest {
  readonly seq: number;
  readonly method: string;
  /** The path below `/api/v3`, without the query. */
  readonly path: string;
  readonly route: string | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
  /** How the caller authenticated: app JWT, installation token, nothing, or a rejected credential. */
  readonly auth: "app" | "installation" | "none" | "invalid";
  status: number;
  /** Unknown route, or (in strict mode) a route no expectation covers, or one beyond its expected count. */
  unexpected: boolean;
  /** Set when the answer came from `failNext` rather than the route. */
  fault: string | undefined;
  /** When the request arrived (ms since the epoch, the real clock: for benchmarks, never for tests). */
  readonly at: number;
  /** Bytes of the answer's body (git's pack data for a fetch). */
  bytes: number;
}

/**
 * A pattern is either a route in Octokit's syntax ("GET /repos/{owner}/{repo}/pulls/{pull_number}"),
 * matched against the route a request resolved to, or a concrete "METHOD /path", matched exactly.
 */
export function matchesPattern(
  pattern: string,
  req: Pick<RecordedRequest, "method" | "path" | "route">,
): boolean {
  if (pattern.includes("{")) return req.route === pattern;
  return pattern === `${req.method} ${req.path}`;
}

export interface ExpectOptions {
  /** Exactly this many requests (default 1 unless atLeast/atMost is given). */
  readonly times?: number;
  readonly atLeast?: number;
  readonly atMost?: number;
}

export interface Expectation {
  readonly pattern: string;
  readonly min: number;
  readonly max: number;
  count: number;
}

export function makeExpectation(pattern: string, options: ExpectOptions = {}): Expectation {
  if (!/^(GET|POST|PATCH|PUT|DELETE) \//.test(pattern))
    throw new Error(`fake GitHub: a pattern is "METHOD /path", got ${JSON.stringify(pattern)}`);
  const exact = options.times;
  const min = exact ?? options.atLeast ?? (options.atMost === undefined ? 1 : 0);
  const max = exact ?? options.atMost ?? (options.atLeast === undefined ? 1 : Number.POSITIVE_INFINITY);
  return { pattern, min, max, count: 0 };
}

/** Human-readable reasons a strict double fails: surplus requests and expectations never met. */
export function describeProblems(
  requests: readonly RecordedRequest[],
  expectations: readonly Expectation[],
): string[] {
  const problems = requests
    .filter((r) => r.unexpected)
    .map((r) => `unexpected request ${r.method} ${r.path} (${r.route ?? "no such route"}) → ${r.status}`);
  for (const e of expectations)
    if (e.count < e.min)
      problems.push(
        `expected ${e.pattern} ${e.min === e.max ? e.min : `at least ${e.min}`} time(s), got ${e.count}`,
      );
  return problems;
}
