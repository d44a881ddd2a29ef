import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitMirror, openGitMirror } from "../../src/repo/git-mirror.ts";
import { git, SourceRepo } from "./git-fixture.ts";
import { type GitHttpServer, startGitHttpServer } from "./git-http-server.ts";

const JUNK_FILES = 2500;
const JUNK_BYTES = 1_000_000;
const TOKEN = "ghs_hostileTreeTokenDDDDDDDDDDDDDDDDDDDD";

/**
 * Commits 2,500 distinct 1 MB files under junk/ (and a platform of two files) straight into the bare
 * repository with `git fast-import`, streamed: 2.5 GB of content that compresses to almost nothing —
 * the tiny push an attacker would make.
 */
async function commitJunk(bare: string): Promise<string> {
  // Level-1 compression: zeros still shrink ~1000-fold, at a fraction of the default level's cost.
  const child = spawn(
    "git",
    ["-c", "pack.compression=1", "-c", "core.compression=1", "fast-import", "--quiet"],
    {
      cwd: bare,
      env: { PATH: process.env.PATH, GIT_DIR: bare },
      stdio: ["pipe", "ignore", "inherit"],
    },
  );
  const write = (chunk: string | Buffer) =>
    child.stdin.write(chunk) ? Promise.resolve() : new Promise<void>((r) => child.stdin.once("drain", r));
  const zeros = Buffer.alloc(JUNK_BYTES - 32);
  for (let i = 0; i < JUNK_FILES; i++) {
    await write(`blob\nmark :${i + 1}\ndata ${JUNK_BYTES}\n`);
    await write(`junk file ${String(i).padStart(20, "0")}\n`.padEnd(32, "."));
    await write(zeros);
    await write("\n");
  }
  const platform = {
    ".slipway.yml": "version: 1\nenvironments: [{ name: prod, branch: main }]\nintegrations: {}\n",
    "models/a.yaml": "kind: Model\n",
  };
  await write("commit refs/heads/main\ncommitter Attacker <a@example.com> 1700000000 +0000\ndata 5\njunk\n");
  for (let i = 0; i < JUNK_FILES; i++) await write(`M 100644 :${i + 1} junk/${i}.bin\n`);
  for (const [path, text] of Object.entries(platform))
    await write(`M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
  child.stdin.end("\n");
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`git fast-import failed (${code})`);
  return git(bare, "rev-parse", "refs/heads/main").trim();
}

function bytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

describe("a hostile tree: 2,500 distinct 1 MB files outside the manifest folders", () => {
  let source: SourceRepo;
  let server: GitHttpServer;
  let state: string;
  let mirror: GitMirror;
  let sha: string;

  beforeAll(async () => {
    source = new SourceRepo();
    git(source.bare, "config", "uploadpack.allowFilter", "true");
    sha = await commitJunk(source.bare);
    server = await startGitHttpServer(source.root, () => TOKEN);
    state = mkdtempSync(join(tmpdir(), "slipway-mirror-state-"));
    mirror = await openGitMirror({
      url: `${server.origin}/platform.git`,
      dir: state,
      credentials: async () => TOKEN,
    });
  }, 300_000);

  afterAll(async () => {
    await mirror?.close();
    await server?.close();
    source?.remove();
    rmSync(state, { recursive: true, force: true });
  });

  it("reads the platform files and never downloads or reads the junk, in bounded memory", async () => {
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    await mirror.fetch("main");
    const tree = await mirror.readTree(sha);
    const grown = process.memoryUsage().rss - before;

    expect([...tree.files.keys()]).toEqual([".slipway.yml", "models/a.yaml"]);
    expect(tree.otherPaths).toHaveLength(JUNK_FILES);
    expect(tree.rejected).toEqual([]);
    // 2.5 GB of content; the mirror holds the commit, its trees and two small files.
    expect(bytesUnder(mirror.gitDir)).toBeLessThan(2_000_000);
    const missing = git(mirror.gitDir, "rev-list", "--objects", "--missing=print", sha)
      .split("\n")
      .filter((line) => line.startsWith("?"));
    expect(missing).toHaveLength(JUNK_FILES);
    expect(grown).toBeLessThan(100 * 1024 * 1024);
  }, 120_000);
});
