import { afterEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

const OWNER = "acme";
const REPO = "ml-platform";
const CREATE_CHECK = "POST /repos/{owner}/{repo}/check-runs";

// Issue #20: the server tracks each installation's REST window from the rate-limit headers of GitHub's
// answers. Below its floor (10%) the sweep waits for the reset; nearly spent (1%), reviews of new heads
// wait too, their checks saying until when, and run once the window has reset.
describe("end to end: an installation's GitHub API budget", () => {
  let fake: FakeGitHub | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await fake?.close();
    server = undefined;
    fake = undefined;
  });

  async function setUp(): Promise<FakeGitHub> {
    const github = await startFakeGitHub();
    fake = github;
    github.addRepo({ owner: OWNER, name: REPO, files: await templateFiles() });
    return github;
  }

  it("defers a review while the window is nearly spent, says so on both checks, and reviews after the reset", async () => {
    const github = await setUp();
    server = await startSlipwayServer(github);
    const pull = github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 3,
      files: { "README.md": "x\n" },
    });
    // 6 of 1,000 requests left (the reserve is 1%: 10), for the next 8 seconds. Set once the server
    // listens and before it calls GitHub as the installation: the window it first sees is this one.
    github.setRateLimit({ limit: 1000, remaining: 6, resetInSeconds: 8 });
    await github.deliver(
      server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, 3, "opened"),
    );

    await until(
      () => github.checkRuns(OWNER, REPO, pull.headSha).filter((c) => c.status === "queued").length === 2,
      "the deferred checks",
    );
    const deferred = github.checkRuns(OWNER, REPO, pull.headSha);
    expect(deferred.map((c) => c.name).sort()).toEqual(["slipway/gates", "slipway/validate"]);
    for (const check of deferred) {
      expect(check.output.title).toMatch(/^Review deferred until \d\d:\d\d:\d\d UTC$/);
      expect(check.output.summary).toContain("reviews this head when the budget resets");
    }
    await until(() => server?.output().includes("review deferred") === true, "the deferral's log line");
    // Nothing else was asked of GitHub meanwhile: no tree, no comment.
    expect(github.comments(OWNER, REPO, 3)).toEqual([]);

    await until(
      () => github.checkRuns(OWNER, REPO, pull.headSha).filter((c) => c.status === "completed").length === 2,
      "the review after the reset",
      60_000,
    );
    await untilIdle(server);
    const latest = github.checkRuns(OWNER, REPO, pull.headSha).filter((c) => c.status === "completed");
    expect(latest.map((c) => c.conclusion)).toEqual(["success", "success"]);
    expect(github.comments(OWNER, REPO, 3).filter((c) => c.viaApp)).toHaveLength(1);
    expect(github.requestsTo(CREATE_CHECK).map((r) => (r.body as { status: string }).status)).toEqual([
      "queued",
      "queued",
      "in_progress",
      "in_progress",
    ]);
    // Never past the end of the window: GitHub refused nothing.
    expect(github.requests.filter((r) => r.status === 403)).toEqual([]);
  }, 120_000);

  it("leaves the sweep for after the reset below the floor, while a review of a new head goes on", async () => {
    const github = await setUp();
    const pull = github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 4,
      files: { "README.md": "y\n" },
    });
    // 60 of 1,000 left: below the 10% floor, above the 1% reserve.
    github.setRateLimit({ limit: 1000, remaining: 60 });
    server = await startSlipwayServer(github, { SLIPWAY_SWEEP_INTERVAL_SECONDS: "3600" });
    await until(() => server?.output().includes("sweep of installation") === true, "the sweep's deferral");
    expect(server.output()).toMatch(/sweep of installation \d+ deferred to \d\d:\d\d:\d\d UTC/);
    expect(github.requestsTo("GET /repos/{owner}/{repo}/pulls")).toEqual([]);
    expect(github.checkRuns(OWNER, REPO, pull.headSha)).toEqual([]);

    await github.deliver(
      server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, 4, "opened"),
    );
    await until(
      () => github.checkRuns(OWNER, REPO, pull.headSha).filter((c) => c.status === "completed").length === 2,
      "the review of the new head",
      60_000,
    );
    expect(github.requestsTo(CREATE_CHECK).map((r) => (r.body as { status: string }).status)).toEqual([
      "in_progress",
      "in_progress",
    ]);
  }, 120_000);
});
