import type { Reply } from "./replies.ts";

/** A failure injected in place of an endpoint's answer. */
export type Fault =
  /** This status; with MLflow's error body for `errorCode` when given, else `body` as JSON. */
  | {
      readonly status: number;
      readonly errorCode?: string;
      readonly message?: string;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Answer normally, but only after this long (for client timeouts). */
  | { readonly delayMs: number }
  /** A 200 whose body is this text verbatim (truncated JSON, HTML, a wrong shape as JSON text). */
  | { readonly malformed: string }
  /** A 200 whose body is `bytes` long (for size limits), optionally without a content-length. */
  | { readonly oversizedBytes: number; readonly chunked?: boolean }
  /** Close the socket without answering. */
  | { readonly dropConnection: true }
  /**
   * This status with the JSON body built from the request's Authorization header, as a misconfigured
   * proxy or auth layer does when it repeats the credentials it refused (in whatever encoding).
   */
  | { readonly status: number; readonly echoAuthorization: (header: string) => unknown };

export interface PendingFault {
  /** "METHOD endpoint", e.g. "GET runs/get", or "*" for any request. */
  readonly pattern: string;
  readonly fault: Fault;
  remaining: number;
}

export function describeFault(fault: Fault): string {
  if ("echoAuthorization" in fault) return `status ${fault.status} echoing the Authorization header`;
  if ("status" in fault) return `status ${fault.status}`;
  if ("delayMs" in fault) return `delay ${fault.delayMs} ms`;
  if ("malformed" in fault) return "malformed body";
  if ("oversizedBytes" in fault) return `oversized body (${fault.oversizedBytes} bytes)`;
  return "dropped connection";
}

/** The reply a status or malformed fault stands for; undefined for delays and drops. */
export function faultReply(fault: Fault, authorization = ""): Reply | undefined {
  if ("echoAuthorization" in fault)
    return { status: fault.status, body: fault.echoAuthorization(authorization) };
  if ("status" in fault) {
    const body = fault.errorCode
      ? { error_code: fault.errorCode, message: fault.message ?? "" }
      : (fault.body ?? { error_code: "INTERNAL_ERROR", message: "Injected failure" });
    return { status: fault.status, body, ...(fault.headers ? { headers: fault.headers } : {}) };
  }
  if ("malformed" in fault) return { status: 200, raw: fault.malformed };
  return undefined;
}
