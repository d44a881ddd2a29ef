/** Why the metrics source could not answer: not a finding about the canary, but a fault to report. */
export type LiveMetricsFaultKind =
  | "unreachable"
  | "timeout"
  | "auth"
  | "forbidden"
  | "bad-query"
  | "invalid"
  | "server";

/** The only error a `LiveMetrics` rejects with; its message names the host, never a credential. */
export class LiveMetricsFault extends Error {
  override readonly name = "LiveMetricsFault";
  readonly kind: LiveMetricsFaultKind;
  readonly status: number | undefined;
  /** Prometheus's `errorType` (`bad_data`, `execution`, `timeout`, …) when it gave one. */
  readonly errorType: string | undefined;

  constructor(
    kind: LiveMetricsFaultKind,
    message: string,
    details: { status?: number; errorType?: string } = {},
  ) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.errorType = details.errorType;
  }
}

export function isLiveMetricsFault(error: unknown): error is LiveMetricsFault {
  return error instanceof LiveMetricsFault;
}
