import { ProbotOctokit } from "probot";
import type { FakeGitHub } from "./fake-github.ts";

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Retry and throttle waits scaled from seconds to milliseconds so fault tests stay fast. */
const fastBackoff = { retry: { retryAfterBaseValue: 1 }, throttle: { retryAfterBaseValue: 1 } };

/**
 * An Octokit authenticated the way Probot authenticates an event: the app's JWT for `/app/*`, an
 * installation token (fetched with that JWT) for everything else.
 */
export function installationOctokit(fake: FakeGitHub, installationId = fake.installationId) {
  return new ProbotOctokit({
    auth: { appId: fake.appId, privateKey: fake.privateKeyPem, installationId },
    baseUrl: fake.apiUrl,
    log: quiet,
    ...fastBackoff,
  });
}

/** An Octokit with the app's JWT only (no installation). */
export function appOctokit(fake: FakeGitHub) {
  return new ProbotOctokit({
    auth: { appId: fake.appId, privateKey: fake.privateKeyPem },
    baseUrl: fake.apiUrl,
    log: quiet,
    ...fastBackoff,
  });
}

/** An Octokit sending a fixed token, e.g. one never issued. */
export function tokenOctokit(fake: FakeGitHub, token: string) {
  return new ProbotOctokit({ auth: { token }, baseUrl: fake.apiUrl, log: quiet, ...fastBackoff });
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
