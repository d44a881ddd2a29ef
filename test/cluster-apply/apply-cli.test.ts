import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import { SERVER_CONFIG_EXAMPLE } from "../helpers/template.ts";
import { type ApplyHarness, COMMIT_A, startApplyHarness } from "./apply-fixture.ts";

const writes = (h: ApplyHarness) =>
  h.fake.requests.filter((r) => (r.verb === "patch" && r.query.dryRun !== "All") || r.verb === "delete")
    .length;

describe("slipway apply and slipway plan against a cluster", () => {
  let h: ApplyHarness;
  let repo: TempRepo;
  let config: string;
  beforeEach(async () => {
    h = await startApplyHarness();
    repo = new TempRepo();
    // The example configuration, with staging bound to the fake API server.
    repo.write(
      "server-config.yaml",
      readFileSync(SERVER_CONFIG_EXAMPLE, "utf8").replace("/etc/slipway/kubeconfig", h.kubeconfig),
    );
    config = `${repo.dir}/server-config.yaml`;
  });
  afterEach(async () => {
    repo.remove();
    await h.close();
  });

  const cli = (...args: string[]) =>
    runCli(
      [args[0] as string, repo.dir, "--env", "staging", "--server-config", config, ...args.slice(1)],
      "/",
    );

  it("dry-runs, applies, then plans and re-applies with nothing to do", async () => {
    const dry = await cli("apply", "--commit", COMMIT_A, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Plan for staging (compared with the cluster)");
    expect(dry.stdout).toMatch(/^Server-side dry run: 21 accepted, 0 refused\.$/m);
    expect(writes(h)).toBe(0);

    const applied = await cli("apply", "--commit", COMMIT_A);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Apply of ${COMMIT_A} to staging: applied`);
    expect(applied.stdout).toContain(
      "Inventory: ConfigMap ml-serving/slipway-inventory-staging (21 objects).",
    );

    const plan = await cli("plan", "--commit", COMMIT_A);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("No changes to staging");

    const before = writes(h);
    const again = await cli("apply", "--commit", COMMIT_A, "--format", "json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: "no-op", environment: "staging" });
    expect(writes(h)).toBe(before);
  });

  it("exits 1 when the API server refuses, 2 when the cluster fails or on usage errors", async () => {
    h.fake.failNext("patch inferenceservices", {
      status: 422,
      message: "admission webhook denied the request",
    });
    const refused = await cli("apply", "--commit", COMMIT_A);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("refused, nothing was written");
    expect(refused.stdout).toContain("Refused InferenceService ml-serving/fraud-detection:");
    expect(refused.stdout).toContain("admission webhook denied the request");

    h.fake.failNext("get configmaps", 401);
    const unauthorized = await cli("apply", "--commit", COMMIT_A);
    expect(unauthorized.code).toBe(2);
    expect(unauthorized.stderr).toMatch(/^slipway apply: Kubernetes API .* answered HTTP 401/);
    expect(unauthorized.stderr).not.toContain(h.fake.token);
    expect(unauthorized.stderr).not.toMatch(/\n\s+at /); // no stack trace

    expect((await cli("apply", "--wait", "5 minutes")).code).toBe(2);
    expect((await cli("apply", "--max-prune-share", "2")).code).toBe(2);
    const noConfig = await runCli(["apply", repo.dir, "--env", "staging"], "/");
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain("--server-config is required");
    expect(writes(h)).toBe(0);
  });
});
