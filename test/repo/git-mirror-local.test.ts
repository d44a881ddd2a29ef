import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openGitMirror } from "../../src/repo/git-mirror.ts";
import { git, SourceRepo } from "./git-fixture.ts";

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe("git mirror in embedded mode: a repository on this machine", () => {
  let source: SourceRepo;
  let state: string;

  beforeEach(() => {
    source = new SourceRepo();
    state = mkdtempSync(join(tmpdir(), "slipway-mirror-state-"));
  });

  afterEach(() => {
    source.remove();
    rmSync(state, { recursive: true, force: true });
  });

  for (const [mode, url] of [
    ["a file:// URL of a bare repository", () => pathToFileURL(source.bare).href],
    ["a path to a work tree", () => source.work],
  ] as const) {
    it(`fetches by branch and SHA from ${mode}, never asking for credentials`, async () => {
      const first = source.commit({ "models/a.yaml": "v: 1\n" });
      const second = source.commit({ "models/a.yaml": "v: 2\n", "models/b.yaml": "b: 1\n" });
      let asked = 0;
      const mirror = await openGitMirror({
        url: url(),
        dir: state,
        credentials: async () => {
          asked++;
          return "unused";
        },
      });
      expect(await mirror.headOf("main")).toBe(second);
      expect(await mirror.fetch("main")).toBe(second);
      expect(await mirror.fetch(first)).toBe(first);
      expect([...(await mirror.readTree(second)).files.keys()]).toEqual(["models/a.yaml", "models/b.yaml"]);
      expect(text((await mirror.readTree(first)).files.get("models/a.yaml"))).toBe("v: 1\n");
      expect(git(mirror.gitDir, "rev-parse", "--is-shallow-repository").trim()).toBe("true");
      expect(git(mirror.gitDir, "config", "remote.origin.url").trim()).toMatch(/^file:\/\//);
      expect(asked).toBe(0);
      await mirror.close();
    });
  }

  it("keeps one mirror per repository under the state directory", async () => {
    source.commit({ "models/a.yaml": "a: 1\n" });
    const other = new SourceRepo();
    try {
      other.commit({ "models/b.yaml": "b: 1\n" });
      const one = await openGitMirror({ url: source.bare, dir: state });
      const again = await openGitMirror({ url: pathToFileURL(source.bare).href, dir: state });
      const two = await openGitMirror({ url: other.bare, dir: state });
      expect(again.gitDir).toBe(one.gitDir);
      expect(two.gitDir).not.toBe(one.gitDir);
      expect(one.gitDir.startsWith(state)).toBe(true);
      await Promise.all([one.fetch("main"), two.fetch("main")]);
      expect([...(await two.readTree(await two.fetch("main"))).files.keys()]).toEqual(["models/b.yaml"]);
      await Promise.all([one.close(), again.close(), two.close()]);
    } finally {
      other.remove();
    }
  });

  it("runs no hook the mirror's repository holds", async () => {
    const first = source.commit({ "models/a.yaml": "a: 1\n" });
    const mirror = await openGitMirror({ url: source.bare, dir: state });
    await mirror.fetch("main");
    const marker = join(state, "hook-ran");
    const hook = join(mirror.gitDir, "hooks", "reference-transaction");
    writeFileSync(hook, `#!/bin/sh\necho "$@" >> ${marker}\n`);
    chmodSync(hook, 0o755);

    const second = source.commit({ "models/a.yaml": "a: 2\n" });
    expect(await mirror.fetch("main")).toBe(second);
    expect(await mirror.fetch(first)).toBe(first);
    expect(existsSync(marker)).toBe(false);
    // The hook is real: plain git, without Slipway's settings, runs it on a ref update.
    git(mirror.gitDir, "update-ref", "refs/heads/probe", second);
    expect(existsSync(marker)).toBe(true);
    await mirror.close();
  });

  it("refuses remotes and protocols it must not use, with the reason", async () => {
    const cases: [string, string][] = [
      ["ssh://git@github.com/acme/platform.git", "the ssh protocol is not allowed; use https://"],
      ["git@github.com:acme/platform.git", "only https:// URLs, file:// URLs and local paths are supported"],
      ["ext::sh -c touch% /tmp/pwned", "only https:// URLs, file:// URLs and local paths are supported"],
      ["http://github.com/acme/platform.git", "the http protocol is not allowed; use https://"],
      ["https://github.com/acme/platform.git?x=1", "the repository URL has a query or a fragment"],
      ["file://server/share/platform.git", "a file:// URL must name a path on this machine"],
      ["https://github.com/", "the repository URL names no repository"],
      ["  ", "the repository URL is empty"],
    ];
    for (const [url, reason] of cases) {
      await expect(openGitMirror({ url, dir: state }), url).rejects.toMatchObject({
        kind: "invalid",
        message: expect.stringContaining(reason),
      });
    }
  });

  it("rejects a local remote that is not a repository with a not-found fault", async () => {
    const mirror = await openGitMirror({ url: join(state, "nowhere"), dir: state });
    await expect(mirror.fetch("main")).rejects.toMatchObject({
      kind: "not-found",
      message: expect.stringMatching(
        /^fetching branch main from file:\/\/.*nowhere: the repository, branch or commit/,
      ),
    });
    await mirror.close();
    await expect(mirror.fetch("main")).rejects.toMatchObject({
      message: "the platform repository's mirror is closed",
    });
  });
});
