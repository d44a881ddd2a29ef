import type { ProbotOctokit } from "probot";
import type { SlipwayMetrics } from "./slipway-metrics.ts";

type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];

interface Answer {
  status?: number;
  headers?: Record<string, string | number | undefined>;
}

/**
 * An Octokit plugin counting GitHub API calls by method and final status (after the retry and
 * throttling plugins: one call, however many attempts) and keeping the rate-limit headroom each
 * answer reports, per installation (`app` for calls made as the App itself). Failed calls count with
 * their status, or 0 when nothing answered (a timeout, a refused connection).
 */
export function githubApiMetrics(metrics: SlipwayMetrics): OctokitPlugin {
  return (octokit, options) => {
    const auth = (options as { auth?: { installationId?: unknown } }).auth;
    const installation = auth?.installationId === undefined ? "app" : String(auth.installationId);
    const record = (method: string, answer: Answer | undefined) => {
      metrics.recordGitHubCall(method, answer?.status ?? 0);
      const remaining = answer?.headers?.["x-ratelimit-remaining"];
      if (remaining === undefined) return;
      const resource = String(answer?.headers?.["x-ratelimit-resource"] ?? "core");
      metrics.setRateLimitRemaining(installation, resource, Number(remaining));
    };
    octokit.hook.wrap("request", async (request, requestOptions) => {
      const method = String(requestOptions.method ?? "GET");
      try {
        const response = await request(requestOptions);
        record(method, response as Answer);
        return response;
      } catch (error) {
        const failed = error as { status?: unknown; response?: Answer };
        record(method, {
          status: typeof failed.status === "number" ? failed.status : 0,
          ...(failed.response?.headers ? { headers: failed.response.headers } : {}),
        });
        throw error;
      }
    });
  };
}
