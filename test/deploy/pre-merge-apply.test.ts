import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { composeStickyComment } from "../../src/report/sticky-comment.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { type ApplyRequest, applyCommand, unlockCommand } from "../../src/workflows/deploy/lock-commands.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { planSection } from "../../src/workflows/plan-section.ts";
import { baseFiles } from "../evidence/scenario.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";
import { COMMIT_B, type DeployHarness, PR, startDeployHarness } from "./deploy-harness.ts";

const HEAD = "c3".repeat(20);
const OLDER = "d4".repeat(20);

/** The sticky comment a review of `head` would post: the plan section with the changed model's URI. */
async function reviewComment(h: DeployHarness, head: string): Promise<string> {
  const binding = h.ports.binding;
  const snap = async (sha: string) => {
    const result = validateRepo(treeOf(h.trees.get(sha) ?? {}), { binding });
    if (!result.ok) throw new Error(`${sha} does not validate`);
    return result.snapshot;
  };
  const uri = await h.mlflow.tracker.getDownloadUri("fraud-detection", "7");
  const section = planSection({
    head: { snapshot: await snap(head), sha: head },
    base: { snapshot: await snap("main"), sha: "main" },
    binding,
    artifactUris: new Map([["fraud-detection", uri]]),
  });
  return composeStickyComment(head, [section], ["/slipway plan"]);
}

function request(_h: DeployHarness, sticky: string | null, extra: Partial<ApplyRequest> = {}): ApplyRequest {
  return {
    pr: PR,
    headSha: HEAD,
    fork: false,
    defaultBranch: "main",
    environment: "staging",
    login: "alice",
    sticky,
    ...extra,
  };
}

const writes = (h: DeployHarness) =>
  h.clusters.staging.fake.requests.filter((r) => r.method !== "GET").length;

