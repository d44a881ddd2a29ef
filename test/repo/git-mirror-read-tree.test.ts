import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/manifests/limits.ts";
import { type GitMirror, openGitMirror } from "../../src/repo/git-mirror.ts";
import { readDirectory } from "../../src/repo/read-directory.ts";
import { git, SourceRepo } from "./git-fixture.ts";

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

  it("refuses an oversized blob and a symbolic link in a manifest folder without reading them", async () => {
    const big = `a: "${"x".repeat(LIMITS.maxFileBytes)}"\n`;
    source.commit({ "models/ok.yaml": "ok: true\n" });
    source.symlink("../models/ok.yaml", "escape.yaml");
    source.symlink("ok.yaml", "models/link.yaml");
    const sha = source.commit({ "models/huge.yaml": big });
    mirror = await openGitMirror({ url: source.bare, dir: state });
    await mirror.fetch(sha);
    const tree = await mirror.readTree(sha);

    expect([...tree.files.keys()]).toEqual(["models/ok.yaml"]);
    expect(tree.otherPaths).toEqual(["escape.yaml"]); // outside the manifest folders: a path, never read
    expect(tree.rejected).toEqual([
      {
        path: "models/huge.yaml",
        code: "SLW001",
        reason: `file is ${big.length} bytes; the limit is ${LIMITS.maxFileBytes} bytes`,
      },
      { path: "models/link.yaml", code: "SLW004", reason: "symbolic links are not followed" },
    ]);
  });

  it("reads .slipway.yml and the manifest folders it declares, and no other file", async () => {
    const sha = source.commit({
      ".slipway.yml":
        "version: 1\nenvironments: [{ name: prod, branch: main }]\nintegrations: {}\nmanifests: { paths: [ml] }\n",
      "ml/model.yaml": "kind: Model\n",
      "models/not-declared.yaml": "kind: Model\n",
      "ci/workflow.yml": "on: push\n",
      "README.md": "# platform\n",
    });
    mirror = await openGitMirror({ url: source.bare, dir: state });
    await mirror.fetch(sha);
    const tree = await mirror.readTree(sha);

    expect([...tree.files.keys()]).toEqual([".slipway.yml", "ml/model.yaml"]);
    expect([...(tree.otherPaths ?? [])].sort()).toEqual([
      "README.md",
      "ci/workflow.yml",
      "models/not-declared.yaml",
    ]);
  });

  it("reads the compiled packages Pipelines name outside the manifest folders, and no other file there", async () => {
    const pipeline = (name: string, path: string) =>
      `apiVersion: slipway.dev/v1alpha1\nkind: Pipeline\nmetadata: { name: ${name} }\nspec:\n  package: { path: ${path} }\n`;
    const packageText = "pipelineInfo: { name: train }\n";
    source.commit({ "packages/real.yaml": "x: 1\n" });
    source.symlink("real.yaml", "packages/link.yaml");
    const sha = source.commit({
      "pipelines/train.yaml": pipeline("train", "./packages/train.yaml"),
      "pipelines/again.yaml": `${pipeline("again", "packages/train.yaml")}---\n${pipeline("linked", "packages/link.yaml")}`,
      "pipelines/missing.yaml": pipeline("missing", "packages/absent.yaml"),
      "packages/train.yaml": packageText,
      "packages/unnamed.yaml": "never: read\n",
      "docs/pipeline.md": "kind: Pipeline\n",
    });
    mirror = await openGitMirror({ url: source.bare, dir: state });
    await mirror.fetch(sha);
    const tree = await mirror.readTree(sha);

    expect(new TextDecoder().decode(tree.files.get("packages/train.yaml"))).toBe(packageText);
    expect(tree.files.has("packages/unnamed.yaml")).toBe(false);
    expect(tree.files.has("packages/real.yaml")).toBe(false);
    expect([...(tree.otherPaths ?? [])].sort()).toEqual([
      "docs/pipeline.md",
      "packages/link.yaml",
      "packages/real.yaml",
      "packages/unnamed.yaml",
    ]);
    expect(tree.rejected).toEqual([
      { path: "packages/link.yaml", code: "SLW004", reason: "symbolic links are not followed" },
    ]);
  });

  it("stops at the total size limit and refuses folders over the count limit before reading", async () => {
    const sha = source.commit({
      "models/a.yaml": "a: 111111\n",
      "models/b.yaml": "b: 222222\n",
      "models/c.yaml": "c: 333333\n",
      "models/d.yaml": "d: 1\n",
      "docs/e.txt": "e\n",
    });
    mirror = await openGitMirror({ url: source.bare, dir: state, limits: { ...LIMITS, maxTotalBytes: 25 } });
    await mirror.fetch("main");
    const sized = await mirror.readTree(sha);
    expect([...sized.files.keys()]).toEqual(["models/a.yaml", "models/b.yaml"]);
    const over = "the manifest files exceed 25 bytes in total; this one was not read";
    expect(sized.rejected).toEqual([
      { path: "models/c.yaml", code: "SLW001", reason: over },
      { path: "models/d.yaml", code: "SLW001", reason: over },
    ]);
    await mirror.close();

    mirror = await openGitMirror({ url: source.bare, dir: state, limits: { ...LIMITS, maxFiles: 3 } });
    const counted = await mirror.readTree(sha);
    expect(counted.files.size).toBe(0);
    expect([...(counted.otherPaths ?? [])].sort()).toEqual([
      "docs/e.txt",
      "models/a.yaml",
      "models/b.yaml",
      "models/c.yaml",
      "models/d.yaml",
    ]);
    expect(counted.rejected).toEqual([
      {
        path: ".",
        code: "SLW005",
        reason:
          "the manifest folders (platform, models, features, monitors, pipelines) hold 4 YAML files; the limit is 3, so none of them was read",
      },
    ]);
  });

  it("refuses a tree listing more than five times the file limit, reading nothing", async () => {
    const files = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`junk/${i}.txt`, `${i}\n`]));
    const sha = source.commit({ ...files, "models/a.yaml": "a: 1\n" });
    mirror = await openGitMirror({ url: source.bare, dir: state, limits: { ...LIMITS, maxFiles: 2 } });
    await mirror.fetch(sha);
    const tree = await mirror.readTree(sha);
    expect(tree).toEqual({
      files: new Map(),
      otherPaths: [],
      rejected: [
        {
          path: ".",
          code: "SLW005",
          reason: "the repository tree holds more than 10 files; none of them was read",
        },
      ],
    });
  });

  it("downloads only the files it reads: the rest of the tree stays on the server", async () => {
    git(source.bare, "config", "uploadpack.allowFilter", "true");
    const junk = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`junk/${i}.bin`, String(i).repeat(200_000)]),
    );
    const sha = source.commit({ ...junk, ".slipway.yml": "version: 1\n", "models/a.yaml": "a: 1\n" });
    mirror = await openGitMirror({ url: source.bare, dir: state });
    await mirror.fetch(sha);
    const tree = await mirror.readTree(sha);

    expect([...tree.files.keys()]).toEqual([".slipway.yml", "models/a.yaml"]);
    expect(tree.otherPaths).toHaveLength(20);
    const present = (path: string) =>
      git(mirror.gitDir, "rev-list", "--objects", "--no-walk", "--ignore-missing", "--missing=print", sha)
        .split("\n")
        .some((line) => line.endsWith(` ${path}`) && !line.startsWith("?"));
    expect(present("models/a.yaml")).toBe(true);
    const listed = git(mirror.gitDir, "rev-list", "--objects", "--missing=print", sha);
    const missing = listed.split("\n").filter((line) => line.startsWith("?")).length;
    expect(missing).toBe(20); // every junk/ blob: named in the tree, never fetched
  });

  it("says which SHA it needs when given something else", async () => {
    mirror = await openGitMirror({ url: source.bare, dir: state });
    await expect(mirror.readTree("main")).rejects.toMatchObject({
      kind: "invalid",
      message: 'readTree needs a full commit SHA, not "main"',
    });
  });
});
