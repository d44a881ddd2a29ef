import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubCallFault } from "../../src/github/github-call-fault.ts";
import { githubTrackingIssues, trackingMarker } from "../../src/github/tracking-issue-github.ts";
import type { TrackingIssue } from "../../src/workflows/tracking-issue-port.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { installationOctokit } from "../fakes/github-client.ts";
import { seedPlatform } from "../fakes/seed-platform.ts";

let fake: FakeGitHub;
let octokit: ReturnType<typeof installationOctokit>;

beforeEach(async () => {
  fake = await startFakeGitHub();
  seedPlatform(fake);
  octokit = installationOctokit(fake);
});

afterEach(async () => {
  await fake.close();
});

const port = (secrets?: string[]) =>
  githubTrackingIssues(octokit, { owner: "acme", repo: "platform", appSlug: "slipway", secrets });

const drift = (over: Partial<TrackingIssue> = {}): TrackingIssue => ({
  key: "config-drift:staging",
  title: "Config drift in staging",
  body: "2 objects differ from git.",
  labels: ["config-drift"],
  open: true,
  ...over,
});

/** Requests that change something on GitHub. */
const writes = () =>
  fake.requests.filter((r) => r.method !== "GET" && r.path.startsWith("/repos/")).map((r) => r.route);

describe("tracking issues", () => {
  it("creates one issue, then updates it in place, and writes nothing when it is already as wanted", async () => {
    const created = await port().upsert(drift());
    expect(created).toEqual({ action: "created", number: 13, url: `${fake.url}/acme/platform/issues/13` });
    const [issue] = fake.issues("acme", "platform");
    expect(issue).toMatchObject({
      title: "Config drift in staging",
      body: `${trackingMarker("config-drift:staging")}\n2 objects differ from git.`,
      labels: ["slipway", "config-drift"],
      user: { login: "slipway[bot]" },
      viaApp: true,
    });
    const before = writes().length;
    expect(await port().upsert(drift())).toEqual({ ...created, action: "unchanged" });
    expect(writes()).toHaveLength(before);
    const updated = await port().upsert(drift({ body: "3 objects differ from git." }));
    expect(updated).toEqual({ ...created, action: "updated" });
    expect(fake.issues("acme", "platform")).toHaveLength(1);
    expect(fake.issues("acme", "platform")[0]?.body).toContain("3 objects differ");
    const other = await port().upsert(
      drift({ key: "config-drift:production", title: "Drift in production" }),
    );
    expect(other).toMatchObject({ action: "created", number: 14 });
  });

  it("closes with the closing note as a comment, stays quiet while clear, and reopens the same issue", async () => {
    await port().upsert(drift());
    const closed = await port().upsert(drift({ open: false, closingNote: "Drift cleared at abc1234." }));
    expect(closed).toMatchObject({ action: "closed", number: 13 });
    expect(fake.issues("acme", "platform")[0]).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(fake.comments("acme", "platform", 13).map((c) => c.body)).toEqual(["Drift cleared at abc1234."]);
    const before = writes().length;
    expect(await port().upsert(drift({ open: false, closingNote: "again" }))).toMatchObject({
      action: "none",
      number: 13,
    });
    expect(writes()).toHaveLength(before);
    const reopened = await port().upsert(drift({ body: "It is back." }));
    expect(reopened).toMatchObject({ action: "reopened", number: 13 });
    expect(fake.issues("acme", "platform")).toMatchObject([{ state: "open", stateReason: "reopened" }]);
  });

  it("answers none with no issue and no write when nothing is open and the condition is clear", async () => {
    expect(await port().upsert(drift({ open: false }))).toEqual({ action: "none", number: null, url: null });
    expect(writes()).toEqual([]);
  });

  it("never adopts an issue someone else wrote with the marker, nor another app's", async () => {
    const body = `${trackingMarker("config-drift:staging")}\nquoted`;
    const human = fake.addIssue("acme", "platform", { user: "alice", labels: ["slipway"], body });
    const otherApp = fake.addIssue("acme", "platform", {
      user: { login: "other[bot]", type: "Bot" },
      viaApp: true,
      labels: ["slipway"],
      body,
    });
    const result = await port().upsert(drift());
    expect(result).toMatchObject({ action: "created", number: 15 });
    expect([human.body, human.state, otherApp.body, otherApp.state]).toEqual([body, "open", body, "open"]);
    expect(await port().upsert(drift({ open: false }))).toMatchObject({ action: "closed", number: 15 });
    expect([human.state, otherApp.state]).toEqual(["open", "open"]);
  });

  it("keeps labels added by hand and adds missing ones", async () => {
    await port().upsert(drift());
    const [issue] = fake.issues("acme", "platform");
    if (!issue) throw new Error("no issue");
    // Someone triaged it and took off the kind label; the issue is still found by its slipway label.
    await octokit.rest.issues.update({
      owner: "acme",
      repo: "platform",
      issue_number: issue.number,
      labels: ["slipway", "triaged"],
    });
    expect(await port().upsert(drift())).toMatchObject({ action: "updated", number: issue.number });
    expect(issue.labels).toEqual(["slipway", "triaged", "config-drift"]);
  });

  it("folds a body over GitHub's limit with a note, the same way every time", async () => {
    const long = drift({ body: "x".repeat(70_000) });
    await port().upsert(long);
    const body = fake.issues("acme", "platform")[0]?.body ?? "";
    expect([...body].length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(trackingMarker("config-drift:staging"))).toBe(true);
    expect(body).toMatch(/the rest is not shown: GitHub limits an issue to 65,536 characters\)$/);
    expect(await port().upsert(long)).toMatchObject({ action: "unchanged" });
  });

  it("looks back a bounded number of pages, newest first", async () => {
    await port().upsert(drift());
    for (let i = 0; i < 1000; i++) fake.addIssue("acme", "platform", { user: "alice", labels: ["slipway"] });
    const result = await port().upsert(drift());
    expect(result.action).toBe("created");
    // 10 pages of 100 read; the app's own issue, the oldest, lay beyond them.
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/issues").filter((r) => r.seq > 2)).toHaveLength(10);
  });

  it("masks secrets in what it writes and in faults, and refuses an unusable key", async () => {
    await port(["hunter2-secret"]).upsert(drift({ body: "password hunter2-secret leaked" }));
    expect(fake.issues("acme", "platform")[0]?.body).toContain("password *** leaked");
    fake.failNext("GET /repos/{owner}/{repo}/issues", {
      status: 403,
      body: { message: "Resource not accessible with ghs_abcdefghijklmnopqrstuvwxyz0123" },
    });
    const failure = await port()
      .upsert(drift())
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GitHubCallFault);
    expect((failure as GitHubCallFault).status).toBe(403);
    expect((failure as Error).message).toContain("config-drift:staging");
    expect((failure as Error).message).not.toContain("ghs_abcdef");
    await expect(port().upsert(drift({ key: "a --> b" }))).rejects.toThrow(/key "a --> b" is not usable/);
    const anonymous = githubTrackingIssues(octokit, { owner: "acme", repo: "platform", appSlug: "" });
    await expect(anonymous.upsert(drift())).rejects.toThrow(/need the app's bot login or slug/);
    expect(fake.issues("acme", "platform")).toHaveLength(1);
  });
});
