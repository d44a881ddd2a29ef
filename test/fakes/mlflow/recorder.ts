/** One request as the fake saw it. */
export interface RecordedRequest {
  readonly seq: number;
  readonly method: string;
  /** The endpoint below `/api/2.0/mlflow/`, e.g. "runs/get" or "logged-models/m-1". */
  readonly endpoint: string;
  /** Query parameters; a repeated key keeps every value. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
  /** How the caller authenticated. */
  readonly auth: "bearer" | "basic" | "none";
  status: number;
  /** No such endpoint. */
  unexpected: boolean;
  /** Set when the answer came from `failNext` rather than the endpoint. */
  fault: string | undefined;
}

export function matchesPattern(pattern: string, req: Pick<RecordedRequest, "method" | "endpoint">): boolean {
  return pattern === "*" || pattern === `${req.method} ${req.endpoint}`;
}

/** A request that must come between `min` and `max` times (see `FakeMlflow.expect`). */
export interface Expectation {
  readonly pattern: string;
  readonly min: number;
  readonly max: number;
  count: number;
}

/** Reasons a strict double fails: surplus or unknown requests, and expectations never met. */
export function describeProblems(
  requests: readonly RecordedRequest[],
  expectations: readonly Expectation[],
): string[] {
  const problems = requests
    .filter((r) => r.unexpected)
    .map((r) => `unexpected request ${r.method} ${r.endpoint} → ${r.status}`);
  for (const e of expectations)
    if (e.count < e.min)
      problems.push(
        `expected ${e.pattern} ${e.min === e.max ? e.min : `at least ${e.min}`} time(s), got ${e.count}`,
      );
  return problems;
}
