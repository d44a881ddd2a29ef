/** One request as the fake saw it. */
export interface RecordedRequest {
  readonly seq: number;
  readonly method: string;
  /** Below `/apis/v2beta1/`, e.g. `runs/abc:terminate`. */
  readonly path: string;
  /** The route template it matched (`runs/{id}:terminate`), or undefined for an unknown endpoint. */
  readonly route: string | undefined;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, the multipart fields and file names, or undefined. */
  readonly body: unknown;
  /** The identity the request authenticated as, or null. */
  readonly user: string | null;
  status: number;
  unexpected: boolean;
  /** Set when the answer came from `failNext` rather than the endpoint. */
  fault: string | undefined;
}

/** "METHOD template", "METHOD path" or "*". */
export function matchesPattern(
  pattern: string,
  req: Pick<RecordedRequest, "method" | "path" | "route">,
): boolean {
  return (
    pattern === "*" || pattern === `${req.method} ${req.route}` || pattern === `${req.method} ${req.path}`
  );
}

export interface Expectation {
  readonly pattern: string;
  readonly min: number;
  readonly max: number;
  count: number;
}

export function describeProblems(
  requests: readonly RecordedRequest[],
  expectations: readonly Expectation[],
): string[] {
  const problems = requests
    .filter((r) => r.unexpected)
    .map((r) => `unexpected request ${r.method} ${r.path} → ${r.status}`);
  for (const e of expectations)
    if (e.count < e.min || e.count > e.max)
      problems.push(
        `expected ${e.pattern} ${e.min === e.max ? e.min : `${e.min}–${e.max}`} time(s), got ${e.count}`,
      );
  return problems;
}
