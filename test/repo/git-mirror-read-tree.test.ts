import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/manifests/limits.ts";
import { type GitMirror, openGitMirror } from "../../src/repo/git-mirror.ts";
import { readDirectory } from "../../src/repo/read-directory.ts";
import { SourceRepo } from "./git-fixture.ts";

describe("readTree: a fetched commit's files from the object store", () => {
  let source: SourceRepo;
  let state: string;
  let mirror: GitMirror;

  beforeEach(() => {
    source = new SourceRepo();
    state = mkdtempSync(join(tmpdir(), "slipway-mirror-state-"));
  });

  afterEach(async () => {
    await mirror.close();
    source.remove();
    rmSync(state, { recursive: true, force: true });
  });

  it("returns the committed bytes exactly, as the directory reader sees the same files", async () => {
    const files: Record<string, string | Uint8Array> = {
      ".slipway.yml": "environments: []\n",
      "models/crlf.yaml": "a: 1\r\nb: 2\r\n",
      "models/bom.yaml": "\uFEFFname: bom\n",
      "models/latin1.yml": new Uint8Array([0x6e, 0x3a, 0x20, 0xe9, 0xff, 0x00, 0x0a]),
      "models/empty.yaml": "",
      "models/no-newline.yaml": "x: 1",
      "models/deep/er/nested.yaml": "kind: Model\n",
      "features/ünïcode name.yaml": "k: v\n",
      "docs/readme.md": "# not YAML\n",
      "data/blob.bin": new Uint8Array(4096).map((_, i) => i % 251),
    };
    const sha = source.commit(files);
    mirror = await openGitMirror({ url: source.bare, dir: state });
    await mirror.fetch("main");
    const tree = await mirror.readTree(sha);
    const onDisk = await readDirectory(source.work);

    const encoder = new TextEncoder();
    for (const [path, content] of Object.entries(files)) {
      if (!/\.ya?ml$/.test(path)) continue;
      const expected = typeof content === "string" ? encoder.encode(content) : content;
      expect(Buffer.from(tree.files.get(path) ?? []).equals(Buffer.from(expected)), path).toBe(true);
    }
    expect(tree.files).toEqual(onDisk.files);
    expect([...tree.files.keys()]).toEqual([...tree.files.keys()].sort());
    expect([...(tree.otherPaths ?? [])].sort()).toEqual([...(onDisk.otherPaths ?? [])].sort());
    expect(tree.rejected).toEqual([]);
  });

  it("refuses an oversized blob and a symbolic link without reading them", async () => {
    const big = `a: "${"x".repeat(LIMITS.maxFileBytes)}"\n`;
    source.symlink("../models/ok.yaml", "escape.yaml");
    const sha = source.commit({ "models/ok.yaml": "ok: true\n", "models/huge.yaml": big });
    mirror = await openGitMirror({ url: source.bare, dir: state });
    await mirror.fetch(sha);
    const tree = await mirror.readTree(sha);

    expect([...tree.files.keys()]).toEqual(["models/ok.yaml"]);
    expect(tree.rejected).toEqual([
      { path: "escape.yaml", code: "SLW004", reason: "symbolic links are not followed" },
      {
        path: "models/huge.yaml",
        code: "SLW001",
        reason: `file is ${big.length} bytes; the limit is ${LIMITS.maxFileBytes} bytes`,
      },
    ]);
  });

  it("stops at the total size and file count limits with a located reason", async () => {
    const sha = source.commit({
      "a.yaml": "a: 111111\n",
      "b.yaml": "b: 222222\n",
      "c.yaml": "c: 333333\n",
      "d.txt": "d\n",
      "e.txt": "e\n",
      "f.yaml": "f: 1\n",
    });
    const limits = { ...LIMITS, maxTotalBytes: 25, maxFiles: 1 }; // a reader walks at most 5 × maxFiles
    mirror = await openGitMirror({ url: source.bare, dir: state, limits });
    await mirror.fetch("main");
    const tree = await mirror.readTree(sha);

    expect([...tree.files.keys()]).toEqual(["a.yaml", "b.yaml"]);
    expect(tree.otherPaths).toEqual(["d.txt", "e.txt"]);
    expect(tree.rejected).toEqual([
      { path: ".", code: "SLW005", reason: "the repository tree holds 6 files; only the first 5 were read" },
      {
        path: "c.yaml",
        code: "SLW001",
        reason: "the repository's YAML files exceed 25 bytes in total; this one was not read",
      },
    ]);
  });

  it("says which SHA it needs when given something else", async () => {
    mirror = await openGitMirror({ url: source.bare, dir: state });
    await expect(mirror.readTree("main")).rejects.toMatchObject({
      kind: "invalid",
      message: 'readTree needs a full commit SHA, not "main"',
    });
  });
});
