import type { ProbotOctokit } from "probot";
import type { RateWindow } from "../server/rate-budget.ts";

type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];

type Headers = Record<string, string | number | undefined>;

/** The core REST window an answer reports, or null when it says nothing about it. */
export function rateWindowOf(headers: Headers | undefined): RateWindow | null {
  if (!headers) return null;
  const resource = String(headers["x-ratelimit-resource"] ?? "core");
  if (resource !== "core") return null;
  const limit = Number(headers["x-ratelimit-limit"]);
  const remaining = Number(headers["x-ratelimit-remaining"]);
  const reset = Number(headers["x-ratelimit-reset"]);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset)) return null;
  return { limit, remaining, resetAt: reset * 1000 };
}

/** The installation a client made by this plugin calls GitHub as (`app` for the App itself), or null. */
export function rateLimitKeyOf(octokit: object): string | null {
  const key = (octokit as { rateLimitKey?: unknown }).rateLimitKey;
  return typeof key === "string" ? key : null;
}

/**
 * An Octokit plugin handing the REST window of every answer (failed ones too: a 403 at zero says when
 * the window resets) to `record`, per installation (`app` for calls made as the App itself); the client
 * says which as `rateLimitKey` (rateLimitKeyOf).
 */
export function rateLimitPlugin(record: (installation: string, window: RateWindow) => void): OctokitPlugin {
  return (octokit, options) => {
    const auth = (options as { auth?: { installationId?: unknown } }).auth;
    const installation = auth?.installationId === undefined ? "app" : String(auth.installationId);
    octokit.hook.wrap("request", async (request, requestOptions) => {
      // An installation client asks for its token as the App (`POST /app/installations/{id}/access_tokens`):
      // that answer reports the App's window, not the installation's.
      const url = String(requestOptions.url ?? "");
      const key = url === "/app" || url.startsWith("/app/") ? "app" : installation;
      try {
        const response = await request(requestOptions);
        const window = rateWindowOf(response.headers as Headers);
        if (window) record(key, window);
        return response;
      } catch (error) {
        const window = rateWindowOf((error as { response?: { headers?: Headers } }).response?.headers);
        if (window) record(key, window);
        throw error;
      }
    });
    return { rateLimitKey: installation };
  };
}
