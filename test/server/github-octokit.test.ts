import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSlipwayMetrics } from "../../src/metrics/slipway-metrics.ts";
import { StartupError } from "../../src/server/app-credentials.ts";
import { githubPacing, githubTimeoutMs, serverOctokit } from "../../src/server/github-octokit.ts";

// SLIPWAY_GITHUB_PACING: on by default (GitHub's guidance for integrations: writes spaced out, rate
// limits honoured); `off`, for a GitHub without rate limits, leaves Probot's throttling out altogether.

describe("SLIPWAY_GITHUB_PACING", () => {
  it("is on unless the operator says off; anything else is a startup error naming the variable", () => {
    expect(githubPacing(undefined)).toBe(true);
    expect(githubPacing("")).toBe(true);
    expect(githubPacing("on")).toBe(true);
    expect(githubPacing(" OFF ")).toBe(false);
    expect(() => githubPacing("fast")).toThrow(StartupError);
    expect(() => githubPacing("fast")).toThrow('SLIPWAY_GITHUB_PACING must be "on" or "off", not "fast"');
  });

  it("reads SLIPWAY_GITHUB_TIMEOUT_SECONDS in milliseconds, 30 s when unset or not a positive number", () => {
    expect(githubTimeoutMs("5")).toBe(5_000);
    expect(githubTimeoutMs(undefined)).toBe(30_000);
    expect(githubTimeoutMs("0")).toBe(30_000);
    expect(githubTimeoutMs("soon")).toBe(30_000);
  });
});

describe("the server's Octokit", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  /** A GitHub whose first answer is a secondary rate limit (retry in a second), then 201s; the requests it saw. */
  async function rateLimitedGitHub(): Promise<{ baseUrl: string; seen: string[] }> {
    const seen: string[] = [];
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      seen.push(`${request.method} ${request.url}`);
      request.resume();
      if (seen.length === 1) {
        response.writeHead(403, { "content-type": "application/json", "retry-after": "1" });
        response.end(JSON.stringify({ message: "You have exceeded a secondary rate limit." }));
        return;
      }
      response.writeHead(201, { "content-type": "application/json" });
      response.end(JSON.stringify({ id: seen.length }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
    return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  const comment = (pacing: boolean, baseUrl: string) => {
    const Octokit = serverOctokit(createSlipwayMetrics(), { timeoutMs: 10_000, pacing });
    const octokit = new Octokit({ baseUrl, auth: { token: "installation-token" } });
    return octokit.rest.issues.createComment({
      owner: "acme",
      repo: "ml-platform",
      issue_number: 1,
      body: "hi",
    });
  };

  it("with pacing, retries a write GitHub answered with a secondary rate limit", async () => {
    const github = await rateLimitedGitHub();
    expect((await comment(true, github.baseUrl)).status).toBe(201);
    expect(github.seen).toEqual([
      "POST /repos/acme/ml-platform/issues/1/comments",
      "POST /repos/acme/ml-platform/issues/1/comments",
    ]);
  });

  it("without pacing, leaves the throttling out: the rate-limited write fails as answered", async () => {
    const github = await rateLimitedGitHub();
    await expect(comment(false, github.baseUrl)).rejects.toMatchObject({ status: 403 });
    expect(github.seen).toEqual(["POST /repos/acme/ml-platform/issues/1/comments"]);
  });
});
