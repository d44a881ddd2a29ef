import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.ts";
import { installationOctokit, statusOf } from "./github-client.ts";
import { seedPlatform } from "./seed-platform.ts";

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub();
  seedPlatform(fake);
});

afterEach(async () => {
  await fake.close();
});

const pr = { owner: "acme", repo: "platform", issue_number: 12 };

describe("issue comments", () => {
  it("authors the app's comments as slipway[bot] via the app, and edits them in place", async () => {
    const octokit = installationOctokit(fake);
    const { data } = await octokit.rest.issues.createComment({ ...pr, body: "<!-- slipway -->\nfirst" });
    expect(data).toMatchObject({
      user: { login: "slipway[bot]", type: "Bot" },
      performed_via_github_app: { id: fake.appId, slug: "slipway" },
      html_url: `${fake.url}/acme/platform/pull/12#issuecomment-${data.id}`,
    });
    const { data: edited } = await octokit.rest.issues.updateComment({
      owner: "acme",
      repo: "platform",
      comment_id: data.id,
      body: "<!-- slipway -->\nsecond",
    });
    expect(edited.body).toBe("<!-- slipway -->\nsecond");
    const [stored] = fake.comments("acme", "platform", 12);
    expect(stored?.history).toEqual(["<!-- slipway -->\nfirst", "<!-- slipway -->\nsecond"]);
  });

  it("accepts 65,536 characters and rejects one more with GitHub's error", async () => {
    const octokit = installationOctokit(fake);
    const fits = await octokit.rest.issues.createComment({ ...pr, body: "x".repeat(65536) });
    expect(fits.status).toBe(201);
    const failure = await statusOf(octokit.rest.issues.createComment({ ...pr, body: "x".repeat(65537) }));
    expect(failure).toMatchObject({ status: 422, message: "Validation Failed" });
    expect(failure.body).toMatchObject({
      errors: [{ resource: "IssueComment", message: "Body is too long (maximum is 65536 characters)" }],
    });
    const edit = await statusOf(
      octokit.rest.issues.updateComment({
        owner: "acme",
        repo: "platform",
        comment_id: fits.data.id,
        body: "y".repeat(70000),
      }),
    );
    expect(edit.status).toBe(422);
    expect(fake.comments("acme", "platform", 12).map((c) => c.body.length)).toEqual([65536]);
  });

  it("paginates comments oldest first, including other people's", async () => {
    for (let i = 0; i < 34; i++) fake.addComment("acme", "platform", 12, { user: "alice", body: `c${i}` });
    fake.addComment("acme", "platform", 12, { user: { login: "renovate[bot]", type: "Bot" }, body: "bump" });
    const octokit = installationOctokit(fake);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...pr, per_page: 10 });
    expect(comments).toHaveLength(35);
    expect(comments[0]?.body).toBe("c0");
    expect(comments.at(-1)).toMatchObject({ body: "bump", user: { login: "renovate[bot]", type: "Bot" } });
    expect(comments.at(-1)?.performed_via_github_app).toBeNull();
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/issues/{issue_number}/comments")).toHaveLength(4);
    const missing = await statusOf(octokit.rest.issues.listComments({ ...pr, issue_number: 999 }));
    expect(missing.status).toBe(404);
  });

  it("adds a reaction once: 201, then 200 with the same reaction; rejects unknown content", async () => {
    const comment = fake.addComment("acme", "platform", 12, { user: "alice", body: "/slipway validate" });
    const octokit = installationOctokit(fake);
    const args = { owner: "acme", repo: "platform", comment_id: comment.id, content: "eyes" as const };
    const first = await octokit.rest.reactions.createForIssueComment(args);
    const again = await octokit.rest.reactions.createForIssueComment(args);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data.id).toBe(first.data.id);
    expect(first.data.user).toMatchObject({ login: "slipway[bot]" });
    const bad = await statusOf(
      octokit.request(`POST /repos/acme/platform/issues/comments/${comment.id}/reactions`, {
        content: "party",
      }),
    );
    expect(bad.status).toBe(422);
    expect(fake.state.reactions).toHaveLength(1);
    const { data } = await octokit.rest.issues.getComment({
      owner: "acme",
      repo: "platform",
      comment_id: comment.id,
    });
    expect(data.reactions).toMatchObject({ eyes: 1, total_count: 1 });
  });
});

describe("collaborator permission", () => {
  it("reports GitHub's legacy permission beside the role name", async () => {
    fake.setPermission("acme", "platform", "maya", "maintain");
    fake.setPermission("acme", "platform", "tom", "triage");
    fake.setPermission("acme", "platform", "wren", "write");
    fake.setPermission("acme", "platform", "ada", "admin");
    const octokit = installationOctokit(fake);
    const lookup = async (username: string) =>
      (await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: "acme", repo: "platform", username }))
        .data;
    expect(await lookup("maya")).toMatchObject({
      permission: "write",
      role_name: "maintain",
      user: { login: "maya" },
    });
    expect(await lookup("tom")).toMatchObject({ permission: "read", role_name: "triage" });
    expect(await lookup("wren")).toMatchObject({ permission: "write", role_name: "write" });
    expect(await lookup("ada")).toMatchObject({ permission: "admin", role_name: "admin" });
    // alice is known (she opened the pull request) but has no access to the private repository.
    expect(await lookup("alice")).toMatchObject({ permission: "none", role_name: "none" });
    const unknown = await statusOf(
      octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: "acme",
        repo: "platform",
        username: "ghost-user",
      }),
    );
    expect(unknown.status).toBe(404);
  });
});
