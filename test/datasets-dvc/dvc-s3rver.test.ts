import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LoadedDvc, loadDvcDataset } from "../../src/datasets/dvc/load-dvc-dataset.ts";
import { mirrorRepoFiles } from "../../src/datasets/dvc/mirror-repo-files.ts";
import type { DatasetSource } from "../../src/datasets/s3/dataset-source.ts";
import type { ColumnValues } from "../../src/drift/columns.ts";
import { type GitMirror, openGitMirror } from "../../src/repo/git-mirror.ts";
import { type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { git, SourceRepo } from "../repo/git-fixture.ts";
import { dvcConfig, type Tracked, trackDirectory, trackFile } from "./dvc-project.ts";

// DVC-tracked data in a platform repository (a git repository with `.dvc` files and `.dvc/config`),
// its cache pushed to an S3 remote on s3rver: resolved at a tag, a branch or a SHA through the
// repository's git mirror, every object checked against its md5 before it is read.

const ALLOW = ["s3://lake/dvcstore/"];
let s3: S3rverHarness;
let source: DatasetSource;
let repo: SourceRepo;
let state: string;
let mirror: GitMirror;

beforeEach(async () => {
  s3 = await startS3rver();
  source = await s3.source();
  repo = new SourceRepo();
  state = mkdtempSync(join(tmpdir(), "slipway-dvc-mirrors-"));
  mirror = await openGitMirror({ url: repo.bare, dir: state });
});
afterEach(async () => {
  await mirror.close();
  await s3.close();
  repo.remove();
  rmSync(state, { recursive: true, force: true });
});

async function push(tracked: Tracked): Promise<void> {
  for (const [key, bytes] of tracked.objects) await s3.put(`dvcstore/${key}`, bytes);
}

function commit(files: Record<string, string>, tag?: string): string {
  const sha = repo.commit(files);
  if (tag) {
    git(
      repo.work,
      "-c",
      "user.name=Data Team",
      "-c",
      "user.email=data@example.com",
      "tag",
      "-a",
      tag,
      "-m",
      tag,
    );
    git(repo.work, "push", "--quiet", "origin", `refs/tags/${tag}`);
  }
  return sha;
}

async function load(path: string, rev: string | null, format: "csv" | "parquet" = "csv", allowlist = ALLOW) {
  const files = mirrorRepoFiles(mirror, { label: "acme/ml-platform", defaultCommit: null });
  return loadDvcDataset(source, files, { repo: ".", path, rev }, { format, allowlist });
}

function data(loaded: LoadedDvc) {
  if (loaded.kind !== "data") throw new Error(loaded.finding.message);
  return loaded;
}

function values(column: ColumnValues | undefined): (number | string | null)[] {
  if (!column) throw new Error("no such column");
  if (column.kind === "number") return [...column.values].map((v) => (Number.isNaN(v) ? null : v));
  return [...column.codes].map((c) => (c < 0 ? null : (column.dictionary[c] as string)));
}

describe("a DVC-tracked file on an S3 remote", () => {
  it("is read at a tag, a branch and a SHA, each the content that revision recorded", async () => {
    const v1 = trackFile("data/reference.csv", "amount,country\n10,FR\n20,DE\n");
    const v2 = trackFile("data/reference.csv", "amount,country\n30,ES\n");
    await push(v1);
    await push(v2);
    const first = commit(Object.fromEntries([dvcConfig("s3://lake/dvcstore"), v1.dvcFile]), "v1");
    const second = commit(Object.fromEntries([v2.dvcFile]));
    const atTag = data(await load("data/reference.csv", "v1"));
    expect(values(atTag.read.table.columns.get("amount"))).toEqual([10, 20]);
    expect(atTag.version).toEqual({
      kind: "dvc",
      repo: ".",
      path: "data/reference.csv",
      rev: "v1",
      commit: first,
      md5: v1.hash,
    });
    const atBranch = data(await load("data/reference.csv", "main"));
    expect(values(atBranch.read.table.columns.get("country"))).toEqual(["ES"]);
    expect(atBranch.version).toMatchObject({ commit: second, md5: v2.hash });
    expect(data(await load("data/reference.csv", first)).read.table.rowCount).toBe(2);
    expect(data(await load("data/reference.csv", null)).version).toMatchObject({ commit: second });
    // A branch named like the tag: the tag wins, as git's own rev-parse decides.
    git(repo.work, "push", "--quiet", "origin", "HEAD:refs/heads/v1");
    expect(data(await load("data/reference.csv", "v1")).version).toMatchObject({ commit: first });
  });

  it("refuses an object whose bytes do not match the recorded md5, before parsing it", async () => {
    const tracked = trackFile("data/reference.csv", "amount\n1\n2\n");
    await push(tracked);
    commit(Object.fromEntries([dvcConfig("s3://lake/dvcstore"), tracked.dvcFile]));
    const key = [...tracked.objects.keys()][0] as string;
    await s3.put(`dvcstore/${key}`, "amount\n1\n3\n"); // same size, other content
    await expect(load("data/reference.csv", "main")).rejects.toThrow(
      `data/reference.csv: content does not match its DVC hash (md5 ${tracked.hash} recorded`,
    );
    await s3.put(`dvcstore/${key}`, "amount\n1\n2\n3\n");
    await expect(load("data/reference.csv", "main")).rejects.toThrow(/holds 13 bytes but DVC recorded 11/);
  });

  it("reads a DVC 2 output from the legacy layout, hashed with CRLF read as LF", async () => {
    const text = "amount,country\r\n10,FR\r\n20,DE\r\n";
    const tracked = trackFile("data/legacy.csv", text, { legacy: true });
    expect([...tracked.objects.keys()][0]).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{30}$/);
    await push(tracked);
    commit(Object.fromEntries([dvcConfig("s3://lake/dvcstore"), tracked.dvcFile]));
    expect(data(await load("data/legacy.csv", "main")).read.table.rowCount).toBe(2);
  });

  it("reads a tracked directory as a set of files, or one file inside it", async () => {
    const dir = trackDirectory("data/scored", {
      "part-0.csv": "amount\n1\n2\n",
      "part-1.csv": "amount\n3\n",
      "README.md": "# scored rows\n",
    });
    await push(dir);
    commit(Object.fromEntries([dvcConfig("s3://lake/dvcstore"), dir.dvcFile]));
    const whole = data(await load("data/scored", "main"));
    expect(values(whole.read.table.columns.get("amount"))).toEqual([1, 2, 3]);
    expect(whole.read.objects).toBe(2);
    expect(whole.version).toMatchObject({ md5: dir.hash });
    const one = data(await load("data/scored/part-1.csv", "main"));
    expect(values(one.read.table.columns.get("amount"))).toEqual([3]);
  });

  it("finds an output recorded in dvc.lock, relative to its stage's wdir", async () => {
    const tracked = trackFile("pipeline/out/features.csv", "x\n1\n");
    await push(tracked);
    const lock = `schema: '2.0'\nstages:\n  featurize:\n    cmd: python featurize.py\n    outs:\n    - path: out/features.csv\n      hash: md5\n      md5: ${tracked.hash}\n      size: 4\n`;
    commit({
      ...Object.fromEntries([dvcConfig("s3://lake/dvcstore")]),
      "pipeline/dvc.lock": lock,
      "pipeline/dvc.yaml":
        "stages:\n  featurize:\n    wdir: .\n    cmd: python featurize.py\n    outs: [out/features.csv]\n",
    });
    expect(data(await load("pipeline/out/features.csv", "main")).read.table.rowCount).toBe(1);
  });

  it("reads nothing from a remote outside the integration's allowed prefixes", async () => {
    const tracked = trackFile("data/reference.csv", "amount\n1\n");
    await push(tracked);
    commit(Object.fromEntries([dvcConfig("s3://lake/dvcstore"), tracked.dvcFile]));
    await s3.forget();
    const loaded = await load("data/reference.csv", "main", "csv", ["s3://lake/approved/"]);
    expect(loaded).toMatchObject({
      kind: "finding",
      finding: {
        code: "SLW127",
        message:
          'the DVC remote "storage" (s3://lake/dvcstore) is outside the integration\'s allowed prefixes',
      },
    });
    expect(await s3.requests()).toEqual([]);
  });

  it("says which revision and path it could not resolve", async () => {
    commit(Object.fromEntries([dvcConfig("s3://lake/dvcstore")]));
    await expect(load("data/missing.csv", "main")).rejects.toThrow(
      /no \.dvc file or dvc\.lock in acme\/ml-platform at [0-9a-f]{12} tracks data\/missing\.csv/,
    );
    await expect(load("data/missing.csv", "no-such-tag")).rejects.toThrow(
      /has no branch or tag "no-such-tag"/,
    );
    await expect(load("data/missing.csv", "3f2a9c1")).rejects.toThrow(
      /looks like an abbreviated commit SHA; give all 40 characters/,
    );
  });
});
