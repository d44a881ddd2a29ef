/**
 * Why Kubeflow Pipelines could not answer. A fault (KFP down, refused, a malformed answer) is not a
 * finding: the workflow maps it in one place to a comment line and an exit code, never a stack trace.
 */
export type PipelinesFaultKind =
  | "unreachable"
  | "timeout"
  | "auth"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "invalid"
  | "server";

export interface PipelinesFaultDetails {
  readonly status?: number;
  /** KFP's own message (the gRPC gateway's `message` or the upload handler's `error_message`), cleared of credentials. */
  readonly serverMessage?: string;
}

/** The only error a `PipelinesPort` rejects with. Its message names the endpoint's host, never a credential. */
export class PipelinesFault extends Error {
  override readonly name = "PipelinesFault";
  readonly kind: PipelinesFaultKind;
  readonly status: number | undefined;
  readonly serverMessage: string | undefined;

  constructor(kind: PipelinesFaultKind, message: string, details: PipelinesFaultDetails = {}) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
  }
}

export function isPipelinesFault(error: unknown): error is PipelinesFault {
  return error instanceof PipelinesFault;
}
