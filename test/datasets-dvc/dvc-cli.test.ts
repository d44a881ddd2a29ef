import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fraudRows, parquetOf } from "../drift-review/fraud-data.ts";
import { MONITOR_FILE, NOW } from "../drift-review/review-scenario.ts";
import { runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import { git } from "../repo/git-fixture.ts";
import { dvcConfig, type Tracked, trackFile } from "./dvc-project.ts";

// `slipway drift --monitor` on a platform repository that versions its data with DVC and a local
// remote: the reference at the tag the model was trained on (read from git history, whatever the
// working tree holds now), the current data as the working tree's .dvc file says.

const IDENTITY = ["-c", "user.name=Data Team", "-c", "user.email=data@example.com"];
let repo: TempRepo;
let state: string;

function write(path: string, content: string | Uint8Array) {
  const full = join(repo.dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

function push(tracked: Tracked) {
  for (const [key, bytes] of tracked.objects) write(`dvcstore/${key}`, bytes);
}

const trained = parquetOf(fraudRows(600, 7));
const retrained = parquetOf(fraudRows(300, 9, 1));

beforeEach(() => {
  repo = new TempRepo();
  state = mkdtempSync(join(tmpdir(), "slipway-dvc-state-"));
  repo.edit(
    MONITOR_FILE,
    "    path: s3://acme-datalake/fraud/training/v7/reference.parquet\n",
    "    dvc: { path: data/reference.parquet, rev: model-v7 }\n",
  );
  repo.edit(
    MONITOR_FILE,
    "    prefix: s3://acme-datalake/fraud/scored/\n    partition: dt={date}\n    window:\n      last: 7d\n",
    "    dvc: { path: data/current.parquet }\n",
  );
  // The remote is a directory beside the repository's files, named relative to .dvc/ as DVC does.
  const [configPath, config] = dvcConfig("../dvcstore", "local");
  write(configPath, config);
  const v7 = trackFile("data/reference.parquet", trained);
  push(v7);
  write(...v7.dvcFile);
  const current = trackFile("data/current.parquet", parquetOf(fraudRows(400, 11)));
  push(current);
  write(...current.dvcFile);
  git(repo.dir, "init", "--quiet", "--initial-branch=main");
  git(repo.dir, "add", "--all");
  git(repo.dir, ...IDENTITY, "commit", "--quiet", "-m", "model v7 trained on this reference");
  git(repo.dir, ...IDENTITY, "tag", "model-v7");
  // Since then the reference was retrained, in the working tree only.
  const next = trackFile("data/reference.parquet", retrained);
  push(next);
  write(...next.dvcFile);
});
afterEach(() => {
  repo.remove();
  rmSync(state, { recursive: true, force: true });
});

describe("slipway drift --monitor with DVC-tracked data", () => {
  it("reads the reference at its tag and the current data from the working tree, and names both", async () => {
    const run = await runCli(
      [
        "drift",
        "--monitor",
        "fraud-detection-drift",
        repo.dir,
        "--now",
        NOW.toISOString(),
        "--format",
        "json",
      ],
      repo.dir,
      { SLIPWAY_STATE_DIR: state },
    );
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    const tagged = git(repo.dir, "rev-parse", "model-v7").trim();
    expect(report.reference).toMatchObject({
      path: "data/reference.parquet@model-v7",
      rows: 600,
      version: { kind: "dvc", repo: ".", path: "data/reference.parquet", rev: "model-v7", commit: tagged },
    });
    expect(report.current).toMatchObject({
      path: "data/current.parquet",
      rows: 400,
      version: { kind: "dvc", rev: null, commit: null },
    });
  });

  it("exits 2 with the reason when the tag's object was tampered with in the remote", async () => {
    const v7 = trackFile("data/reference.parquet", trained);
    write(`dvcstore/${[...v7.objects.keys()][0]}`, retrained);
    const run = await runCli(
      ["drift", "--monitor", "fraud-detection-drift", repo.dir, "--now", NOW.toISOString()],
      repo.dir,
      { SLIPWAY_STATE_DIR: state },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /the data could not be read \(.*data\/reference.parquet: the object holds \d+ bytes but DVC recorded \d+/,
    );
  });
});
