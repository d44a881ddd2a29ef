import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { mirrorSource, RepoMirrors } from "../../src/server/repo-mirrors.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { installationOctokit } from "../fakes/github-client.ts";
import { recordingLog, SourceRepo } from "../repo/git-fixture.ts";

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const CLONE = "https://github.com/acme/ml-platform.git";
const bound = (url?: string): ServerBinding => ({
  repository: "acme/ml-platform",
  environments: {},
  ...(url === undefined ? {} : { git: { url } }),
});

describe("where a repository's mirror fetches from", () => {
  const token = async () => "ghs_unused";

  it("is the clone_url with the installation token unless the binding names git.url", () => {
    expect(mirrorSource(bound(), CLONE, token)).toEqual({ url: CLONE, credentials: token });
    expect(mirrorSource(null, CLONE, token)).toEqual({ url: CLONE, credentials: token });
  });

  it("sends the token to an override only on the clone URL's own host", () => {
    expect(mirrorSource(bound("file:///srv/git/ml-platform.git"), CLONE, token).credentials).toBeNull();
    expect(mirrorSource(bound("/srv/git/ml-platform.git"), CLONE, token).credentials).toBeNull();
    expect(mirrorSource(bound("https://git-proxy.acme.internal/ml-platform.git"), CLONE, token)).toEqual({
      url: "https://git-proxy.acme.internal/ml-platform.git",
      credentials: null,
    });
    const fork = mirrorSource(bound("https://github.com/acme/ml-platform-mirror.git"), CLONE, token);
    expect(fork.credentials).toBe(token);
  });
});

describe("repository mirrors of the reconcile loop", () => {
  let dir: string;
  let mirrors: RepoMirrors;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "slipway-repo-mirrors-"));
    mirrors = new RepoMirrors({ dir, log: recordingLog() });
  });

  afterEach(async () => {
    await mirrors.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads a file:// override without asking for a token (embedded mode)", async () => {
    const source = new SourceRepo();
    try {
      const first = source.commit({ "models/a.yaml": "v: 1\n" });
      const second = source.commit({ "models/a.yaml": "v: 2\n", "models/b.yaml": "b: 1\n" });
      let asked = 0;
      const url = pathToFileURL(source.bare).href;
      const where = mirrorSource(bound(url), CLONE, async () => {
        asked++;
        return "ghs_neverUsed";
      });
      const read = mirrors.readTree("acme/ml-platform", where);
      expect([...(await read(second)).files.keys()]).toEqual(["models/a.yaml", "models/b.yaml"]);
      expect(text((await read(first)).files.get("models/a.yaml"))).toBe("v: 1\n");
      expect(asked).toBe(0);
    } finally {
      source.remove();
    }
  });

  it("fails a read of an override that is no repository with the mirror's own fault", async () => {
    const read = mirrors.readTree(
      "acme/ml-platform",
      mirrorSource(bound(join(dir, "nowhere")), CLONE, async () => ""),
    );
    await expect(read("a".repeat(40))).rejects.toMatchObject({ name: "GitMirrorFault", kind: "not-found" });
  });

  describe("against GitHub's smart HTTP", () => {
    let github: FakeGitHub;

    beforeEach(async () => {
      github = await startFakeGitHub();
      github.addRepo({ owner: "acme", name: "ml-platform", files: { "models/a.yaml": "v: 1\n" } });
    });

    afterEach(async () => {
      await github.close();
    });

    it("keeps one mirror between reads, fetching only what it lacks, with a token per fetch", async () => {
      const octokit = installationOctokit(github);
      let asked = 0;
      const token = async () => {
        asked++;
        return ((await octokit.auth({ type: "installation" })) as { token: string }).token;
      };
      const cloneUrl = `${github.url}/acme/ml-platform.git`;
      const first = github.branchHead("acme", "ml-platform", "main") ?? "";
      const packs = () => github.requests.filter((r) => r.route?.endsWith("git-upload-pack")).length;

      const read = () => mirrors.readTree("acme/ml-platform", mirrorSource(null, cloneUrl, token));
      expect(text((await read()(first)).files.get("models/a.yaml"))).toBe("v: 1\n");
      const afterFirst = packs();
      expect(afterFirst).toBeGreaterThan(0);
      expect(asked).toBe(2); // the commit and its trees, then the one manifest's contents
      await read()(first);
      expect([packs(), asked]).toEqual([afterFirst, 2]);

      const second = github.commit("acme", "ml-platform", "main", { "models/a.yaml": "v: 2\n" });
      expect(text((await read()(second)).files.get("models/a.yaml"))).toBe("v: 2\n");
      expect(packs()).toBeGreaterThan(afterFirst);
      expect(asked).toBe(4);
    });

    it("turns a refused token into an auth fault that does not carry the token", async () => {
      const cloneUrl = `${github.url}/acme/ml-platform.git`;
      const forged = "ghs_forgedTokenNeverIssued0123456789";
      const read = mirrors.readTree(
        "acme/ml-platform",
        mirrorSource(null, cloneUrl, async () => forged),
      );
      const failed = read(github.branchHead("acme", "ml-platform", "main") ?? "");
      await expect(failed).rejects.toMatchObject({ name: "GitMirrorFault", kind: "auth" });
      await expect(failed).rejects.not.toThrow(forged);
      expect(github.requests.at(-1)?.status).toBe(401);
    });
  });

  it("refuses reads after close", async () => {
    await mirrors.close();
    const read = mirrors.readTree(
      "acme/ml-platform",
      mirrorSource(bound(dir), CLONE, async () => ""),
    );
    await expect(read("a".repeat(40))).rejects.toMatchObject({
      name: "GitMirrorFault",
      message: expect.stringContaining("closed"),
    });
  });
});
