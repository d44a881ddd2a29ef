import { ProbotOctokit } from "probot";
import type { FakeGitHub } from "./fake-github.ts";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Retry waits scaled from seconds to milliseconds so fault tests stay fast. The throttling plugin also
 * spaces writes a second apart, so it is on only where a test asks for it (rate-limit tests).
 */
function backoff(throttled: boolean) {
  return {
    retry: { retryAfterBaseValue: 1 },
    throttle: { enabled: throttled, retryAfterBaseValue: 1 },
  };
}

export interface ClientOptions {
  readonly installationId?: number;
  /** Keep Probot's throttling plugin on (rate-limit handling; writes spaced a second apart). */
  readonly throttled?: boolean;
}

/**
 * An Octokit authenticated the way Probot authenticates an event: the app's JWT for `/app/*`, an
 * installation token (fetched with that JWT) for everything else.
 */
export function installationOctokit(fake: FakeGitHub, options: ClientOptions = {}) {
  return new ProbotOctokit({
    auth: {
      appId: fake.appId,
      privateKey: fake.privateKeyPem,
      installationId: options.installationId ?? fake.installationId,
    },
    baseUrl: fake.apiUrl,
    log: quiet,
    ...backoff(options.throttled ?? false),
  });
}

/** An Octokit with the app's JWT only (no installation). */
export function appOctokit(fake: FakeGitHub) {
  return new ProbotOctokit({
    auth: { appId: fake.appId, privateKey: fake.privateKeyPem },
    baseUrl: fake.apiUrl,
    log: quiet,
    ...backoff(false),
  });
}

/** An Octokit sending a fixed token, e.g. one never issued. */
export function tokenOctokit(fake: FakeGitHub, token: string) {
  return new ProbotOctokit({ auth: { token }, baseUrl: fake.apiUrl, log: quiet, ...backoff(false) });
}

/** The HTTP status of a rejected Octokit call (fails the test if the call succeeded). */
export async function statusOf(
  call: Promise<unknown>,
): Promise<{ status: number; message: string; body: unknown }> {
  try {
    await call;
  } catch (error) {
    const e = error as { status?: number; response?: { data?: unknown } };
    const body = e.response?.data;
    const message = (body as { message?: string } | undefined)?.message ?? String(error);
    return { status: e.status ?? 0, message, body };
  }
  throw new Error("expected the request to fail");
}
