import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, hashObject, startFakeGitHub } from "./fake-github.ts";
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

const mainTip = (): string => fake.branchHead("acme", "platform", "main") ?? "";

async function treeOf(commit: string): Promise<string> {
  const { data } = await octokit.rest.git.getCommit({ ...repo, commit_sha: commit });
  return data.tree.sha;
}

/** One commit on top of `parent` writing `files` (null deletes); returns its SHA. */
async function commitOn(parent: string, files: Record<string, string | null>): Promise<string> {
  const tree = await octokit.rest.git.createTree({
    ...repo,
    base_tree: await treeOf(parent),
    tree: Object.entries(files).map(([path, content]) =>
      content === null
        ? { path, mode: "100644" as const, type: "blob" as const, sha: null }
        : { path, mode: "100644" as const, type: "blob" as const, content },
    ),
  });
  const { data } = await octokit.rest.git.createCommit({
    ...repo,
    message: "change",
    tree: tree.data.sha,
    parents: [parent],
  });
  return data.sha;
}

describe("blobs, trees and commits", () => {
  it("stores blobs in either encoding under git's own SHA", async () => {
    const text = await octokit.rest.git.createBlob({ ...repo, content: "hello\n" });
    const base64 = await octokit.rest.git.createBlob({ ...repo, content: "aGVsbG8K", encoding: "base64" });
    expect([text.status, text.data.sha, base64.data.sha]).toEqual([
      201,
      "ce013625030ba8dba906f756967f9e9ca394464a",
      "ce013625030ba8dba906f756967f9e9ca394464a",
    ]);
    const bad = await statusOf(
      raw("POST /repos/{owner}/{repo}/git/blobs", { ...repo, content: "x", encoding: "utf-16" }),
    );
    expect(bad.status).toBe(422);
  });

  it("edits a base tree: nested new paths, a blob by SHA, a delete; empty directories vanish", async () => {
    const { data: blob } = await octokit.rest.git.createBlob({
      ...repo,
      content: "kind: Model\nname: new\n",
    });
    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: await treeOf(mainTip()),
      tree: [
        { path: "monitors/drift/fraud.yaml", mode: "100644", type: "blob", content: "kind: Monitor\n" },
        { path: "platform/models/new.yaml", mode: "100644", type: "blob", sha: blob.sha },
        { path: "platform/environments/prod.yaml", mode: "100644", type: "blob", sha: null },
      ],
    });
    const { data: listed } = await octokit.rest.git.getTree({ ...repo, tree_sha: tree.sha, recursive: "1" });
    const files = listed.tree.filter((e) => e.type === "blob").map((e) => e.path);
    expect(files.sort()).toEqual([
      "README.md",
      "monitors/drift/fraud.yaml",
      "platform/models/churn.yaml",
      "platform/models/fraud.yaml",
      "platform/models/new.yaml",
    ]);
    expect(listed.tree.some((e) => e.path === "platform/environments")).toBe(false);
    expect(tree.tree.map((e) => e.path)).toContain("monitors");
  });

  it("refuses deleting a missing file, an unknown SHA, an unknown base tree and bad modes", async () => {
    const base_tree = await treeOf(mainTip());
    const cases = [
      { base_tree, tree: [{ path: "nope.yaml", mode: "100644", type: "blob", sha: null }] },
      { base_tree, tree: [{ path: "x.yaml", mode: "100644", type: "blob", sha: "a".repeat(40) }] },
      { base_tree: "b".repeat(40), tree: [{ path: "x.yaml", mode: "100644", type: "blob", content: "x" }] },
      { base_tree, tree: [{ path: "x.yaml", mode: "100600", type: "blob", content: "x" }] },
      { base_tree, tree: [{ path: "../x.yaml", mode: "100644", type: "blob", content: "x" }] },
      { base_tree, tree: [{ path: "README.md/x", mode: "100644", type: "blob", content: "x" }] },
    ];
    for (const body of cases) {
      const failure = await statusOf(raw("POST /repos/{owner}/{repo}/git/trees", { ...repo, ...body }));
      expect(failure.status, JSON.stringify(body)).toBe(422);
    }
  });

  it("writes a commit as the bot by default, with a given author otherwise, readable through git/commits", async () => {
    const tree = await treeOf(mainTip());
    const { data } = await octokit.rest.git.createCommit({
      ...repo,
      message: "Promote fraud",
      tree,
      parents: [mainTip()],
    });
    expect(data).toMatchObject({
      message: "Promote fraud",
      tree: { sha: tree },
      parents: [{ sha: mainTip() }],
      author: { name: "slipway[bot]" },
      verification: { verified: false },
    });
    const read = await octokit.rest.git.getCommit({ ...repo, commit_sha: data.sha });
    expect(read.data.sha).toBe(data.sha);
    const author = { name: "Ada", email: "ada@example.com", date: "2026-01-02T03:04:05Z" };
    const byAda = await octokit.rest.git.createCommit({ ...repo, message: "m", tree, parents: [], author });
    expect(byAda.data).toMatchObject({ author, committer: author, parents: [] });
    expect(byAda.data.sha).not.toBe(data.sha);
    const noTree = await statusOf(
      octokit.rest.git.createCommit({ ...repo, message: "m", tree: "c".repeat(40) }),
    );
    expect(noTree).toMatchObject({ status: 422, message: "Tree SHA does not exist" });
    const noParent = await statusOf(
      octokit.rest.git.createCommit({ ...repo, message: "m", tree, parents: [tree] }),
    );
    expect(noParent).toMatchObject({
      status: 422,
      message: "Parent SHA does not exist or is not a commit object",
    });
    expect((await statusOf(octokit.rest.git.getCommit({ ...repo, commit_sha: "d".repeat(40) }))).status).toBe(
      404,
    );
    expect(hashObject("tree", Buffer.alloc(0))).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  });
});

