/**
 * Faults — an external system failing, not the user's manifests — mapped in one place to the words a
 * reviewer sees. Never a stack trace, never a token or a URL with credentials.
 */
export function describeFault(error: unknown): string {
  const status = (error as { status?: unknown })?.status;
  if (typeof status === "number") {
    if (status === 401 || status === 403)
      return `GitHub refused the request (HTTP ${status}); check the app's installation and permissions.`;
    if (status === 404) return "GitHub could not find the repository, pull request or commit (HTTP 404).";
    if (status === 422) return "GitHub rejected the request as invalid (HTTP 422).";
    if (status >= 500) return `GitHub failed to answer (HTTP ${status}) after retries.`;
    if (status === 429) return "GitHub's rate limit was reached; the review will run again later.";
    return `GitHub answered HTTP ${status}.`;
  }
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|UND_ERR)/.test(code)) {
    return "GitHub could not be reached (network error).";
  }
  if (error instanceof Error && error.name === "TimeoutError") return "GitHub did not answer in time.";
  // The repository mirror's faults carry plain, credential-free words naming the git operation.
  if (error instanceof Error && error.name === "GitMirrorFault")
    return `the platform repository could not be read: ${error.message}`;
  return "an unexpected error stopped the review; it was logged for the operator.";
}
