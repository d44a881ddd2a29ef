import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.ts";
import { installationOctokit, statusOf } from "./github-client.ts";
import { seedPlatform } from "./seed-platform.ts";

let fake: FakeGitHub;
let octokit: ReturnType<typeof installationOctokit>;
const repo = { owner: "acme", repo: "platform" };

/** A request outside Octokit's typed parameters (bad input on purpose). */
const raw = (route: string, params: Record<string, unknown>) => octokit.request(route, params);

beforeEach(async () => {
  fake = await startFakeGitHub();
  seedPlatform(fake);
  octokit = installationOctokit(fake);
});

afterEach(async () => {
  await fake.close();
});

describe("creating issues", () => {
  it("authors them as the app's bot via the app, numbered after the pull request, creating unknown labels", async () => {
    const { data, status } = await octokit.rest.issues.create({
      ...repo,
      title: "Config drift in staging",
      body: "details",
      labels: ["slipway", { name: "drift" }],
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({
      number: 13,
      state: "open",
      state_reason: null,
      title: "Config drift in staging",
      body: "details",
      user: { login: "slipway[bot]", type: "Bot" },
      performed_via_github_app: { id: fake.appId, slug: "slipway" },
      html_url: `${fake.url}/acme/platform/issues/13`,
      closed_at: null,
    });
    expect(data.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["slipway", "drift"]);
    expect(data).not.toHaveProperty("pull_request");
    expect(
      fake.state.labels.get(fake.issues("acme", "platform")[0]?.repo.id ?? 0)?.map((l) => l.name),
    ).toEqual(["slipway", "drift"]);
    // A pull request opened next takes the following number from the same sequence.
    expect(fake.openPullRequest({ owner: "acme", repo: "platform", files: { "a.txt": "a" } }).number).toBe(
      14,
    );
  });

  it("refuses a missing title, an over-long body and an unknown repository with GitHub's errors", async () => {
    const noTitle = await statusOf(raw("POST /repos/{owner}/{repo}/issues", { ...repo, body: "x" }));
    expect(noTitle).toMatchObject({ status: 422, message: `Invalid request.\n\n"title" wasn't supplied.` });
    const fits = await octokit.rest.issues.create({ ...repo, title: "t", body: "é".repeat(65536) });
    expect(fits.status).toBe(201);
    const long = await statusOf(octokit.rest.issues.create({ ...repo, title: "t", body: "x".repeat(65537) }));
    expect(long).toMatchObject({ status: 422, message: "Validation Failed" });
    expect(long.body).toMatchObject({
      errors: [
        {
          resource: "Issue",
          field: "body",
          code: "custom",
          message: "body is too long (maximum is 65536 characters)",
        },
      ],
    });
    const missing = await statusOf(octokit.rest.issues.create({ owner: "acme", repo: "nope", title: "t" }));
    expect(missing.status).toBe(404);
    expect(fake.issues("acme", "platform")).toHaveLength(1);
  });
});

describe("listing issues", () => {
  it("lists pull requests too, filters by state, all labels and creator, newest first, paged", async () => {
    for (let i = 0; i < 5; i++)
      await octokit.rest.issues.create({
        ...repo,
        title: `mine ${i}`,
        labels: ["slipway", i % 2 ? "odd" : "even"],
      });
    fake.addIssue("acme", "platform", { title: "human", user: "alice", labels: ["slipway", "odd"] });
    fake.addIssue("acme", "platform", { title: "old", user: "alice", state: "closed", labels: ["slipway"] });
    const open = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, per_page: 2 });
    expect(open.map((i) => i.number)).toEqual([18, 17, 16, 15, 14, 13, 12]);
    expect(open.at(-1)?.pull_request?.html_url).toBe(`${fake.url}/acme/platform/pull/12`);
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/issues")).toHaveLength(4);
    const odd = await octokit.rest.issues.listForRepo({ ...repo, labels: "slipway,ODD" });
    expect(odd.data.map((i) => i.title)).toEqual(["human", "mine 3", "mine 1"]);
    const byApp = await octokit.rest.issues.listForRepo({ ...repo, state: "all", creator: "slipway[bot]" });
    expect(byApp.data).toHaveLength(5);
    const all = await octokit.rest.issues.listForRepo({
      ...repo,
      state: "all",
      direction: "asc",
      labels: "slipway",
    });
    expect(all.data.map((i) => i.number)).toEqual([13, 14, 15, 16, 17, 18, 19]);
    const closed = await octokit.rest.issues.listForRepo({ ...repo, state: "closed" });
    expect(closed.data.map((i) => [i.title, i.state_reason])).toEqual([["old", "completed"]]);
    const bad = await statusOf(raw("GET /repos/{owner}/{repo}/issues", { ...repo, state: "shut" }));
    expect(bad.status).toBe(422);
  });
});