// Issue 9 item 3: `/slipway apply <env>` before merge, Atlantis-style, with a lock; `/slipway unlock`.
describe("pre-merge apply", () => {
  let h: DeployHarness;
  beforeEach(async () => {
    h = await startDeployHarness();
    h.trees.set("main", await baseFiles());
    h.trees.set(HEAD, await templateFiles());
    h.ports.pull = async (number) => ({ number, headSha: HEAD, author: "alice" });
  });
  afterEach(() => h.close());

  it("applies the head to staging, locks it, holds another commit's deploy until unlock", async () => {
    const sticky = await reviewComment(h, HEAD);
    const answer = await applyCommand(h.ports, request(h, sticky));
    expect(answer).toMatchObject({ queued: { environment: "staging", position: 1 } });
    expect((await h.store.readState("staging")).lock).toMatchObject({ pr: PR, sha: HEAD, by: "alice" });
    await drainEnvironment(h.ports, "staging", h.options);

    const isvc = JSON.stringify(h.clusters.staging.fake.objects("InferenceService"));
    expect(isvc).toContain(`mlflow-artifacts:/${h.mlflow.experimentId}/`);
    const deployment = h.github.deployments.at(-1);
    expect(deployment?.input).toMatchObject({
      sha: HEAD,
      environment: "staging",
      productionEnvironment: false,
    });
    expect(deployment?.input.description).toContain(`PR #${PR} pre-merge`);
    expect(deployment?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    // Not merged: the alias stays, no deploy recorded, the applied commit is still the default branch's.
    const aliases = (await h.mlflow.tracker.getRegisteredModel("fraud-detection")).aliases;
    expect(aliases.find((a) => a.alias === "champion")?.version).toBe("6");
    expect(await h.store.deploys("staging")).toEqual([]);
    expect((await h.store.readState("staging")).appliedCommit).toBeNull();

    // Another commit's deploy (pull request 40's merge) waits behind the lock.
    h.github.merges.set(COMMIT_B, 40);
    expect(await advanceDeploy(h.ports, { commit: COMMIT_B, branch: "main", pr: 40 })).toMatchObject({
      kind: "enqueued",
      environment: "staging",
    });
    const before = writes(h);
    await drainEnvironment(h.ports, "staging", h.options);
    expect(writes(h)).toBe(before);
    expect(h.reports.at(-1)?.text).toContain(`locked to #${PR}`);
    expect(await h.store.list("staging", ["queued"])).toHaveLength(1);

    // Someone else's pull request cannot take or free the lock.
    const other = await applyCommand(h.ports, request(h, sticky, { pr: 40, login: "bob" }));
    expect(other).toEqual({ refused: expect.stringContaining(`locked to #${PR}`) });
    expect(await unlockCommand(h.ports, { pr: 40, environment: "staging", maintainer: false })).toEqual({
      refused: expect.stringContaining("only that pull request or a maintainer"),
    });

    expect(await unlockCommand(h.ports, { pr: PR, maintainer: false })).toEqual({ freed: ["staging"] });
    await drainEnvironment(h.ports, "staging", h.options);
    expect((await h.store.readState("staging")).appliedCommit).toBe(COMMIT_B);
    expect((await h.store.readState("staging")).lock).toBeNull();
  });

  it("refuses a head that moved since the plan was shown, with no cluster write", async () => {
    h.trees.set(OLDER, await templateFiles());
    const sticky = await reviewComment(h, OLDER);
    const answer = await applyCommand(h.ports, request(h, sticky));
    expect(answer).toEqual({ refused: expect.stringContaining("the head moved since the plan was shown") });
    expect(answer).toEqual({ refused: expect.stringContaining("/slipway plan") });
    expect((await h.store.readState("staging")).lock).toBeNull();
    expect(await h.store.list("staging")).toEqual([]);
    expect(writes(h)).toBe(0);
  });

  it("refuses a stale plan hash, given or shown, and one that went stale while queued", async () => {
    const sticky = await reviewComment(h, HEAD);
    const wrong = `sha256:${"0".repeat(64)}`;
    expect(await applyCommand(h.ports, request(h, sticky, { plan: wrong }))).toEqual({
      refused: expect.stringContaining(`the plan given with \`--plan\` is \`${wrong}\``),
    });
    // The default branch moves after the comment was written: the plan shown no longer holds.
    const shown = sticky;
    h.trees.set("main", await templateFiles());
    expect(await applyCommand(h.ports, request(h, shown))).toEqual({
      refused: expect.stringContaining("the plan shown for `staging`"),
    });
    h.trees.set("main", await baseFiles());
    expect(await applyCommand(h.ports, request(h, shown))).toMatchObject({ queued: { position: 1 } });
    h.trees.set("main", await templateFiles());
    await drainEnvironment(h.ports, "staging", h.options);
    expect(h.reports.at(-1)?.text).toContain("nothing was applied");
    expect(writes(h)).toBe(0);
    expect(h.github.deployments).toEqual([]);
  });

  it("refuses production, environments without preMergeApply, and fork pull requests", async () => {
    const sticky = await reviewComment(h, HEAD);
    expect(await applyCommand(h.ports, request(h, sticky, { environment: "production" }))).toEqual({
      refused: expect.stringContaining("`production` is a production environment"),
    });
    expect(await applyCommand(h.ports, request(h, sticky, { fork: true }))).toEqual({
      refused: expect.stringContaining("forks"),
    });
    const files = await baseFiles();
    const config = files[".slipway.yml"] ?? "";
    h.trees.set("main", { ...files, ".slipway.yml": config.replace("    preMergeApply: true\n", "") });
    expect(await applyCommand(h.ports, request(h, sticky))).toEqual({
      refused: expect.stringContaining("`preMergeApply: true`"),
    });
    expect(await h.store.list("staging")).toEqual([]);
    expect(writes(h) + h.clusters.production.fake.requests.filter((r) => r.method !== "GET").length).toBe(0);
  });
});
