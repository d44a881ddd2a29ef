import { afterEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

const OWNER = "acme";
const REPO = "ml-platform";

describe("end to end: limits, faults and the sweep", { timeout: 90_000 }, () => {
  let fake: FakeGitHub | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await fake?.close();
    server = undefined;
    fake = undefined;
  });

  async function setUp(env: NodeJS.ProcessEnv = {}) {
    const files = await templateFiles();
    fake = await startFakeGitHub();
    fake.addRepo({ owner: OWNER, name: REPO, files });
    return { fake, files, start: async () => (server = await startSlipwayServer(fake as FakeGitHub, env)) };
  }

  it("sends every annotation of a large failure, in batches within GitHub's limit of 50", async () => {
    const { fake, start } = await setUp();
    const broken: Record<string, string> = {};
    for (let i = 0; i < 120; i++)
      broken[`models/broken-${i}.yaml`] = "apiVersion: slipway.dev/v1alpha1\nkind: Modle\n";
    const pull = fake.openPullRequest({ owner: OWNER, repo: REPO, number: 3, files: broken });
    const running = await start();
    await fake.deliver(running.webhookUrl, "pull_request", fake.pullRequestEvent(OWNER, REPO, 3, "opened"));
    await until(
      () => fake.checkRuns(OWNER, REPO, pull.headSha).some((r) => r.status === "completed"),
      "the review",
    );
    await untilIdle(running);
    const [run] = fake.checkRuns(OWNER, REPO, pull.headSha);
    expect(run?.conclusion).toBe("failure");
    expect(run?.annotations.filter((a) => a.title === "SLW021")).toHaveLength(120);
    fake.assertNoUnexpected();
    expect(fake.requests.every((r) => r.status !== 422)).toBe(true);
  });

  it("retries a GitHub 502 and completes the review", async () => {
    const { fake, start } = await setUp();
    const pull = fake.openPullRequest({ owner: OWNER, repo: REPO, number: 4, files: { "README.md": "x\n" } });
    fake.failNext("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", 502, 1);
    const running = await start();
    await fake.deliver(running.webhookUrl, "pull_request", fake.pullRequestEvent(OWNER, REPO, 4, "opened"));
    await until(
      () => fake.checkRuns(OWNER, REPO, pull.headSha).some((r) => r.status === "completed"),
      "the review",
      30_000,
    );
    expect(fake.checkRuns(OWNER, REPO, pull.headSha)[0]?.conclusion).toBe("success");
    expect(
      fake.requests
        .filter((r) => r.route === "GET /repos/{owner}/{repo}/commits/{ref}/check-runs")
        .map((r) => r.status),
    ).toEqual([502, 200]);
  });

  it("gives up on a GitHub request that hangs, retries it, and completes the review", async () => {
    const { fake, start } = await setUp({ SLIPWAY_GITHUB_TIMEOUT_SECONDS: "1" });
    const pull = fake.openPullRequest({ owner: OWNER, repo: REPO, number: 6, files: { "README.md": "z\n" } });
    fake.failNext("GET /repos/{owner}/{repo}/pulls/{pull_number}", { delayMs: 5000 }, 1);
    const running = await start();
    await fake.deliver(running.webhookUrl, "pull_request", fake.pullRequestEvent(OWNER, REPO, 6, "opened"));
    await until(
      () => fake.checkRuns(OWNER, REPO, pull.headSha).some((r) => r.status === "completed"),
      "the review",
      30_000,
    );
    await untilIdle(running);
    expect(fake.checkRuns(OWNER, REPO, pull.headSha)[0]?.conclusion).toBe("success");
    expect(fake.comments(OWNER, REPO, 6)).toHaveLength(1);
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}").length).toBeGreaterThanOrEqual(2);
  });

  it("reviews, at start, open pull requests whose webhook never arrived", async () => {
    const { fake, start } = await setUp({ SLIPWAY_SWEEP_INTERVAL_SECONDS: "3600" });
    const missed = fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 5,
      files: { "README.md": "y\n" },
    });
    await start();
    await until(
      () => fake.checkRuns(OWNER, REPO, missed.headSha).some((r) => r.status === "completed"),
      "the sweep's review",
    );
    expect(fake.deliveries).toHaveLength(0);
  });
});
