import { redactCredentials } from "../redaction/redact-credentials.ts";
import { upstreamMessage } from "../redaction/upstream-message.ts";

/**
 * A GitHub call that failed, naming what was being done. `status` (and `code` for network errors) stay
 * on the error so `describeFault` in workflows/faults.ts maps it like any other GitHub fault.
 */
export class GitHubCallFault extends Error {
  readonly operation: string;
  readonly status: number | undefined;
  readonly code: string | undefined;

  constructor(operation: string, detail: string, status?: number, code?: string) {
    super(`${operation}: ${detail}`);
    this.name = "GitHubCallFault";
    this.operation = operation;
    this.status = status;
    this.code = code;
  }
}

/** GitHub's own message from an Octokit RequestError's response body, if any. */
export function githubMessage(error: unknown): string | undefined {
  const data = (error as { response?: { data?: unknown } })?.response?.data;
  const message = (data as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}

/** Any error from an Octokit call as a GitHubCallFault, with credentials masked and the text bounded. */
export function toGitHubCallFault(operation: string, error: unknown, secrets: readonly string[] = []) {
  if (error instanceof GitHubCallFault) return error;
  const status = (error as { status?: unknown })?.status;
  if (typeof status === "number") {
    const said = githubMessage(error);
    const detail = `GitHub answered HTTP ${status}${said ? `: ${upstreamMessage(said, secrets, 500)}` : ""}`;
    return new GitHubCallFault(operation, detail, status);
  }
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } })?.code ??
    (error as { cause?: { code?: unknown } })?.cause?.code;
  if (typeof code === "string")
    return new GitHubCallFault(operation, `GitHub could not be reached (${code})`, undefined, code);
  const message = error instanceof Error ? error.message : String(error);
  return new GitHubCallFault(operation, redactCredentials(message, secrets).slice(0, 500));
}
