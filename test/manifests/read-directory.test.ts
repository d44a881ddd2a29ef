import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readDirectory } from "../../src/repo/read-directory.ts";

const decoder = new TextDecoder();

describe("readDirectory", () => {
  let root = "";
  const put = async (path: string, content: string) => {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  };
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "slipway-read-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("reads YAML files with their bytes and lists other files by path only", async () => {
    await put(".slipway.yml", "version: 1\n");
    await put("models/a.yaml", "kind: Model\n");
    await put("models/B.YML", "kind: Model\n");
    await put("pipelines/train.py", "print('hi')\n");
    await put("README.md", "# repo\n");
    const tree = await readDirectory(root);
    expect([...tree.files.keys()]).toEqual([".slipway.yml", "models/B.YML", "models/a.yaml"]);
    expect(decoder.decode(tree.files.get("models/a.yaml"))).toBe("kind: Model\n");
    expect(tree.otherPaths).toEqual(["README.md", "pipelines/train.py"]);
    expect(tree.rejected).toEqual([]);
  });

  it("skips .git and node_modules at any depth", async () => {
    await put(".git/config.yaml", "x: 1\n");
    await put("node_modules/pkg/a.yaml", "x: 1\n");
    await put("models/node_modules/b.yaml", "x: 1\n");
    await put("models/.git/HEAD", "ref\n");
    await put("models/keep.yaml", "x: 1\n");
    const tree = await readDirectory(root);
    expect([...tree.files.keys()]).toEqual(["models/keep.yaml"]);
    expect(tree.otherPaths).toEqual([]);
  });

  it("returns the same order whatever order files were created in", async () => {
    const names = ["m/z.yaml", "a.yaml", "m/a.yaml", "b/c/d.yaml", "m-x.yaml", "M.yaml", "m.yaml"];
    for (const name of names) await put(name, `${name}: 1\n`);
    const first = await readDirectory(root);
    await rm(root, { recursive: true, force: true });
    await mkdir(root);
    for (const name of [...names].reverse()) await put(name, `${name}: 1\n`);
    const second = await readDirectory(root);
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    // Depth-first, each directory's entries by name in code-unit order (a directory `m` before `m-x.yaml`).
    expect([...first.files.keys()]).toEqual([
      "M.yaml",
      "a.yaml",
      "b/c/d.yaml",
      "m/a.yaml",
      "m/z.yaml",
      "m-x.yaml",
      "m.yaml",
    ]);
  });

  it("reads an empty directory as an empty tree", async () => {
    const tree = await readDirectory(root);
    expect(tree.files.size).toBe(0);
    expect(tree.otherPaths).toEqual([]);
    expect(tree.rejected).toEqual([]);
  });

  it("uses forward slashes and paths relative to the root it was given", async () => {
    await put("features/deep/er/view.yaml", "x: 1\n");
    const tree = await readDirectory(join(root, "features", ".."));
    expect([...tree.files.keys()]).toEqual(["features/deep/er/view.yaml"]);
  });
});
