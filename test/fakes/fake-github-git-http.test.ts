import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.ts";
import { installationOctokit } from "./github-client.ts";
import { seedPlatform } from "./seed-platform.ts";

const run = promisify(execFile);

let fake: FakeGitHub;
let work: string;

/** Runs the real git with nothing from the user's configuration; rejects with git's stderr. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const env = {
    PATH: process.env.PATH,
    LC_ALL: "C",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
  };
  return (await run("git", args, { cwd, env })).stdout;
}

const basic = (token: string) =>
  `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;

async function token(): Promise<string> {
  return ((await installationOctokit(fake).auth({ type: "installation" })) as { token: string }).token;
}

beforeEach(async () => {
  fake = await startFakeGitHub();
  work = mkdtempSync(join(tmpdir(), "fake-github-clone-"));
});

afterEach(async () => {
  await fake.close();
  rmSync(work, { recursive: true, force: true });
});

describe("git over smart HTTP", () => {
  it("points clone_url at the web host, where a clone with the installation token gets GitHub's commits", async () => {
    const { pull } = seedPlatform(fake);
    const { data } = await installationOctokit(fake).rest.repos.get({ owner: "acme", repo: "platform" });
    expect(data.clone_url).toBe(`${fake.url}/acme/platform.git`);

    await git(work, "-c", basic(await token()), "clone", "--quiet", data.clone_url, "clone");
    const clone = join(work, "clone");
    expect((await git(clone, "rev-parse", "HEAD")).trim()).toBe(fake.branchHead("acme", "platform", "main"));
    expect(readFileSync(join(clone, "platform/models/churn.yaml"), "utf8")).toBe(
      "kind: Model\nname: churn\n",
    );
    // GitHub's pull request heads are fetchable refs too.
    await git(clone, "-c", basic(await token()), "fetch", "--quiet", "origin", "refs/pull/12/head");
    expect((await git(clone, "rev-parse", "FETCH_HEAD")).trim()).toBe(pull.headSha);

    const served = fake.requests.filter((r) => r.route?.includes(".git/"));
    expect(served.map((r) => r.route)).toEqual(
      expect.arrayContaining([
        "GET /{owner}/{repo}.git/info/refs",
        "POST /{owner}/{repo}.git/git-upload-pack",
      ]),
    );
    expect(served.every((r) => r.auth === "installation" && r.status === 200)).toBe(true);
    expect(served[0]?.headers.authorization).toMatch(/^Basic /);
  });

  it("answers 401 with GitHub's Basic realm without a token or with a bad one, and git fails", async () => {
    seedPlatform(fake);
    const url = `${fake.url}/acme/platform.git/info/refs?service=git-upload-pack`;
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Basic realm="GitHub"');
    const forged = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from("x-access-token:ghs_neverIssued").toString("base64")}` },
    });
    expect(forged.status).toBe(401);
    await expect(git(work, "clone", "--quiet", `${fake.url}/acme/platform.git`, "c")).rejects.toThrow(
      /could not read Username|Authentication failed|401/,
    );
    expect(fake.requests.filter((r) => r.status === 401).map((r) => r.auth)).toContain("none");
  });

  it("answers 404 to a token whose installation cannot see the repository", async () => {
    fake.addRepo({ owner: "acme", name: "elsewhere", files: { "a.txt": "a\n" }, installed: false });
    const failed = git(
      work,
      "-c",
      basic(await token()),
      "clone",
      "--quiet",
      `${fake.url}/acme/elsewhere.git`,
      "c",
    );
    await expect(failed).rejects.toThrow(/not found|404/i);
    expect(fake.requests.at(-1)?.status).toBe(404);
  });

  it.each(["0", "2"])("fetches an older commit by its SHA, shallow, over protocol v%s", async (version) => {
    seedPlatform(fake);
    const first = fake.branchHead("acme", "platform", "main") ?? "";
    const second = fake.commit("acme", "platform", "main", { "models/new.yaml": "kind: Model\n" });
    expect(second).not.toBe(first);
    await git(work, "init", "--quiet", "--bare", "mirror.git");
    const mirror = join(work, "mirror.git");
    const url = `${fake.url}/acme/platform.git`;
    const auth = ["-c", basic(await token()), "-c", `protocol.version=${version}`];
    await git(mirror, ...auth, "fetch", "--quiet", "--depth=1", url, first);
    expect((await git(mirror, "cat-file", "-t", first)).trim()).toBe("commit");
    // A commit pushed after the first fetch is served too: the export follows the fake's state.
    const third = fake.commit("acme", "platform", "main", { "models/new.yaml": "kind: Model\nv: 2\n" });
    await git(mirror, ...auth, "fetch", "--quiet", "--depth=1", url, "main");
    expect((await git(mirror, "rev-parse", "FETCH_HEAD")).trim()).toBe(third);
    if (version === "2")
      expect(fake.requests.some((r) => r.headers["git-protocol"] === "version=2")).toBe(true);
  });

  it("refuses pushes: the fake serves git-upload-pack only", async () => {
    seedPlatform(fake);
    const refs = await fetch(`${fake.url}/acme/platform.git/info/refs?service=git-receive-pack`);
    expect(refs.status).toBe(403);
    const pack = await fetch(`${fake.url}/acme/platform.git/git-receive-pack`, { method: "POST", body: "" });
    expect(pack.status).toBe(403);
  });

  it("counts git requests against strict expectations like API ones", async () => {
    seedPlatform(fake);
    fake.strict = true;
    fake.expect("GET /{owner}/{repo}.git/info/refs", { atLeast: 1 });
    fake.expect("POST /{owner}/{repo}.git/git-upload-pack", { atLeast: 1 });
    fake.expect("POST /app/installations/{installation_id}/access_tokens", { atMost: 1 });
    expect(() => fake.verify()).toThrow(/expected GET \/\{owner\}\/\{repo\}.git\/info\/refs at least 1/);
    await git(work, "-c", basic(await token()), "clone", "--quiet", `${fake.url}/acme/platform.git`, "c");
    expect(() => fake.verify()).not.toThrow();
  });
});
