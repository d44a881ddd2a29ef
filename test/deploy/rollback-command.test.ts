import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeployRecord } from "../../src/state/environment-store.ts";
import { rollbackCommand } from "../../src/workflows/promote/rollback-command.ts";
import {
  changedLines,
  MODEL,
  MODEL_FILE,
  modelCommit,
  openPull,
  type PromoteHarness,
  startPromoteHarness,
} from "./promote-harness.ts";

const MAIN = "c1".repeat(20);
const C4 = "a4".repeat(20);
const C5 = "a5".repeat(20);
const C6 = "a6".repeat(20);
const RUN_4 = "4d".repeat(16);

const record = (commit: string, version: string, extra: Partial<DeployRecord> = {}): DeployRecord => ({
  environment: "production",
  commit,
  models: { [MODEL]: version },
  outcome: "success",
  gatesPassed: true,
  at: "2026-11-01T09:00:00.000Z",
  ...extra,
});

const merged = openPull({ state: "merged" });

// Issue 9 item 3: `/slipway rollback <model>` opens a pull request restoring the last version that was
// deployed successfully, with its gates passed, to the model's most downstream environment.
describe("rollback", () => {
  let h: PromoteHarness;
  beforeEach(async () => {
    h = await startPromoteHarness();
    await modelCommit(h, MAIN, { version: 7 });
    await modelCommit(h, C4, { version: 4, runId: RUN_4, experiment: "fraud-detection-v1" });
    await modelCommit(h, C5, { version: 5 });
    await modelCommit(h, C6, { version: 6 });
    h.branches.heads.set("main", MAIN);
  });
  afterEach(() => h.close());

  it("skips the current version, failed deploys and gates-failed ones, and restores version and evidence", async () => {
    await h.store.recordDeploy(record(C4, "4", { at: "2026-11-01T09:00:00.000Z" }));
    await h.store.recordDeploy(record(C6, "6", { gatesPassed: false, at: "2026-11-02T09:00:00.000Z" }));
    await h.store.recordDeploy(record(C5, "5", { outcome: "failure", at: "2026-11-03T09:00:00.000Z" }));
    await h.store.recordDeploy(record(MAIN, "7", { at: "2026-11-04T09:00:00.000Z" }));
    // Staging's history does not count: production is the model's last environment.
    await h.store.recordDeploy(record(C6, "6", { environment: "staging", at: "2026-11-05T09:00:00.000Z" }));

    const answer = await rollbackCommand(h.promote, merged, {
      model: MODEL,
      login: "jdoe",
      breakGlass: false,
    });
    expect(answer).toMatchObject({
      opened: { number: 100, summary: "Roll back fraud-detection to version 4" },
      plan: { environments: ["staging", "production"], from: "7", target: { record: { commit: C4 } } },
    });
    const [pull] = h.branches.pulls;
    expect(pull).toMatchObject({
      fromCommit: MAIN,
      baseBranch: "main",
      branch: `slipway/rollback-${MODEL}-v4-${MAIN.slice(0, 7)}`,
    });
    const before = h.trees.get(MAIN)?.[MODEL_FILE] ?? "";
    const current = /runId: ([0-9a-f]{32})/.exec(before)?.[1];
    expect(changedLines(before, h.trees.get(pull?.headSha ?? "")?.[MODEL_FILE] ?? "")).toEqual([
      ["    version: 7", "    version: 4"],
      ["    experiment: fraud-detection-v2", "    experiment: fraud-detection-v1"],
      [`    runId: ${current}`, `    runId: ${RUN_4}`],
    ]);
    for (const words of [
      "version **4** (from 7)",
      `run \`${RUN_4}\``,
      `the deploy of \`${C4.slice(0, 7)}\` to \`production\``,
      "**When**: 2026-11-01T09:00:00.000Z",
      "@jdoe asked with `/slipway rollback` on #41",
    ])
      expect(pull?.body).toContain(words);
  });

  it("says so when no earlier healthy version with passing gates was deployed", async () => {
    await h.store.recordDeploy(record(C6, "6", { gatesPassed: false }));
    await h.store.recordDeploy(record(C5, "5", { outcome: "failure" }));
    await h.store.recordDeploy(record(MAIN, "7"));
    expect(
      await rollbackCommand(h.promote, merged, { model: MODEL, login: "jdoe", breakGlass: false }),
    ).toEqual({
      refused: expect.stringContaining(
        "no earlier version of `fraud-detection` was deployed successfully, with its gates passed, to `production`",
      ),
    });
    expect(h.branches.pulls).toEqual([]);
  });

  it("refuses non-owners, and break-glass from an owner who is not a declared approver of production", async () => {
    await h.store.recordDeploy(record(C4, "4"));
    expect(
      await rollbackCommand(h.promote, merged, { model: MODEL, login: "mallory", breakGlass: false }),
    ).toEqual({
      refused: expect.stringContaining("only an owner of `fraud-detection` (@acme/fraud-ml, @jdoe)"),
    });
    expect(
      await rollbackCommand(h.promote, merged, { model: MODEL, login: "jdoe", breakGlass: true }),
    ).toEqual({
      refused: expect.stringContaining(
        "only a declared approver of `production` (@acme/ml-platform) can break glass",
      ),
    });
    await modelCommit(h, MAIN, { version: 7, environments: "[staging]" });
    expect(
      await rollbackCommand(h.promote, merged, { model: MODEL, login: "carol", breakGlass: true }),
    ).toEqual({
      refused: expect.stringContaining("runs in no production environment"),
    });
    expect(h.branches.pulls).toEqual([]);
  });
});
