import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import { SERVER_CONFIG_EXAMPLE } from "../helpers/template.ts";

describe("slipway plan", () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(() => repo.remove());

  it("plans offline against an inventory written by render: nothing to do", async () => {
    const rendered = await runCli(
      ["render", repo.dir, "--env", "staging", "--server-config", SERVER_CONFIG_EXAMPLE],
      "/",
    );
    repo.write("last-applied.yaml", rendered.stdout);
    const run = await runCli(
      [
        "plan",
        repo.dir,
        "--env",
        "staging",
        "--offline",
        "--inventory",
        `${repo.dir}/last-applied.yaml`,
        "--server-config",
        SERVER_CONFIG_EXAMPLE,
      ],
      "/",
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No changes to staging");
  });

  it("shows a new model version as an update, in text, JSON and Markdown", async () => {
    const rendered = await runCli(["render", repo.dir, "--env", "staging"], "/");
    repo.write("last-applied.yaml", rendered.stdout);
    repo.edit("models/fraud-detection.yaml", "version: 7", "version: 8");
    const args = [
      "plan",
      repo.dir,
      "--env",
      "staging",
      "--offline",
      "--inventory",
      `${repo.dir}/last-applied.yaml`,
    ];
    const text = await runCli(args, "/");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Update InferenceService ml-serving/fraud-detection\n");
    expect(text.stdout).toMatch(
      /^\tspec\.canary: \(none\) -> \[\{"predictor":.*"storageUri":"models:\/fraud-detection\/8"/m,
    );
    const json = JSON.parse((await runCli([...args, "--format", "json"], "/")).stdout);
    expect(json.summary).toMatchObject({ create: 0, update: 1, delete: 0 });
    // The Standard-mode canary keeps the served version 7 beside the new version 8.
    const isvc = json.changes.find((c: { ref: { kind: string } }) => c.ref.kind === "InferenceService");
    expect(isvc.diff.map((d: { path: string }) => d.path)).toContain("spec.canary");
    const markdown = (await runCli([...args, "--format", "markdown"], "/")).stdout;
    expect(markdown).toMatch(/^### Plan for `staging`/);
    expect(markdown).toContain(
      "<details><summary>Update InferenceService ml-serving/fraud-detection</summary>",
    );
  });

  it("shows the canary steps a deploy would walk from the inventory's version (issue #22)", async () => {
    const rendered = await runCli(["render", repo.dir, "--env", "staging"], "/");
    repo.write("last-applied.yaml", rendered.stdout);
    repo.edit("models/fraud-detection.yaml", "version: 7", "version: 8");
    repo.edit(
      "models/fraud-detection.yaml",
      "      percent: 10\n",
      "      steps: [10, 50]\n      interval: 5m\n",
    );
    const args = [
      "plan",
      repo.dir,
      "--env",
      "staging",
      "--offline",
      "--inventory",
      `${repo.dir}/last-applied.yaml`,
    ];
    const markdown = (await runCli([...args, "--format", "markdown"], "/")).stdout;
    expect(markdown).toContain("#### Rollout in `staging`");
    expect(markdown).toContain("Merging walks `fraud-detection` from version 7 to 8 in steps:");
    expect(markdown).toContain("| 2 | 50% | 5m |");
    const json = (await runCli([...args, "--format", "json"], "/")).stdout;
    expect(() => JSON.parse(json)).not.toThrow();
  });

  it("without an inventory, creates everything", async () => {
    const run = await runCli(["plan", repo.dir, "--env", "staging", "--offline", "--format", "json"], "/");
    const plan = JSON.parse(run.stdout);
    expect(plan.baseline).toBe("nothing");
    expect(plan.summary.create).toBe(plan.changes.length);
  });

  it("plans offline when no cluster is bound; exits 2 on a bad format or an unreadable inventory; 1 on an invalid repo", async () => {
    // Without a server configuration the environment has no cluster: the plan is offline, every object new.
    const unbound = await runCli(["plan", repo.dir, "--env", "staging"], "/");
    expect(unbound.code).toBe(0);
    expect(unbound.stdout).toContain("offline, no inventory: every object is new");
    expect(
      (await runCli(["plan", repo.dir, "--env", "staging", "--offline", "--format", "html"], "/")).code,
    ).toBe(2);
    repo.write("bad.yaml", "- just\n- a list\n");
    const bad = await runCli(
      ["plan", repo.dir, "--env", "staging", "--offline", "--inventory", `${repo.dir}/bad.yaml`],
      "/",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not a Kubernetes object");
    repo.edit("monitors/fraud-detection-drift.yaml", 'schedule: "0 6 * * 1"', 'schedule: "0 25 * * 1"');
    expect((await runCli(["plan", repo.dir, "--env", "staging", "--offline"], "/")).code).toBe(1);
  });
});