describe("updating issues", () => {
  it("closes with a reason, reopens, edits title, body and labels, and takes comments", async () => {
    const { data } = await octokit.rest.issues.create({
      ...repo,
      title: "t",
      body: "b",
      labels: ["slipway"],
    });
    const number = data.number;
    const comment = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: number,
      body: "cleared",
    });
    expect(comment.data.html_url).toBe(
      `${fake.url}/acme/platform/issues/${number}#issuecomment-${comment.data.id}`,
    );
    const closed = await octokit.rest.issues.update({ ...repo, issue_number: number, state: "closed" });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "completed", comments: 1 });
    expect(closed.data.closed_at).not.toBeNull();
    const reopened = await octokit.rest.issues.update({
      ...repo,
      issue_number: number,
      state: "open",
      title: "t2",
      body: "b2",
      labels: ["slipway", "again"],
    });
    expect(reopened.data).toMatchObject({ state: "open", state_reason: "reopened", title: "t2", body: "b2" });
    expect(reopened.data.closed_at).toBeNull();
    const got = await octokit.rest.issues.get({ ...repo, issue_number: number });
    expect(got.data.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["slipway", "again"]);
    const notPlanned = await octokit.rest.issues.update({
      ...repo,
      issue_number: number,
      state: "closed",
      state_reason: "not_planned",
    });
    expect(notPlanned.data.state_reason).toBe("not_planned");
    const badState = await statusOf(
      raw("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        ...repo,
        issue_number: number,
        state: "gone",
      }),
    );
    expect(badState.status).toBe(422);
    expect(fake.issues("acme", "platform")[0]).toMatchObject({ state: "closed", title: "t2" });
  });

  it("builds issue_comment payloads for comments on issues, without a pull_request key", async () => {
    const issue = fake.addIssue("acme", "platform", { title: "Drift", labels: ["slipway"] });
    const comment = fake.addComment("acme", "platform", issue.number, {
      user: "alice",
      body: "/slipway help",
    });
    const payload = fake.issueCommentEvent("acme", "platform", comment.id) as {
      issue: Record<string, unknown>;
      comment: { html_url: string };
    };
    expect(payload.issue).toMatchObject({ number: issue.number, title: "Drift", state: "open" });
    expect(payload.issue).not.toHaveProperty("pull_request");
    expect(payload.comment.html_url).toBe(
      `${fake.url}/acme/platform/issues/${issue.number}#issuecomment-${comment.id}`,
    );
    const listed = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(listed.data.map((c) => c.body)).toEqual(["/slipway help"]);
  });

  it("serves a pull request through the Issues API and 404s an unknown number", async () => {
    const pr = await octokit.rest.issues.get({ ...repo, issue_number: 12 });
    expect(pr.data).toMatchObject({ number: 12, title: "Retune churn", user: { login: "alice" } });
    expect(pr.data.pull_request?.url).toBe(`${fake.apiUrl}/repos/acme/platform/pulls/12`);
    expect((await statusOf(octokit.rest.issues.get({ ...repo, issue_number: 99 }))).status).toBe(404);
    expect(
      (await statusOf(octokit.rest.issues.update({ ...repo, issue_number: 99, title: "x" }))).status,
    ).toBe(404);
  });
});
