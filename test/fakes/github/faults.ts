import { errorReply, type Reply } from "./replies.ts";

/** A failure injected in place of a route's answer. */
export type Fault =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  /** GitHub's primary (x-ratelimit-remaining: 0 + reset) or secondary (retry-after) rate limit. */
  | { readonly rateLimit: "primary" | "secondary"; readonly retryAfterSeconds?: number }
  /** Answer normally, but only after this long (for client timeouts). */
  | { readonly delayMs: number }
  /** Close the socket without answering. */
  | { readonly dropConnection: true };

export interface PendingFault {
  readonly pattern: string;
  readonly fault: Fault;
  remaining: number;
}

export function describeFault(fault: Fault): string {
  if ("status" in fault) return `status ${fault.status}`;
  if ("rateLimit" in fault) return `${fault.rateLimit} rate limit`;
  if ("delayMs" in fault) return `delay ${fault.delayMs} ms`;
  return "dropped connection";
}

/** The reply for a status or rate-limit fault, with the headers Octokit's retry and throttling plugins read. */
export function faultReply(fault: Fault, nowMs: number): Reply | undefined {
  if ("status" in fault) {
    const reply =
      fault.body === undefined
        ? errorReply(fault.status, fault.status >= 500 ? "Server Error" : "Injected failure")
        : { status: fault.status, body: fault.body };
    return fault.headers ? { ...reply, headers: fault.headers } : reply;
  }
  if (!("rateLimit" in fault)) return undefined;
  const wait = fault.retryAfterSeconds ?? 1;
  if (fault.rateLimit === "secondary")
    return {
      ...errorReply(
        403,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
      ),
      headers: { "retry-after": String(wait) },
    };
  return {
    ...errorReply(403, "API rate limit exceeded for installation."),
    headers: {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "5000",
      "x-ratelimit-resource": "core",
      "x-ratelimit-reset": String(Math.ceil(nowMs / 1000) + wait),
    },
  };
}
