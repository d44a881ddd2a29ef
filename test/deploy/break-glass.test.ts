import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { breakGlass, retryBreakGlass } from "../../src/workflows/deploy/break-glass.ts";
import { deployAndDrain } from "../../src/workflows/deploy/deploy-commands.ts";
import { releaseLocks } from "../../src/workflows/deploy/lock-commands.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { rollbackCommand } from "../../src/workflows/promote/rollback-command.ts";
import { COMMIT_A, COMMIT_B, PR } from "./deploy-harness.ts";
import { MODEL, openPull, type PromoteHarness, startPromoteHarness } from "./promote-harness.ts";

const MERGE = "d9".repeat(20);

async function champion(h: PromoteHarness) {
  return (await h.mlflow.tracker.getRegisteredModel(MODEL)).aliases.find((a) => a.alias === "champion")
    ?.version;
}

const served = (h: PromoteHarness) => JSON.stringify(h.clusters.production.fake.objects("InferenceService"));

/** Version 6 (commit A), then version 7 (commit B), deployed through both environments with gates passed. */
async function deployBoth(h: PromoteHarness) {
  for (const commit of [COMMIT_A, COMMIT_B]) {
    await h.store.addApproval({ environment: "production", commit, login: "carol", at: h.ports.now() });
    await deployAndDrain(h.ports, { commit, branch: "main", pr: PR }, h.options);
  }
  expect((await h.store.readState("production")).appliedCommit).toBe(COMMIT_B);
  h.branches.heads.set("main", COMMIT_B);
}

/** `/slipway rollback fraud-detection --break-glass` by carol (owner and production approver). */
async function rollBack(h: PromoteHarness) {
  const answer = await rollbackCommand(h.promote, openPull({ state: "merged" }), {
    model: MODEL,
    login: "carol",
    breakGlass: true,
  });
  if (!("opened" in answer)) throw new Error(answer.refused);
  const request = {
    model: MODEL,
    pr: answer.opened.number,
    sha: answer.opened.headSha,
    login: "carol",
    environments: answer.plan.environments,
  };
  return { answer, request, queued: await breakGlass(h.ports, request) };
}

