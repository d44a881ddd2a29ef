/**
 * Why the tracker could not answer. A fault (MLflow down, refused, malformed answer) is not a finding:
 * the workflow maps it in one place to a failed `slipway/gates` check and the retry command.
 */
export type TrackerFaultKind = "unreachable" | "timeout" | "auth" | "not-found" | "invalid" | "server";

export interface TrackerFaultDetails {
  /** MLflow's `error_code` (e.g. RESOURCE_DOES_NOT_EXIST) when the server sent one. */
  readonly errorCode?: string;
  /** MLflow's own `message`, already cleared of credentials. */
  readonly serverMessage?: string;
  readonly status?: number;
}

/**
 * The only error a Tracker rejects with. Its message names the endpoint and the host, never a
 * credential or a URI carrying one.
 */
export class TrackerFault extends Error {
  override readonly name = "TrackerFault";
  readonly kind: TrackerFaultKind;
  readonly errorCode: string | undefined;
  readonly serverMessage: string | undefined;
  readonly status: number | undefined;

  constructor(kind: TrackerFaultKind, message: string, details: TrackerFaultDetails = {}) {
    super(message);
    this.kind = kind;
    this.errorCode = details.errorCode;
    this.serverMessage = details.serverMessage;
    this.status = details.status;
  }
}

export function isTrackerFault(error: unknown): error is TrackerFault {
  return error instanceof TrackerFault;
}
