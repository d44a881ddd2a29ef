import { forbidden } from "./authorize.ts";
import { ADMIN, identityOf } from "./identity.ts";
import type { RecordedRequest } from "./recorder.ts";
import { REASONS, type Reply, statusReply } from "./status.ts";

const SLIPWAY = "system:serviceaccount:slipway:slipway";

/** A failure injected in place of the API server's answer. */
export type Fault =
  /** This status with a real `Status` body (a message is made up when none is given). */
  | {
      readonly status: number;
      readonly message?: string;
      readonly reason?: string;
      /** Sent as `Retry-After` (the API server's 429 carries one). */
      readonly retryAfterSeconds?: number;
    }
  /** Answer normally, but only after this long (for client timeouts). */
  | { readonly delayMs: number }
  /** A 200 whose body is this text verbatim (a proxy's page, truncated JSON). */
  | { readonly malformed: string }
  /** Close the socket without answering. */
  | { readonly dropConnection: true };

/**
 * Which requests a fault hits: `"*"`, a verb (`"patch"`), a verb and resource (`"list deployments"`),
 * or with a name (`"patch deployments/fraud"`); `*` matches anything inside a part. Verbs are
 * `discovery`, `get`, `list`, `patch`, `delete`. A function sees the recorded request.
 */
export type FaultPattern = string | ((request: RecordedRequest) => boolean);

export interface PendingFault {
  readonly pattern: FaultPattern;
  readonly fault: Fault;
  remaining: number;
}

function glob(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(text);
}

export function faultMatches(pattern: FaultPattern, request: RecordedRequest): boolean {
  if (typeof pattern === "function") return pattern(request);
  if (pattern === "*") return true;
  const [verb = "", target] = pattern.split(" ");
  if (!glob(verb, request.verb)) return false;
  if (target === undefined) return true;
  const [resource = "", name] = target.split("/");
  if (!glob(resource, request.resource ?? "")) return false;
  return name === undefined || glob(name, request.name ?? "");
}

export function describeFault(fault: Fault): string {
  if ("status" in fault) return `status ${fault.status}`;
  if ("delayMs" in fault) return `delay ${fault.delayMs} ms`;
  if ("malformed" in fault) return "malformed body";
  return "dropped connection";
}

/** The messages the API server (or the apiserver's filters) send with these statuses. */
function defaultMessage(status: number): string {
  if (status === 401) return "Unauthorized";
  if (status === 429) return "Too many requests, please try again later.";
  if (status === 503) return "the server is currently unable to handle the request";
  if (status === 504)
    return "the server was unable to return a response in the time allotted, but may still be processing the request";
  return `Internal error occurred: injected failure (${REASONS[status] ?? status})`;
}

/** The reply a status or malformed fault stands for; undefined for delays and drops. */
export function faultReply(fault: Fault, request: RecordedRequest): Reply | undefined {
  if ("status" in fault) {
    // A 403 without a message is the authorizer's, for Slipway's ServiceAccount (`authorize.ts`).
    const reply =
      fault.status === 403 && fault.message === undefined
        ? forbidden(
            identityOf(request.user && request.user !== ADMIN.name ? request.user : SLIPWAY),
            request.attributes,
          )
        : statusReply(fault.status, fault.message ?? defaultMessage(fault.status), {
            ...(fault.reason ? { reason: fault.reason } : {}),
          });
    return fault.retryAfterSeconds === undefined
      ? reply
      : { ...reply, headers: { "retry-after": String(fault.retryAfterSeconds) } };
  }
  if ("malformed" in fault) return { status: 200, body: fault.malformed };
  return undefined;
}