// Issue 9 item 3: break-glass applies the rollback at once, production included, through the executor,
// moves the alias after health and locks each environment to the rollback pull request.
describe("break-glass rollback", () => {
  let h: PromoteHarness;
  let v6 = "";
  let v7 = "";
  beforeEach(async () => {
    h = await startPromoteHarness();
    await deployBoth(h);
    v6 = await h.mlflow.tracker.getDownloadUri(MODEL, "6");
    v7 = await h.mlflow.tracker.getDownloadUri(MODEL, "7");
  });
  afterEach(() => h.close());

  it("applies version 6 at once, locks both environments, and the merge of its pull request deploys and frees them", async () => {
    expect(served(h)).toContain(v7);
    expect(await champion(h)).toBe("7");
    const { request, queued } = await rollBack(h);
    expect(queued).toEqual({
      queued: [
        { environment: "staging", position: 1 },
        { environment: "production", position: 1 },
      ],
      replaced: [],
    });
    for (const environment of request.environments) await drainEnvironment(h.ports, environment, h.options);

    expect(served(h)).toContain(v6);
    expect(await champion(h)).toBe("6");
    for (const environment of ["staging", "production"]) {
      const state = await h.store.readState(environment);
      expect(state).toMatchObject({
        appliedCommit: COMMIT_B,
        phase: "idle",
        pending: null,
        lock: { pr: request.pr, sha: request.sha, by: "carol", kind: "break-glass" },
      });
      // No approval, no gates, and no deploy record: the default branch's commit is still the applied one.
      expect((await h.store.deploys(environment, 1))[0]?.commit).toBe(COMMIT_B);
    }
    const deployment = h.github.deployments.at(-1);
    expect(deployment?.input).toMatchObject({
      sha: request.sha,
      environment: "production",
      productionEnvironment: true,
    });
    expect(deployment?.input.description).toContain("Break-glass");
    expect(deployment?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(h.reports.map((r) => r.text)).toContainEqual(
      expect.stringContaining(`**production**: \`production\` runs #${request.pr}'s break-glass rollback`),
    );

    // The rollback pull request merges: its merge commit deploys while it still holds the locks, then they go.
    h.trees.set(MERGE, h.trees.get(request.sha) ?? {});
    h.github.history.push(MERGE);
    h.github.merges.set(MERGE, request.pr);
    h.github.conclusions.set(request.sha, "success");
    h.ports.pull = async (n) => ({
      number: n,
      headSha: n === PR ? "head-of-41" : request.sha,
      author: "slipway",
    });
    // Staging deploys the merge at once and is git's again; production waits for its approval and keeps
    // the lock meanwhile: the pull request's close does not free it, so nothing re-applies version 7.
    await deployAndDrain(h.ports, { commit: MERGE, branch: "main", pr: request.pr }, h.options);
    expect(await h.store.readState("staging")).toMatchObject({ appliedCommit: MERGE, lock: null });
    expect(await releaseLocks(h.ports, request.pr, undefined, { keepBreakGlass: true })).toEqual([]);
    expect(await h.store.readState("production")).toMatchObject({
      appliedCommit: COMMIT_B,
      lock: { pr: request.pr, kind: "break-glass" },
    });
    expect(served(h)).toContain(v6);
    await h.store.addApproval({
      environment: "production",
      commit: MERGE,
      login: "carol",
      at: h.ports.now(),
    });
    await deployAndDrain(h.ports, { commit: MERGE, branch: "main", pr: request.pr }, h.options);
    for (const environment of ["staging", "production"])
      expect(await h.store.readState(environment)).toMatchObject({ appliedCommit: MERGE, lock: null });
    expect(h.reports.map((r) => r.text)).toContainEqual(
      "🔓 released `production`: the rollback's merge is deployed there.",
    );
    expect(await h.store.deploys("production", 1)).toMatchObject([
      { commit: MERGE, outcome: "success", gatesPassed: true, models: { [MODEL]: "6" } },
    ]);
    expect(await champion(h)).toBe("6");
  });

  it("holds other deploys behind its lock, and takes over a pre-merge apply's lock", async () => {
    await h.store.updateState("staging", (s) => ({
      ...s,
      lock: { pr: 55, sha: "5".repeat(40), by: "bob", since: h.ports.now() },
    }));
    const { request, queued } = await rollBack(h);
    expect(queued.replaced).toEqual([{ environment: "staging", pr: 55 }]);
    // A commit merged meanwhile waits: the environment belongs to the rollback until it merges or closes.
    const later = "e7".repeat(20);
    h.trees.set(later, h.trees.get(COMMIT_B) ?? {});
    h.github.history.push(later);
    await h.store.enqueue("production", { kind: "deploy", commit: later, pr: null }, "push");
    await drainEnvironment(h.ports, "production", h.options);
    expect(await champion(h)).toBe("6");
    expect(await h.store.list("production", ["queued"])).toMatchObject([{ intent: { commit: later } }]);
    expect(h.reports.at(-1)?.text).toContain(`locked to #${request.pr}`);
  });

  it("leaves a partial state when MLflow is down for the registry move, and /slipway retry completes it", async () => {
    const { request } = await rollBack(h);
    await drainEnvironment(h.ports, "staging", h.options);
    h.mlflow.fake.failNext("POST registered-models/alias", 503, 100);
    await drainEnvironment(h.ports, "production", h.options);
    const state = await h.store.readState("production");
    expect(state).toMatchObject({
      phase: "failed",
      appliedCommit: COMMIT_B,
      pending: { commit: request.sha, steps: ["registry", "deployment"] },
    });
    expect(state.pending?.reason).toContain(
      "applied to the cluster, but the MLflow registry was not updated",
    );
    expect(served(h)).toContain(v6);
    expect(await champion(h)).toBe("7");
    expect(h.github.statuses("production").at(-1)).toEqual(["in_progress", "failure"]);
    expect(h.reports.map((r) => r.text)).toContainEqual(
      expect.stringContaining("`/slipway retry` completes it"),
    );

    h.mlflow.fake.clearFaults();
    const patches = h.clusters.production.fake.counts().patch;
    expect(await retryBreakGlass(h.ports, request.pr, "carol")).toEqual({ queued: ["production"] });
    await drainEnvironment(h.ports, "production", h.options);
    expect(h.clusters.production.fake.counts().patch).toBe(patches);
    expect(await champion(h)).toBe("6");
    expect(h.github.statuses("production").at(-1)).toEqual(["in_progress", "failure", "success"]);
    expect(await h.store.readState("production")).toMatchObject({ phase: "idle", pending: null });
    expect(await retryBreakGlass(h.ports, request.pr, "carol")).toEqual({
      refused: "nothing is pending for this pull request's break-glass rollback.",
    });
  });
});
