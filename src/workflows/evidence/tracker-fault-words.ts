import { isTrackerFault } from "../../tracker/tracker-fault.ts";

export const RETRY_COMPARE = "retry with `/slipway compare`";

/**
 * A tracker fault in the words a reviewer reads in the check run and the comment: what failed and how
 * to retry — never a stack trace, a URL with credentials or a token. Fault messages are built by the
 * adapters to name only the endpoint and host, so they may be quoted.
 */
export function trackerFaultWords(error: unknown): string {
  if (!isTrackerFault(error))
    return `evidence unavailable: an unexpected error stopped the comparison; ${RETRY_COMPARE}`;
  const why = {
    unreachable: "MLflow could not be reached",
    timeout: "MLflow did not answer in time",
    auth: "MLflow refused Slipway's credentials",
    "not-found": "MLflow could not find what the manifest names",
    invalid: "MLflow's answer could not be used",
    server: "MLflow failed to answer",
  }[error.kind];
  return `evidence unavailable: ${why} (${oneLine(error.message)}); ${RETRY_COMPARE}`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
