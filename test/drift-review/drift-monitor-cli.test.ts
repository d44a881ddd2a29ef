import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectGolden } from "../helpers/golden.ts";
import { runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import { csvOf, dayOf, fraudRows, parquetOf } from "./fraud-data.ts";
import { MONITOR_FILE, NOW } from "./review-scenario.ts";

// `slipway drift --monitor NAME [DIR]` without a server configuration: the template's Monitor pointed
// at local files (a Parquet reference, daily CSV partitions), the window pinned with --now.

const AT = ["--now", NOW.toISOString()];

let repo: TempRepo;
beforeEach(() => {
  repo = new TempRepo();
  repo.edit(
    MONITOR_FILE,
    "path: s3://acme-datalake/fraud/training/v7/reference.parquet",
    "path: data/reference.parquet",
  );
  repo.edit(MONITOR_FILE, "prefix: s3://acme-datalake/fraud/scored/", "prefix: data/scored/");
  repo.edit(
    MONITOR_FILE,
    "    window:\n      last: 7d\n    format: parquet",
    "    window:\n      last: 7d\n    format: csv",
  );
  mkdirSync(join(repo.dir, "data"));
  writeFileSync(join(repo.dir, "data/reference.parquet"), parquetOf(fraudRows(600, 7)));
});
afterEach(() => repo.remove());

function seedDays(shift: number, from = -9, to = 0): void {
  for (let d = from; d <= to; d++) {
    const dir = join(repo.dir, `data/scored/dt=${dayOf(NOW, d)}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "part-0.csv"), csvOf(fraudRows(80, 100 + d, shift)));
  }
}

const drift = (...args: string[]) =>
  runCli(["drift", "--monitor", "fraud-detection-drift", repo.dir, ...AT, ...args], repo.dir);

describe("slipway drift --monitor on local files", () => {
  it("prints the report as text, JSON, Markdown and HTML (golden) and exits 0 without drift", async () => {
    seedDays(0);
    for (const [format, file] of [
      ["text", "pass.txt"],
      ["json", "pass.json"],
      ["markdown", "pass.md"],
      ["html", "pass.html"],
    ] as const) {
      const run = await drift("--format", format);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expectGolden(`drift-monitor/${file}`, run.stdout);
    }
  });

  it("exits 1 on dataset drift, naming the drifted columns (golden)", async () => {
    seedDays(1);
    const run = await drift();
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[0]).toMatch(
      /^fraud-detection-drift: FAIL DATASET DRIFT: [3-6] of 6 tested columns/,
    );
    expect(run.stdout).toContain("window: dt=2026-11-18 … dt=2026-11-24 (7 partitions)");
    expectGolden("drift-monitor/drift.txt", run.stdout);
  });

  it("reads only the window before --now", async () => {
    seedDays(0);
    // A drifted day after the window and one before it change nothing.
    seedDays(3, 0, 1);
    seedDays(3, -12, -8);
    const run = await drift("--format", "json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { current: { rows: number; path: string } };
    expect(report.current).toEqual({ path: "data/scored/", rows: 7 * 80 });
  });

  it("writes the report to --out and prints a summary", async () => {
    seedDays(0);
    const run = await drift("--format", "html", "--out", "report.html");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^fraud-detection-drift: PASS no dataset drift: .*\nreport written to report\.html\n$/,
    );
    expect(readFileSync(join(repo.dir, "report.html"), "utf8")).toBe(
      readFileSync(new URL("../golden/drift-monitor/pass.html", import.meta.url), "utf8"),
    );
  });

  it("exits 2 with the location when the data is missing, without a stack trace", async () => {
    const run = await drift();
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "slipway drift: monitor fraud-detection-drift: the data could not be read (data/scored/: no objects in the window dt=2026-11-18 … dt=2026-11-24 (7 partitions before 2026-11-25T06:00:00Z))\n",
    );
  });

  it("refuses bad usage with exit 2", async () => {
    const cases: [string[], string][] = [
      [["drift", "--monitor"], "--monitor"],
      [
        ["drift", "--monitor", "fraud-detection-drift", "--format", "pdf"],
        "--format must be one of text, json, markdown, html",
      ],
      [["drift", "--monitor", "fraud-detection-drift", "--now", "yesterday"], "--now takes an ISO 8601 time"],
      [["drift", "--monitor", "fraud-detection-drift", "--repo", "acme/x"], "--repo needs --server-config"],
      [["drift", "--monitor", "nope", repo.dir], "no Monitor named 'nope' in"],
      [["drift", "--monitor", "fraud-detection-drift", "a", "b"], "expected at most one directory"],
    ];
    for (const [argv, message] of cases) {
      const run = await runCli(argv, repo.dir);
      expect(run.code, argv.join(" ")).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    const nope = await runCli(["drift", "--monitor", "nope", repo.dir], repo.dir);
    expect(nope.stderr).toContain("(monitors: fraud-detection-drift)");
  });

  it("gives the monitor's own validation errors, located, with exit 1", async () => {
    repo.edit(MONITOR_FILE, "partition: dt={date}", "partition: hour={hour}");
    const run = await drift();
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `slipway drift: Monitor fraud-detection-drift does not validate\n${MONITOR_FILE}:16:16 error SLW135 \`partition\` has {hour} but no {date}: an hour names no day (e.g. dt={date}/hour={hour})\n`,
    );
  });

  it("keeps the two-file form working", async () => {
    seedDays(0, -1, -1);
    const run = await runCli(
      [
        "drift",
        "--reference",
        "data/reference.parquet",
        "--current",
        `data/scored/dt=${dayOf(NOW, -1)}/part-0.csv`,
      ],
      repo.dir,
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^no dataset drift|^DRIFT DETECTED/);
  });
});