describe("refs", () => {
  it("creates a branch once, then 'Reference already exists'", async () => {
    const created = await octokit.rest.git.createRef({
      ...repo,
      ref: "refs/heads/promote/fraud",
      sha: mainTip(),
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      ref: "refs/heads/promote/fraud",
      object: { sha: mainTip(), type: "commit" },
    });
    const again = await statusOf(
      octokit.rest.git.createRef({ ...repo, ref: "refs/heads/promote/fraud", sha: mainTip() }),
    );
    expect(again).toMatchObject({ status: 422, message: "Reference already exists" });
    const badName = await statusOf(octokit.rest.git.createRef({ ...repo, ref: "heads/x", sha: mainTip() }));
    expect(badName.status).toBe(422);
    const noObject = await statusOf(
      octokit.rest.git.createRef({ ...repo, ref: "refs/heads/y", sha: "e".repeat(40) }),
    );
    expect(noObject).toMatchObject({ status: 422, message: "Object does not exist" });
    expect(fake.branchHead("acme", "platform", "y")).toBeUndefined();
  });

  it("fast-forwards only, unless forced", async () => {
    const before = mainTip();
    const next = await commitOn(before, { "README.md": "# platform v2\n" });
    const sideways = await commitOn(before, { "README.md": "# other\n" });
    const moved = await octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: next, force: false });
    expect(moved.data.object.sha).toBe(next);
    const refused = await statusOf(octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: sideways }));
    expect(refused).toMatchObject({ status: 422, message: "Update is not a fast forward" });
    expect(mainTip()).toBe(next);
    await octokit.rest.git.updateRef({ ...repo, ref: "heads/main", sha: sideways, force: true });
    expect(fake.readFile("acme", "platform", "main", "README.md")).toBe("# other\n");
    const missing = await statusOf(octokit.rest.git.updateRef({ ...repo, ref: "heads/nope", sha: next }));
    expect(missing).toMatchObject({ status: 422, message: "Reference does not exist" });
  });

  it("moves an open pull request's head with its branch and records the synchronize", async () => {
    const pull = fake.pull("acme", "platform", 12);
    const before = pull.headSha;
    const after = await commitOn(before, {
      "platform/models/churn.yaml": "kind: Model\nname: churn\nthreshold: 0.5\n",
    });
    await octokit.rest.git.updateRef({ ...repo, ref: `heads/${pull.headRef}`, sha: after });
    expect(fake.pull("acme", "platform", 12).headSha).toBe(after);
    expect(fake.synchronizations("acme", "platform")).toMatchObject([{ number: 12, before, after }]);
    const event = fake.pullRequestEvent("acme", "platform", 12, "synchronize") as {
      pull_request: { head: { sha: string } };
    };
    expect(event.pull_request.head.sha).toBe(after);
    const { data: files } = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 12 });
    expect(files.find((f) => f.filename === "platform/models/churn.yaml")?.status).toBe("modified");
  });
});

