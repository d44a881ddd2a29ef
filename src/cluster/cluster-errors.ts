import { ApiException } from "@kubernetes/client-node";
import { redactCredentials } from "../redaction/redact-credentials.ts";
import { upstreamMessage } from "../redaction/upstream-message.ts";
import { ClusterFault, type ClusterFaultKind } from "./cluster-port.ts";
import { MalformedAnswer } from "./raw-object-api.ts";

/** What a request was about, for messages: `Kubernetes API (host) PATCH Deployment ml/fraud`. */
export interface RequestSite {
  readonly host: string;
  readonly verb: string;
  /** `Kind namespace/name`, or a kind and scope for lists and discovery. */
  readonly object: string;
  /** Values never to repeat (tokens, passwords from the kubeconfig). */
  readonly secrets: readonly string[];
}

/** The fields of a Kubernetes `Status` body that say what went wrong. */
interface StatusBody {
  message?: string;
  reason?: string;
}

function parseStatus(body: unknown): StatusBody {
  if (typeof body !== "string") return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null) return {};
    const { message, reason } = parsed as Record<string, unknown>;
    return {
      ...(typeof message === "string" ? { message } : {}),
      ...(typeof reason === "string" ? { reason } : {}),
    };
  } catch {
    return {};
  }
}

function kindForStatus(status: number): ClusterFaultKind {
  if (status === 401) return "auth";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  // 410 Gone is an expired list continuation; like a conflict, the cure is to read again.
  if (status === 409 || status === 410) return "conflict";
  if (status === 408 || status === 504) return "timeout";
  if (status === 429 || status >= 500) return "server";
  return "invalid";
}

const HINTS: Partial<Record<ClusterFaultKind, string>> = {
  auth: " Check the environment's kubeconfig credentials or service account token.",
  forbidden: " The service account lacks RBAC permission for this.",
};

/** Any error from a client-node call as a ClusterFault naming the request, never a credential. */
export function toClusterFault(error: unknown, site: RequestSite, timeoutMs: number): ClusterFault {
  if (error instanceof ClusterFault) return error;
  const where = `Kubernetes API (${site.host}) ${site.verb} ${site.object}`;
  const details = { object: site.object };
  if (error instanceof ApiException) {
    const status = error.code;
    const { message, reason } = parseStatus(error.body);
    const kind = kindForStatus(status);
    // The Status message only (never the body), cleared of every form of the credentials, bounded.
    const said = message ? `: ${upstreamMessage(message, site.secrets, 1000)}` : "";
    const text = `${where} answered HTTP ${status}${reason ? ` ${reason}` : ""}${said}.${HINTS[kind] ?? ""}`;
    return new ClusterFault(kind, text, { ...details, status });
  }
  if (error instanceof MalformedAnswer)
    return new ClusterFault("server", `${where}: ${error.message}.`, { ...details, status: error.status });
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError")
    return new ClusterFault("timeout", `${where} did not answer within ${timeoutMs} ms.`, details);
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  // undici's fetch fails with TypeError("fetch failed") and the socket error as its cause.
  if (typeof cause === "string" || (error instanceof TypeError && error.message === "fetch failed")) {
    const code = typeof cause === "string" ? ` (${cause})` : "";
    return new ClusterFault("unreachable", `${where} could not be reached${code}.`, details);
  }
  // The library's own errors: credentials it could not load (exec plugins, token files), bad configs.
  const message =
    error instanceof Error
      ? upstreamMessage(error.message, site.secrets, 500)
      : redactCredentials(String(error));
  const kind = /token|auth|credential|exec|certificate/i.test(message) ? "auth" : "invalid";
  return new ClusterFault(kind, `${where} failed before reaching the server: ${message}`, details);
}
