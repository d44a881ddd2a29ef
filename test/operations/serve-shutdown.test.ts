import { afterEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { processesMentioning } from "../helpers/processes.ts";
import { type RunningServer, startSlipwayServer, until } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

const OWNER = "acme";
const REPO = "ml-platform";
// The review's first git fetch: the checks are created meanwhile, and stay in progress while it waits.
const SLOW_ROUTE = "POST /{owner}/{repo}.git/git-upload-pack";

/** The JSON log lines the server wrote (Probot's pino, LOG_FORMAT=json). */
const logLines = (server: RunningServer) =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("slipway serve shuts down gracefully", () => {
  let fake: FakeGitHub;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await fake.close();
  });

  /** A server reviewing pull request #1, its review held inside a slow GitHub request. */
  const reviewUnderWay = async (env: NodeJS.ProcessEnv, delayMs: number) => {
    fake = await startFakeGitHub();
    fake.addRepo({ owner: OWNER, name: REPO, files: await templateFiles() });
    server = await startSlipwayServer(fake, env);
    const pull = fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      user: "alice",
      files: { "README.md": "x" },
    });
    fake.failNext(SLOW_ROUTE, { delayMs });
    const payload = fake.pullRequestEvent(OWNER, REPO, 1, "opened");
    expect((await fake.deliver(server.webhookUrl, "pull_request", payload)).status).toBe(200);
    await until(
      () => fake.requests.some((r) => r.fault?.startsWith("delay") === true),
      "the review to be under way",
    );
    return { running: server, headSha: pull.headSha, payload };
  };

  it("on SIGTERM refuses webhooks, reports unready, finishes the running review and exits 0", async () => {
    const { running, headSha, payload } = await reviewUnderWay({}, 3_000);
    const exited = running.signal("SIGTERM");
    let readyz: { status: number; body: Record<string, unknown> } | undefined;
    for (let polls = 0; readyz?.status !== 503; polls++) {
      if (polls > 400) throw new Error("/readyz never reported unready");
      const res = await fetch(`${running.url}/readyz`);
      readyz = { status: res.status, body: (await res.json()) as Record<string, unknown> };
      if (res.status !== 503) await new Promise((r) => setTimeout(r, 25));
    }
    expect(readyz?.body).toEqual({ status: "shutting down", queueDepth: 1 });
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const refused = await fake.deliver(running.webhookUrl, "pull_request", payload);
    expect(refused.status).toBe(503);
    expect(await refused.text()).toContain("shutting down");
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toContain('slipway_webhook_deliveries_total{event="pull_request",outcome="refused"} 1');

    expect(await exited).toBe(0);
    const checks = fake.checkRuns(OWNER, REPO, headSha);
    expect(checks.map((c) => [c.name, c.status]).sort()).toEqual([
      ["slipway/gates", "completed"],
      ["slipway/validate", "completed"],
    ]);
    expect(fake.comments(OWNER, REPO, 1).some((c) => c.body.includes("<!-- slipway:sticky -->"))).toBe(true);
    expect(logLines(running).find((l) => l.msg === "shut down")).toMatchObject({
      drained: true,
      abandoned: 0,
    });
  });

  it("on SIGINT, abandons work still running when the grace period ends and exits 0", async () => {
    const { running, headSha } = await reviewUnderWay({ SLIPWAY_SHUTDOWN_GRACE_SECONDS: "0.2" }, 20_000);
    expect(await running.signal("SIGINT")).toBe(0);
    expect(logLines(running).find((l) => l.msg === "shut down")).toMatchObject({
      drained: false,
      abandoned: 1,
    });
    // Abandoned, not half-posted: the checks stay in progress and the sweep reviews the head again.
    expect(fake.checkRuns(OWNER, REPO, headSha).every((c) => c.status !== "completed")).toBe(true);
    // The fetch it was waiting on ended with it: no git process is left talking to GitHub.
    expect(processesMentioning(`${fake.url}/${OWNER}/${REPO}.git`)).toEqual([]);
  });

  it("refuses a grace period that is not a number of seconds, naming the variable", async () => {
    fake = await startFakeGitHub();
    await expect(startSlipwayServer(fake, { SLIPWAY_SHUTDOWN_GRACE_SECONDS: "soon" })).rejects.toThrow(
      /SLIPWAY_SHUTDOWN_GRACE_SECONDS must be a number of seconds \(0 or more\), not "soon"/,
    );
  });
});
