import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { readDirectory } from "../../src/repo/read-directory.ts";
import { REPO_CONFIG, rawWordingIn } from "../helpers/diagnostics.ts";
import { treeOf } from "../helpers/tree.ts";

describe("paths escaping the repository in a SourceTree", () => {
  it.each([
    ["../x.yaml", "../x.yaml", "the path leaves the repository through '..'"],
    ["models/../../x.yaml", "models/../../x.yaml", "the path leaves the repository through '..'"],
    ["/etc/passwd", "/etc/passwd", "the path is absolute"],
    ["C:/models/a.yaml", "C:/models/a.yaml", "the path is absolute"],
    ["models\\a.yaml", "models\\a.yaml", "the path contains a NUL or a backslash"],
    ["models/a\0.yaml", "models/a\\x00.yaml", "the path contains a NUL or a backslash"],
    ["models//a.yaml", "models//a.yaml", "the path has empty or '.' segments"],
    ["./models/a.yaml", "./models/a.yaml", "the path has empty or '.' segments"],
  ])("reports %j as SLW004 at the start of the file and never parses it", (path, shown, message) => {
    // The content is a valid-looking manifest with a typo: reading it would add an SLW021.
    const tree = treeOf({
      ".slipway.yml": REPO_CONFIG,
      [path]: "apiVersion: slipway.dev/v1alpha1\nkind: Modle\n",
    });
    const result = validateRepo(tree);
    const mine = result.diagnostics.filter((d) => d.file !== ".slipway.yml");
    expect(mine.map((d) => [d.file, d.code, d.line, d.column, d.message])).toEqual([
      [shown, "SLW004", 1, 1, message],
    ]);
    expect(result.ok).toBe(false);
  });

  it("never lets a bad path satisfy a reference (an `otherPaths` entry escaping the repo is ignored)", () => {
    const tree = treeOf({ ".slipway.yml": REPO_CONFIG }, ["../../etc/shadow", "docs/readme.md"]);
    const result = validateRepo(tree);
    expect(result.snapshot.paths.has("../../etc/shadow")).toBe(false);
    expect(result.snapshot.paths.has("docs/readme.md")).toBe(true);
  });

  it("escapes control characters and caps the length of a path it prints", () => {
    const path = `models/${"\u001b[31m".repeat(100)}.yaml`;
    const result = validateRepo(treeOf({ ".slipway.yml": REPO_CONFIG, [`../${path}`]: "a: 1" }));
    const [d] = result.diagnostics.filter((x) => x.code === "SLW004");
    expect(d?.file).not.toContain("\u001b");
    expect(d?.file.length).toBeLessThanOrEqual(201);
    expect(rawWordingIn(result.diagnostics)).toEqual([]);
  });

  it("reports a path over the length limit", () => {
    const path = `models/${"a".repeat(2000)}.yaml`;
    const result = validateRepo(treeOf({ ".slipway.yml": REPO_CONFIG, [path]: "a: 1" }));
    expect(result.diagnostics.filter((d) => d.code === "SLW004").map((d) => d.message)).toEqual([
      "the path is empty or too long",
    ]);
  });
});

describe("symbolic links read from disk", () => {
  let root = "";
  let outside = "";
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "slipway-repo-"));
    outside = await mkdtemp(join(tmpdir(), "slipway-outside-"));
    await writeFile(join(root, ".slipway.yml"), REPO_CONFIG);
    await mkdir(join(root, "models"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it("rejects a link to a file outside the repository as SLW004 without reading it", async () => {
    // A sparse 3 GiB target: reading it would throw (over Node's 2 GiB read limit), so a pass shows it was not read.
    const secret = join(outside, "secret.yaml");
    await writeFile(secret, "");
    await truncate(secret, 3 * 1024 ** 3);
    await symlink(secret, join(root, "models", "leak.yaml"));
    await symlink("/etc/passwd", join(root, "models", "passwd.yaml"));

    const tree = await readDirectory(root);
    expect([...tree.files.keys()]).toEqual([".slipway.yml"]);
    expect(tree.rejected).toEqual([
      { path: "models/leak.yaml", code: "SLW004", reason: "the symbolic link points outside the repository" },
      {
        path: "models/passwd.yaml",
        code: "SLW004",
        reason: "the symbolic link points outside the repository",
      },
    ]);
    const result = validateRepo(tree);
    expect(
      result.diagnostics.filter((d) => d.code === "SLW004").map((d) => [d.file, d.line, d.column, d.endLine]),
    ).toEqual([
      ["models/leak.yaml", 1, 1, 1],
      ["models/passwd.yaml", 1, 1, 1],
    ]);
  });

  it("rejects a link escaping through `..` and a link to a directory outside", async () => {
    await writeFile(join(outside, "x.yaml"), "apiVersion: slipway.dev/v1alpha1\n");
    await symlink(
      join("..", "..", outside.split("/").at(-1) as string, "x.yaml"),
      join(root, "models", "rel.yaml"),
    );
    await symlink(outside, join(root, "models", "dir"));
    const tree = await readDirectory(root);
    expect(tree.rejected?.map((r) => [r.path, r.code])).toEqual([
      ["models/dir", "SLW004"],
      ["models/rel.yaml", "SLW004"],
    ]);
    expect(tree.files.has("models/dir/x.yaml")).toBe(false);
  });

  it("rejects a dangling link and follows a link that stays inside", async () => {
    await writeFile(join(root, "models", "real.yaml"), "apiVersion: slipway.dev/v1alpha1\nkind: Modle\n");
    await symlink(join(root, "models", "real.yaml"), join(root, "models", "alias.yaml"));
    await symlink(join(root, "models", "gone.yaml"), join(root, "models", "dangling.yaml"));
    const tree = await readDirectory(root);
    expect([...tree.files.keys()]).toEqual([".slipway.yml", "models/alias.yaml", "models/real.yaml"]);
    expect(tree.rejected).toEqual([
      { path: "models/dangling.yaml", code: "SLW004", reason: "the symbolic link points nowhere" },
    ]);
  });
});
