/** `14:05:09 UTC`: when deferred work resumes, for a check summary or a log line. */
export function resumeTime(at: number): string {
  return `${new Date(at).toISOString().slice(11, 19)} UTC`;
}

/**
 * What both checks say while a review waits for the installation's GitHub API budget (issue #20): why,
 * and when the review runs (GitHub resets the window hourly; the review is queued again then).
 */
export function deferredReviewOutput(until: number): { title: string; summary: string } {
  return {
    title: `Review deferred until ${resumeTime(until)}`,
    summary: [
      `This installation has almost spent its GitHub API requests for this hour, which every repository of the installation shares.`,
      `Slipway keeps what is left for reviews of new heads and deploys, and reviews this head when the budget resets, at ${resumeTime(until)}.`,
      "",
      "Nothing is wrong with the pull request; comment `/slipway validate` after that time if no result appears.",
    ].join("\n"),
  };
}
