import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeployRecord } from "../../src/state/environment-store.ts";
import { promoteCommand } from "../../src/workflows/promote/promote-command.ts";
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
const HEAD = "f1".repeat(20);
const STAGED = "a7".repeat(20);

const record = (extra: Partial<DeployRecord> = {}): DeployRecord => ({
  environment: "staging",
  commit: STAGED,
  models: { [MODEL]: "7" },
  outcome: "success",
  gatesPassed: true,
  at: "2026-11-20T10:00:00.000Z",
  ...extra,
});

// Issue 9 item 3: `/slipway promote <model> [--to <env>]` — a commit on the pull request's branch, or a
// new pull request once merged; refused, with nothing written, unless the version earned it.
describe("promote", () => {
  let h: PromoteHarness;
  const nothingWritten = () => {
    expect(h.branches.commits).toEqual([]);
    expect(h.branches.pulls).toEqual([]);
  };
  beforeEach(async () => {
    h = await startPromoteHarness();
    // Version 7 runs in staging only; the pull request's head is the same.
    await modelCommit(h, MAIN, { environments: "[staging]" });
    await modelCommit(h, STAGED, { environments: "[staging]" });
    await modelCommit(h, HEAD, { environments: "[staging]" });
    h.branches.heads.set("main", MAIN);
    h.branches.heads.set("tune-fraud", HEAD);
    await h.store.recordDeploy(record());
  });
  afterEach(() => h.close());

  it("on an open pull request: one commit on its branch that adds the next environment, nothing else", async () => {
    const answer = await promoteCommand(h.promote, openPull(), { model: MODEL, login: "jdoe" });
    expect(answer).toMatchObject({ committed: { branch: "tune-fraud" } });
    expect(h.branches.commits).toHaveLength(1);
    const [commit] = h.branches.commits;
    expect(commit).toMatchObject({ branch: "tune-fraud", expectedHead: HEAD });
    expect(commit?.changes.map((c) => c.path)).toEqual([MODEL_FILE]);
    const before = h.trees.get(HEAD)?.[MODEL_FILE] ?? "";
    expect(changedLines(before, commit?.changes[0]?.content ?? "")).toEqual([
      ["    environments: [staging]", "    environments: [staging, production]"],
    ]);
    expect(commit?.message).toContain("Promote fraud-detection to production");
    expect(commit?.message).toContain("ran healthily in `staging`");
    expect(h.branches.pulls).toEqual([]);
  });

  it("on a merged pull request: a new pull request from the default branch's head, for a team owner", async () => {
    const answer = await promoteCommand(h.promote, openPull({ state: "merged", headSha: "99".repeat(20) }), {
      model: MODEL,
      login: "tina",
      to: "production",
    });
    expect(answer).toMatchObject({
      opened: { number: 100, summary: "Promote fraud-detection to production" },
    });
    const [pull] = h.branches.pulls;
    expect(pull).toMatchObject({
      fromCommit: MAIN,
      baseBranch: "main",
      branch: `slipway/promote-${MODEL}-production-${MAIN.slice(0, 7)}`,
    });
    expect(pull?.body).toContain("@tina asked with `/slipway promote` on #41");
    const after = h.trees.get(pull?.headSha ?? "")?.[MODEL_FILE] ?? "";
    expect(changedLines(h.trees.get(MAIN)?.[MODEL_FILE] ?? "", after)).toEqual([
      ["    environments: [staging]", "    environments: [staging, production]"],
    ]);
    expect(h.branches.commits).toEqual([]);
  });

  it("refuses a non-owner, naming the owners", async () => {
    const answer = await promoteCommand(h.promote, openPull(), { model: MODEL, login: "mallory" });
    expect(answer).toEqual({
      refused: expect.stringContaining("only an owner of `fraud-detection` (@acme/fraud-ml, @jdoe)"),
    });
    nothingWritten();
  });

  it("refuses unknown and listed environments, unknown models and a model already everywhere", async () => {
    const cases: [Parameters<typeof promoteCommand>[2], string][] = [
      [
        { model: MODEL, login: "jdoe", to: "qa" },
        "`qa` is not an environment of `.slipway.yml` (staging, production)",
      ],
      [{ model: MODEL, login: "jdoe", to: "staging" }, "`fraud-detection` is already promoted to `staging`"],
      [{ model: "churn", login: "jdoe" }, "no Model `churn`"],
    ];
    for (const [request, words] of cases)
      expect(await promoteCommand(h.promote, openPull(), request)).toEqual({
        refused: expect.stringContaining(words),
      });
    await modelCommit(h, HEAD, {});
    expect(await promoteCommand(h.promote, openPull(), { model: MODEL, login: "jdoe" })).toEqual({
      refused: expect.stringContaining("already in every environment"),
    });
    nothingWritten();
  });

  it("refuses a version that has not run healthily before, or whose gates failed there", async () => {
    const fresh = await startPromoteHarness();
    try {
      for (const [sha, environments] of [
        [MAIN, "[staging]"],
        [HEAD, "[staging]"],
        [STAGED, "[production]"],
      ] as const)
        await modelCommit(fresh, sha, { environments });
      fresh.branches.heads.set("main", MAIN);
      fresh.branches.heads.set("tune-fraud", HEAD);
      const ask = () => promoteCommand(fresh.promote, openPull(), { model: MODEL, login: "jdoe" });
      expect(await ask()).toEqual({
        refused: expect.stringContaining("has not run healthily in `staging` yet"),
      });
      // A record lists every model of its commit: at STAGED the model was not rendered into staging.
      await fresh.store.recordDeploy(record());
      expect(await ask()).toEqual({
        refused: expect.stringContaining("has not run healthily in `staging` yet"),
      });
      await fresh.store.recordDeploy(record({ commit: MAIN, outcome: "failure" }));
      expect(await ask()).toEqual({ refused: expect.stringContaining("has not run healthily") });
      await fresh.store.recordDeploy(record({ commit: MAIN, models: { [MODEL]: "6" } }));
      expect(await ask()).toEqual({ refused: expect.stringContaining("version 7 has not run healthily") });
      await fresh.store.recordDeploy(record({ commit: MAIN, gatesPassed: false }));
      expect(await ask()).toEqual({ refused: expect.stringContaining("but its gates did not pass there") });
      expect(fresh.branches.commits).toEqual([]);
      await fresh.store.recordDeploy(record({ commit: MAIN }));
      expect(await ask()).toMatchObject({ committed: { branch: "tune-fraud" } });
    } finally {
      await fresh.close();
    }
  });

  it("refuses fork and closed pull requests, and a branch that moved since the comment's head", async () => {
    expect(
      await promoteCommand(h.promote, openPull({ fork: true }), { model: MODEL, login: "jdoe" }),
    ).toEqual({
      refused: expect.stringContaining("in a fork, where Slipway cannot write"),
    });
    expect(
      await promoteCommand(h.promote, openPull({ state: "closed" }), { model: MODEL, login: "jdoe" }),
    ).toEqual({ refused: expect.stringContaining("closed without merging") });
    const moved = "9a".repeat(20);
    h.branches.heads.set("tune-fraud", moved);
    const answer = await promoteCommand(h.promote, openPull(), { model: MODEL, login: "jdoe" });
    expect(answer).toEqual({
      refused: expect.stringContaining(
        `branch tune-fraud moved from ${HEAD.slice(0, 7)} to ${moved.slice(0, 7)}`,
      ),
    });
    nothingWritten();
  });
});
