import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseFiles, CANDIDATE_RUN, PRODUCTION_RUN } from "../evidence/scenario.ts";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { exampleEnvironment } from "../render/render-fixtures.ts";
import { type DeployE2E, mergePull, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

const MODEL = "fraud-detection";
const MODEL_FILE = "models/fraud-detection.yaml";
const MONITOR_FILE = "monitors/fraud-detection-drift.yaml";

// Issue 9 item 3 end to end through the real server: `/slipway rollback --break-glass` by a production
// approver who owns the model applies the last good version at once, moves the alias and locks the
// environments to the rollback pull request; a push waits behind the lock; the merge deploys and frees it.
describe("end to end: break-glass rollback", () => {
  let e: DeployE2E;
  let v6 = "";
  let v7 = "";
  let merge2 = "";

  beforeAll(async () => {
    e = await startDeployE2E({ SLIPWAY_RECONCILE_INTERVAL_SECONDS: "0" });
    const { github } = e;
    // The fake GitHub has no teams: carol (the production approver) owns the model by name, beside jdoe.
    const base = (await baseFiles())[MODEL_FILE] ?? "";
    const owned = base.replace('owners: ["@acme/fraud-ml", "@jdoe"]', 'owners: ["@carol", "@jdoe"]');
    expect(owned).not.toBe(base);
    github.commit(OWNER, REPO, "main", { [MODEL_FILE]: owned });
    github.setPermission(OWNER, REPO, "jdoe", "write");
    // Version 6 (a replica change), then version 7, each merged with its gates passed and deployed to
    // staging and, after carol's approval, production: both are healthy deploy records of production.
    const six = owned.replace("max: 10", "max: 12");
    await mergeAndDeployEverywhere(e, 1, MODEL_FILE, six);
    merge2 = await mergeAndDeployEverywhere(
      e,
      2,
      MODEL_FILE,
      six.replace("version: 6", "version: 7").replace(PRODUCTION_RUN, CANDIDATE_RUN),
    );
    v6 = await e.mlflow.tracker.getDownloadUri(MODEL, "6");
    v7 = await e.mlflow.tracker.getDownloadUri(MODEL, "7");
  }, 300_000);
  afterAll(async () => {
    expect(await e.close()).toBe(0);
  });

  const served = (environment: "staging" | "production") =>
    JSON.stringify(e.clusters[environment].objects("InferenceService"));
  const modelVersion = (environment: "staging" | "production") =>
    e.clusters[environment].objects("InferenceService")[0]?.metadata.annotations?.[
      "slipway.dev/model-version"
    ];
  const champion = async () =>
    (await e.mlflow.tracker.getRegisteredModel(MODEL)).aliases.find((a) => a.alias === "champion")?.version;
  const state = (environment: "staging" | "production") => {
    const namespace = exampleEnvironment(environment).namespaces[0] ?? "default";
    const configMap = e.clusters[environment].object({
      apiVersion: "v1",
      kind: "ConfigMap",
      namespace,
      name: `slipway-state-${environment}`,
    });
    const payload = JSON.parse(
      (configMap?.data as Record<string, string> | undefined)?.["store.json"] ?? "{}",
    ) as {
      state: { appliedCommit: string | null; lock: { pr: number; kind?: string; by: string } | null };
    };
    return payload.state;
  };
  const comments = (number: number) => e.github.comments(OWNER, REPO, number).map((c) => c.body);
  const replies = (number: number, user: string) => comments(number).filter((b) => b.startsWith(`@${user} `));
  const say = async (number: number, user: string, body: string) => {
    const earlier = replies(number, user).length;
    const c = e.github.addComment(OWNER, REPO, number, { user, body });
    await e.github.deliver(
      e.server.webhookUrl,
      "issue_comment",
      e.github.issueCommentEvent(OWNER, REPO, c.id),
    );
    await until(() => replies(number, user).length > earlier, `the reply to ${user}`);
    await untilIdle(e.server);
    return replies(number, user).at(-1) ?? "";
  };

  it("serves version 7 in production with the alias at 7 before anyone breaks glass", async () => {
    // Version 7 rolled out as the template's 10% canary beside 6, the version production ran before.
    expect(modelVersion("production")).toBe("fraud-detection/7");
    expect(served("production")).toContain(v7);
    expect(await champion()).toBe("7");
    expect(state("production")).toMatchObject({ appliedCommit: merge2, lock: null });
  });

  it("refuses break-glass to an owner who is not a production approver, applying nothing", async () => {
    const patches = e.clusters.production.counts().patch;
    const answer = await say(2, "jdoe", `/slipway rollback ${MODEL} --break-glass`);
    expect(answer).toContain(
      "only a declared approver of `production` (@carol) can break glass; nothing was written.",
    );
    expect(() => e.github.pull(OWNER, REPO, 3)).toThrow();
    expect(e.clusters.production.counts().patch).toBe(patches);
    expect(state("production").lock).toBeNull();
    expect(await champion()).toBe("7");
  });

  it("applies version 6 at once for carol, moves the alias, locks production; a push waits; the merge deploys and frees it", async () => {
    const { github } = e;
    const answer = await say(2, "carol", `/slipway rollback ${MODEL} --break-glass`);
    expect(answer).toContain("opened #3 (Roll back fraud-detection to version 6)");
    expect(answer).toContain("Break-glass: applying its head now to `staging`, `production`");
    const rollback = github.pull(OWNER, REPO, 3);
    await until(
      () => modelVersion("production") === "fraud-detection/6",
      "production to run version 6",
      60_000,
    );
    await untilIdle(e.server);
    // All of production's traffic goes to version 6: no canary of 7 is left.
    expect(served("production")).toContain(v6);
    expect(served("production")).not.toContain(v7);
    expect(await champion()).toBe("6");
    for (const environment of ["staging", "production"] as const)
      expect(state(environment)).toMatchObject({
        // The default branch's commit stays the applied one: the merge deploys over it normally.
        appliedCommit: merge2,
        lock: { pr: 3, kind: "break-glass", by: "carol" },
      });
    const glass = github.deployments(OWNER, REPO, "production").at(-1);
    expect(glass?.sha).toBe(rollback.headSha);
    expect(glass?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(
      comments(3).filter((b) =>
        b.startsWith("✅ **production**: `production` runs #3's break-glass rollback"),
      ),
    ).toHaveLength(1);
    // Slipway's own pull request is reviewed like any other.
    await github.deliver(
      e.server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, 3, "opened"),
    );
    await until(
      () =>
        github
          .checkRuns(OWNER, REPO, rollback.headSha)
          .some((r) => r.name === "slipway/gates" && r.status === "completed"),
      "the review of #3",
    );
    await untilIdle(e.server);

    // Another pull request merges meanwhile: its push deploy waits behind the lock, nothing applied.
    const monitor = github.readFile(OWNER, REPO, "main", MONITOR_FILE) ?? "";
    const changed = monitor.replace("datasetShare: 0.5", "datasetShare: 0.6");
    expect(changed).not.toBe(monitor);
    const merge4 = await mergeOnly(e, 4, MONITOR_FILE, changed);
    await until(
      () => comments(4).some((b) => b.includes("is locked to #3 (a break-glass rollback by @carol)")),
      "#4 waiting behind the lock",
    );
    await untilIdle(e.server);
    expect(comments(4).join("\n")).toContain(`the deploy of \`${merge4.slice(0, 7)}\` waits until it merges`);
    expect(github.deployments(OWNER, REPO).filter((d) => d.sha === merge4)).toEqual([]);
    const fromMerge4 = (environment: "staging" | "production") =>
      e.clusters[environment]
        .objects()
        .filter((o) => o.metadata.annotations?.["slipway.dev/source-commit"] === merge4);
    expect([...fromMerge4("staging"), ...fromMerge4("production")]).toEqual([]);
    expect(modelVersion("staging")).toBe("fraud-detection/6");

    // Merging the rollback pull request deploys it (staging, then production after approval) and frees both.
    const merge3 = github.mergePullRequest(OWNER, REPO, 3);
    await github.deliver(
      e.server.webhookUrl,
      "push",
      github.pushEvent(OWNER, REPO, { ref: "main", before: merge4, after: merge3 }),
    );
    await until(
      () => comments(3).some((b) => b.includes("**production** waits for approval")),
      "the rollback's merge in staging",
      60_000,
    );
    // Staging runs the merge and is free; production keeps the break-glass lock through the close of the
    // pull request — until its merge is deployed there, nothing re-applies version 7.
    await until(
      () =>
        comments(3).some((b) => b.includes("🔓 released `staging`: the rollback's merge is deployed there.")),
      "staging's release",
    );
    await github.deliver(
      e.server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, 3, "closed"),
    );
    await untilIdle(e.server);
    expect(state("staging")).toMatchObject({ appliedCommit: merge3, lock: null });
    expect(state("production")).toMatchObject({ lock: { pr: 3, kind: "break-glass" } });
    expect(modelVersion("production")).toBe("fraud-detection/6");
    expect(comments(3).join("\n")).toContain("**production** waits for approval");
    await say(3, "carol", "/slipway approve");
    await until(
      () => comments(3).some((b) => b.includes("has reached every environment")),
      "the rollback's merge in production",
      60_000,
    );
    await until(
      () =>
        comments(3).some((b) =>
          b.includes("🔓 released `production`: the rollback's merge is deployed there."),
        ),
      "production's release",
    );
    for (const environment of ["staging", "production"] as const)
      expect(state(environment)).toMatchObject({ appliedCommit: merge3, lock: null });
    expect(modelVersion("production")).toBe("fraud-detection/6");
    expect(served("production")).not.toContain(v7);
    expect(await champion()).toBe("6");
    const last = github.deployments(OWNER, REPO, "production").at(-1);
    expect(last?.sha).toBe(merge3);
    expect(last?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    // #4's merge is part of the rollback's: it is never deployed on its own over it.
    expect(github.deployments(OWNER, REPO).filter((d) => d.sha === merge4)).toEqual([]);
  }, 240_000);
});

/** Opens pull request `number` changing one file, waits for its review, merges it and delivers the push. */
function mergeOnly(e: DeployE2E, number: number, path: string, text: string): Promise<string> {
  return mergePull(e, number, { [path]: text });
}

/** `mergeOnly`, then staging, carol's approval and production; returns the merge commit. */
async function mergeAndDeployEverywhere(
  e: DeployE2E,
  number: number,
  path: string,
  text: string,
): Promise<string> {
  const { github, server } = e;
  const merge = await mergeOnly(e, number, path, text);
  const said = () => github.comments(OWNER, REPO, number).map((c) => c.body);
  await until(
    () => said().some((b) => b.includes("**production** waits for approval")),
    `#${number} in staging`,
    60_000,
  );
  await untilIdle(server);
  const approval = github.addComment(OWNER, REPO, number, { user: "carol", body: "/slipway approve" });
  await github.deliver(
    server.webhookUrl,
    "issue_comment",
    github.issueCommentEvent(OWNER, REPO, approval.id),
  );
  await until(
    () => said().some((b) => b.includes("has reached every environment")),
    `#${number} in production`,
    60_000,
  );
  await untilIdle(server);
  return merge;
}
