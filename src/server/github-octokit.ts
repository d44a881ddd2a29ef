import { ProbotOctokit } from "probot";
import { fetchWithTimeout } from "../github/fetch-with-timeout.ts";
import { rateLimitPlugin } from "../github/rate-limit-plugin.ts";
import { githubApiMetrics } from "../metrics/github-api-metrics.ts";
import type { SlipwayMetrics } from "../metrics/slipway-metrics.ts";
import { StartupError } from "./app-credentials.ts";
import type { RateBudget } from "./rate-budget.ts";

// The Octokit class `slipway serve` hands to Probot: every call counted in /metrics, a deadline on each
// request, and — unless the operator turns it off — Probot's throttling: writes spaced a second apart
// (three seconds for those that notify people), as GitHub asks of integrations to stay clear of its
// secondary rate limits, and requests answered "rate limited" retried when the limit resets.

/** `SLIPWAY_GITHUB_PACING`: `on` (the default) or `off`; anything else is a startup error naming it. */
export function githubPacing(text: string | undefined): boolean {
  const value = (text ?? "").trim().toLowerCase();
  if (value === "" || value === "on") return true;
  if (value === "off") return false;
  throw new StartupError(
    `SLIPWAY_GITHUB_PACING must be "on" or "off", not ${JSON.stringify(text?.slice(0, 40))}`,
  );
}

/** `SLIPWAY_GITHUB_TIMEOUT_SECONDS` in milliseconds (default 30 s; a value that is not a positive number too). */
export function githubTimeoutMs(text: string | undefined): number {
  const seconds = Number(text ?? 30);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30_000;
}

type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

/**
 * The server's Octokit class. Without pacing (a GitHub Enterprise Server whose rate limits are off, or a
 * local test double) requests go out as soon as they are made, and nothing is retried for a rate limit.
 */
export function serverOctokit(
  metrics: SlipwayMetrics,
  options: { timeoutMs: number; pacing: boolean; budget?: RateBudget },
): typeof ProbotOctokit {
  const { budget } = options;
  const plugins = [githubApiMetrics(metrics)];
  // Every answer's rate-limit headers feed the installation's budget (issue #20).
  if (budget) plugins.push(rateLimitPlugin((installation, window) => budget.record(installation, window)));
  const Octokit = ProbotOctokit.plugin(...plugins).defaults({
    request: { fetch: fetchWithTimeout(options.timeoutMs) },
  });
  if (options.pacing) return Octokit;
  // A function, not an object: Probot puts its own `throttle` options over the class's defaults, and
  // this runs last, on the options Probot built.
  return Octokit.defaults((given: OctokitOptions) => ({
    ...given,
    throttle: { ...given.throttle, enabled: false },
  })) as typeof ProbotOctokit;
}
