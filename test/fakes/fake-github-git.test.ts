import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, hashObject, startFakeGitHub } from "./fake-github.ts";
import { installationOctokit, statusOf } from "./github-client.ts";
import { seedPlatform } from "./seed-platform.ts";

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub();
});

afterEach(async () => {
  await fake.close();
});

describe("git object ids", () => {
  it("are git's own: the well-known SHAs of a hello blob and the empty tree", async () => {
    expect(hashObject("blob", Buffer.from("hello\n"))).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    fake.addRepo({ owner: "acme", name: "empty" });
    const octokit = installationOctokit(fake);
    const { data } = await octokit.rest.repos.getCommit({ owner: "acme", repo: "empty", ref: "main" });
    expect(data.commit.tree.sha).toBe("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  });
});

describe("reading a head without a clone", () => {
  it("resolves the head, lists the recursive tree and serves blobs whose content hashes to their SHA", async () => {
    const { pull } = seedPlatform(fake);
    const octokit = installationOctokit(fake);
    const { data: commit } = await octokit.rest.repos.getCommit({
      owner: "acme",
      repo: "platform",
      ref: pull.headSha,
    });
    expect(commit.sha).toBe(pull.headSha);
    const { data: tree } = await octokit.rest.git.getTree({
      owner: "acme",
      repo: "platform",
      tree_sha: commit.commit.tree.sha,
      recursive: "1",
    });
    expect(tree.truncated).toBe(false);
    expect(tree.tree.map((e) => `${e.type} ${e.mode} ${e.path}`)).toEqual([
      "blob 100644 README.md",
      "tree 040000 platform",
      "tree 040000 platform/environments",
      "blob 100644 platform/environments/prod.yaml",
      "tree 040000 platform/models",
      "blob 100644 platform/models/churn.yaml",
      "blob 100644 platform/models/uplift.yaml",
    ]);
    const churn = tree.tree.find((e) => e.path === "platform/models/churn.yaml");
    const { data: blob } = await octokit.rest.git.getBlob({
      owner: "acme",
      repo: "platform",
      file_sha: churn?.sha ?? "",
    });
    expect(blob.encoding).toBe("base64");
    const content = Buffer.from(blob.content, "base64");
    expect(content.toString("utf8")).toBe("kind: Model\nname: churn\nthreshold: 0.4\n");
    expect(hashObject("blob", content)).toBe(churn?.sha);
    expect(blob.size).toBe(content.length);
    expect(churn?.size).toBe(content.length);
  });

  it("wraps base64 at 60 characters as GitHub does", async () => {
    fake.addRepo({ owner: "acme", name: "big", files: { "a.txt": "x".repeat(200) } });
    const octokit = installationOctokit(fake);
    const { data } = await octokit.rest.repos.getContent({ owner: "acme", repo: "big", path: "a.txt" });
    const content = "content" in data ? data.content : "";
    expect(content.split("\n").every((line) => line.length <= 60)).toBe(true);
    expect(Buffer.from(content, "base64").toString()).toBe("x".repeat(200));
  });

  it("marks a recursive tree over the entry limit as truncated", async () => {
    await fake.close();
    fake = await startFakeGitHub({ limits: { treeEntries: 3 } });
    fake.addRepo({ owner: "acme", name: "wide", files: { a: "1", b: "2", c: "3", d: "4" } });
    const { data } = await installationOctokit(fake).rest.git.getTree({
      owner: "acme",
      repo: "wide",
      tree_sha: "main",
      recursive: "1",
    });
    expect(data.truncated).toBe(true);
    expect(data.tree).toHaveLength(3);
  });

  it("answers 404 for a blob the repository does not have", async () => {
    seedPlatform(fake);
    const sha = hashObject("blob", Buffer.from("not here"));
    const failure = await statusOf(
      installationOctokit(fake).rest.git.getBlob({ owner: "acme", repo: "platform", file_sha: sha }),
    );
    expect(failure).toMatchObject({ status: 404, message: "Not Found" });
  });
});

describe("contents, commits and refs", () => {
  it("reads a file at a ref, 404s an absent one, and defaults to the default branch", async () => {
    const { pull } = seedPlatform(fake);
    const octokit = installationOctokit(fake);
    const atHead = await octokit.rest.repos.getContent({
      owner: "acme",
      repo: "platform",
      path: "platform/models/uplift.yaml",
      ref: pull.headSha,
    });
    expect(atHead.data).toMatchObject({
      type: "file",
      encoding: "base64",
      path: "platform/models/uplift.yaml",
    });
    const onMain = await statusOf(
      octokit.rest.repos.getContent({ owner: "acme", repo: "platform", path: "platform/models/uplift.yaml" }),
    );
    expect(onMain).toMatchObject({ status: 404, message: "Not Found" });
    const dir = await octokit.rest.repos.getContent({
      owner: "acme",
      repo: "platform",
      path: "platform/models",
    });
    expect(Array.isArray(dir.data) ? dir.data.map((e) => e.name) : []).toEqual(["churn.yaml", "fraud.yaml"]);
  });

  it("resolves branches (slashes included) through commits and git refs; an unknown ref is GitHub's 422", async () => {
    fake.addRepo({ owner: "acme", name: "platform", files: { "a.yaml": "a: 1\n" } });
    const sha = fake.commit("acme", "platform", "feature/x", { "b.yaml": "b: 2\n" });
    const octokit = installationOctokit(fake);
    const { data: ref } = await octokit.rest.git.getRef({
      owner: "acme",
      repo: "platform",
      ref: "heads/feature/x",
    });
    expect(ref).toMatchObject({ ref: "refs/heads/feature/x", object: { sha, type: "commit" } });
    const { data: commit } = await octokit.rest.repos.getCommit({
      owner: "acme",
      repo: "platform",
      ref: "feature/x",
    });
    expect(commit.sha).toBe(sha);
    expect(commit.parents.map((p) => p.sha)).toEqual([fake.state.repo("acme", "platform")?.refs.get("main")]);
    const short = await octokit.rest.repos.getCommit({
      owner: "acme",
      repo: "platform",
      ref: sha.slice(0, 7),
    });
    expect(short.data.sha).toBe(sha);
    const unknown = await statusOf(
      octokit.rest.repos.getCommit({ owner: "acme", repo: "platform", ref: "nope" }),
    );
    expect(unknown).toMatchObject({ status: 422, message: "No commit found for SHA: nope" });
    const noRef = await statusOf(
      octokit.rest.git.getRef({ owner: "acme", repo: "platform", ref: "heads/nope" }),
    );
    expect(noRef.status).toBe(404);
  });

  it("applies a patch commit: null deletes, other files stay", async () => {
    fake.addRepo({ owner: "acme", name: "platform", files: { "a.yaml": "a\n", "b.yaml": "b\n" } });
    fake.commit("acme", "platform", "main", { "a.yaml": null, "c.yaml": "c\n" });
    const { data } = await installationOctokit(fake).rest.git.getTree({
      owner: "acme",
      repo: "platform",
      tree_sha: "main",
      recursive: "1",
    });
    expect(data.tree.map((e) => e.path)).toEqual(["b.yaml", "c.yaml"]);
  });
});
