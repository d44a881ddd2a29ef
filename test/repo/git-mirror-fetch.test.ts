import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GitMirror, openGitMirror } from "../../src/repo/git-mirror.ts";
import { GitMirrorFault } from "../../src/repo/git-mirror-fault.ts";
import { readTreeFromMirror } from "../../src/repo/read-tree-from-mirror.ts";
import { git, SourceRepo } from "./git-fixture.ts";
import { type GitHttpServer, startGitHttpServer } from "./git-http-server.ts";

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe("git mirror over smart HTTP with an installation token", () => {
  let source: SourceRepo;
  let server: GitHttpServer;
  let state: string;
  let mirror: GitMirror;
  let serverToken: string;
  let issued: string[];

  beforeEach(async () => {
    source = new SourceRepo();
    serverToken = "ghs_firstTokenAAAAAAAAAAAAAAAAAAAAAAAA";
    issued = [];
    server = await startGitHttpServer(source.root, () => serverToken);
    state = mkdtempSync(join(tmpdir(), "slipway-mirror-state-"));
    mirror = await openGitMirror({
      url: `${server.origin}/platform.git`,
      dir: state,
      credentials: async () => {
        issued.push(serverToken);
        return serverToken;
      },
    });
  });

  afterEach(async () => {
    await mirror.close();
    await server.close();
    source.remove();
    rmSync(state, { recursive: true, force: true });
  });

  it("fetches a branch shallowly, without tags, and reports its head", async () => {
    source.commit({ "models/a.yaml": "name: a\n" }, "first");
    git(source.work, "tag", "v1");
    git(source.work, "push", "--quiet", "origin", "v1");
    const second = source.commit({ "models/a.yaml": "name: a2\n" }, "second");

    expect(await mirror.headOf("main")).toBe(second);
    expect(await mirror.fetch("main")).toBe(second);
    expect(git(mirror.gitDir, "rev-parse", "--is-shallow-repository").trim()).toBe("true");
    expect(git(mirror.gitDir, "rev-list", "--count", second).trim()).toBe("1");
    expect(git(mirror.gitDir, "tag", "--list")).toBe("");
    expect(text((await mirror.readTree(second)).files.get("models/a.yaml"))).toBe("name: a2\n");
  });

  it("sends the token in the Authorization header of every request, asked afresh for each call", async () => {
    source.commit({ "a.yaml": "a: 1\n" });
    await mirror.fetch("main");
    serverToken = "ghs_secondTokenBBBBBBBBBBBBBBBBBBBBBBBBB"; // the hourly rotation
    const next = source.commit({ "a.yaml": "a: 2\n" });
    expect(await mirror.headOf("main")).toBe(next);
    expect(await mirror.fetch("main")).toBe(next);

    expect(issued).toEqual([
      "ghs_firstTokenAAAAAAAAAAAAAAAAAAAAAAAA",
      "ghs_secondTokenBBBBBBBBBBBBBBBBBBBBBBBBB",
      "ghs_secondTokenBBBBBBBBBBBBBBBBBBBBBBBBB",
    ]);
    expect(server.requests.length).toBeGreaterThanOrEqual(5);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
    const basic = (token: string) => `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
    const [first, ...rest] = server.requests;
    expect(first?.headers.authorization).toBe(basic("ghs_firstTokenAAAAAAAAAAAAAAAAAAAAAAAA"));
    expect(rest.filter((r) => r.headers.authorization === basic(serverToken)).length).toBeGreaterThan(2);
  });

  it("fetches a commit by SHA, not only the branch tip", async () => {
    const old = source.commit({ "models/m.yaml": "version: 1\n" }, "old");
    source.commit({ "models/m.yaml": "version: 2\n" }, "new");

    expect(await mirror.fetch(old.toUpperCase())).toBe(old);
    expect(text((await mirror.readTree(old)).files.get("models/m.yaml"))).toBe("version: 1\n");
    const requestsBefore = server.requests.length;
    expect(await mirror.fetch(old)).toBe(old); // already here: no round trip
    expect(server.requests.length).toBe(requestsBefore);
  });

  it("serves DeployPorts.readTree: any reachable commit, fetched on first use", async () => {
    const old = source.commit({ "models/m.yaml": "version: 1\n" }, "old");
    const head = source.commit({ "models/m.yaml": "version: 2\n" }, "new");
    const readTree = readTreeFromMirror(mirror);
    expect(text((await readTree(old)).files.get("models/m.yaml"))).toBe("version: 1\n");
    expect(text((await readTree(head)).files.get("models/m.yaml"))).toBe("version: 2\n");
    const fetchedBefore = server.requests.length;
    expect(text((await readTree(old)).files.get("models/m.yaml"))).toBe("version: 1\n");
    expect(server.requests.length).toBe(fetchedBefore);
  });

  it("names a missing branch or commit in a not-found fault", async () => {
    source.commit({ "a.yaml": "a: 1\n" });
    await expect(mirror.fetch("release")).rejects.toMatchObject({
      kind: "not-found",
      message: expect.stringContaining("fetching branch release"),
    });
    await expect(mirror.fetch("0".repeat(40))).rejects.toBeInstanceOf(GitMirrorFault);
    expect(await mirror.headOf("release")).toBeNull();
    await expect(mirror.readTree("1".repeat(40))).rejects.toMatchObject({
      kind: "not-found",
      message: `commit ${"1".repeat(40)} is not in the mirror; fetch it first`,
    });
  });

  it("refuses refs that could be read as options or are not branch names", async () => {
    for (const bad of ["--upload-pack=touch /tmp/x", "-main", "a..b", "main.lock", "", "a b", "x/"]) {
      await expect(mirror.fetch(bad), bad).rejects.toMatchObject({ kind: "invalid" });
    }
    expect(server.requests).toEqual([]);
  });
});
