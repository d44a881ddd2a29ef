/**
 * The fetch Octokit uses, with a deadline per request: a GitHub connection that hangs must fail (and
 * be retried by Octokit's retry plugin) instead of holding a pull request's queue forever.
 */
export function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}
