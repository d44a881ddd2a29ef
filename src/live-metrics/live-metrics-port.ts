/**
 * Live metrics for canary analysis (issue #22, DESIGN.md §5: the Prometheus HTTP API). One call, one
 * number: a check's PromQL evaluated as an instant query. Faults reject with `LiveMetricsFault`.
 */
export interface LiveMetrics {
  /** The integration's host, for reports (never credentials). */
  readonly host: string;
  /**
   * The query's value at `atSeconds` (Unix seconds; the server's now when absent): one series or a
   * scalar. Null when it has no data — no series, or NaN (a ratio of no requests).
   */
  value(query: string, atSeconds?: number): Promise<number | null>;
}