describe("creating pull requests", () => {
  it("opens one from a branch with commits, numbered in the shared sequence, authored by the bot", async () => {
    await octokit.rest.issues.create({ ...repo, title: "an issue first" });
    const head = await commitOn(mainTip(), { "models/fraud.yaml": "version: 8\n" });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/promote/fraud-8", sha: head });
    const { data, status } = await octokit.rest.pulls.create({
      ...repo,
      title: "Promote fraud to 8",
      head: "promote/fraud-8",
      base: "main",
      body: "evidence",
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({
      number: 14,
      state: "open",
      draft: false,
      title: "Promote fraud to 8",
      body: "evidence",
      user: { login: "slipway[bot]" },
      head: { ref: "promote/fraud-8", sha: head },
      base: { ref: "main", sha: mainTip() },
    });
    const { data: files } = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 14 });
    expect(files.map((f) => [f.filename, f.status])).toEqual([["models/fraud.yaml", "added"]]);
  });

  it("filters the list by owner:branch head and base; a bare branch name is ignored, as GitHub does", async () => {
    const head = await commitOn(mainTip(), { "x.txt": "x" });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/promote/x", sha: head });
    await octokit.rest.pulls.create({ ...repo, title: "t", head: "promote/x", base: "main" });
    const numbers = async (params: { head?: string; base?: string }) =>
      (await octokit.rest.pulls.list({ ...repo, ...params })).data.map((p) => p.number);
    expect(await numbers({ head: "acme:promote/x" })).toEqual([13]);
    expect(await numbers({ head: "someone:promote/x" })).toEqual([]);
    expect(await numbers({ head: "promote/x" })).toEqual([13, 12]);
    expect(await numbers({ head: "acme:promote/x", base: "other" })).toEqual([]);
  });

  it("refuses a duplicate, a head with no commits beyond the base, and missing branches", async () => {
    const head = await commitOn(mainTip(), { "x.txt": "x" });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/feature", sha: head });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/same", sha: mainTip() });
    await octokit.rest.pulls.create({ ...repo, title: "t", head: "acme:feature", base: "main" });
    const errors = async (head: string, base: string) =>
      (await statusOf(octokit.rest.pulls.create({ ...repo, title: "t", head, base }))).body;
    expect(await errors("feature", "main")).toMatchObject({
      message: "Validation Failed",
      errors: [
        {
          resource: "PullRequest",
          code: "custom",
          message: "A pull request already exists for acme:feature.",
        },
      ],
    });
    expect(await errors("same", "main")).toMatchObject({
      errors: [{ code: "custom", message: "No commits between main and same" }],
    });
    expect(await errors("gone", "main")).toMatchObject({ errors: [{ field: "head", code: "invalid" }] });
    expect(await errors("feature", "gone")).toMatchObject({ errors: [{ field: "base", code: "invalid" }] });
    expect(fake.state.pulls.filter((p) => p.headRef === "feature")).toHaveLength(1);
  });
});
