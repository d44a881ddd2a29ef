import type { Reply } from "./replies.ts";

/** A failure injected in place of an endpoint's answer. */
export type Fault =
  /** This status with this JSON body (default: the gateway's INTERNAL error). */
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly raw?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Answer normally, but only after this long (for client timeouts). */
  | { readonly delayMs: number }
  /** A 200 whose body is this text verbatim. */
  | { readonly malformed: string }
  /** A 200 whose body is `bytes` long (size limits). */
  | { readonly oversizedBytes: number }
  /** Close the socket without answering. */
  | { readonly dropConnection: true }
  /** Act on the request (the write lands), then drop the connection: a create whose answer was lost. */
  | { readonly lostAnswer: true };

export interface PendingFault {
  readonly pattern: string;
  readonly fault: Fault;
  remaining: number;
}

export function describeFault(fault: Fault): string {
  if ("status" in fault) return `status ${fault.status}`;
  if ("delayMs" in fault) return `delay ${fault.delayMs} ms`;
  if ("malformed" in fault) return "malformed body";
  if ("oversizedBytes" in fault) return `oversized body (${fault.oversizedBytes} bytes)`;
  if ("lostAnswer" in fault) return "answer lost";
  return "dropped connection";
}

export function faultReply(fault: Fault): Reply | undefined {
  if ("status" in fault) {
    if (fault.raw !== undefined)
      return { status: fault.status, raw: fault.raw, ...(fault.headers ? { headers: fault.headers } : {}) };
    const body = fault.body ?? {
      code: 13,
      message: "Internal error: injected failure",
      details: [
        { "@type": "type.googleapis.com/google.rpc.Status", code: 13, message: "Internal Server Error" },
      ],
    };
    return { status: fault.status, body, ...(fault.headers ? { headers: fault.headers } : {}) };
  }
  if ("malformed" in fault) return { status: 200, raw: fault.malformed };
  return undefined;
}
