import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedLines } from "../deploy/promote-harness.ts";
import { baseFiles, CANDIDATE_RUN, PRODUCTION_RUN } from "../evidence/scenario.ts";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { type DeployE2E, mergePull, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

const MODEL_FILE = "models/fraud-detection.yaml";

// Issue 9 item 3 end to end through the real server: promote commits to a pull request's branch for an
// owner only, rollback opens a pull request, and read-only users and fork pull requests are refused.
describe("end to end: promote and rollback", () => {
  let e: DeployE2E;
  let model6 = "";

  beforeAll(async () => {
    e = await startDeployE2E();
    const { github } = e;
    // The model runs in staging only; jdoe owns it (template owners: @acme/fraud-ml, @jdoe).
    model6 = ((await baseFiles())[MODEL_FILE] ?? "")
      .replace("environments: [staging, production]", "environments: [staging]")
      .replace("max: 10", "max: 12");
    github.commit(OWNER, REPO, "main", { [MODEL_FILE]: model6.replace("max: 12", "max: 10") });
    github.setPermission(OWNER, REPO, "jdoe", "write");
    github.setPermission(OWNER, REPO, "rachel", "read");
    // Version 6, then version 7, each merged with its gates passed and deployed to staging.
    for (const [number, text] of [
      [1, model6],
      [2, model6.replace("version: 6", "version: 7").replace(PRODUCTION_RUN, CANDIDATE_RUN)],
    ] as const)
      await mergeAndDeploy(e, number, text);
  }, 240_000);
  afterAll(async () => {
    expect(await e.close()).toBe(0);
  });

  const replies = (number: number, login: string) =>
    e.github
      .comments(OWNER, REPO, number)
      .filter((c) => c.body.startsWith(`@${login} `))
      .map((c) => c.body);
  const say = async (number: number, user: string, body: string) => {
    const c = e.github.addComment(OWNER, REPO, number, { user, body });
    await e.github.deliver(
      e.server.webhookUrl,
      "issue_comment",
      e.github.issueCommentEvent(OWNER, REPO, c.id),
    );
    await until(() => replies(number, user).length > 0, `the reply to ${user}`);
    await untilIdle(e.server);
    return replies(number, user).at(-1) ?? "";
  };

  it("refuses a read-only user and a non-owner, then commits an owner's promote to the pull request's branch", async () => {
    const seven = e.github.readFile(OWNER, REPO, "main", MODEL_FILE) ?? "";
    const pull = e.github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      user: "alice",
      files: { [MODEL_FILE]: seven.replace("percent: 10", "percent: 20") },
    });
    const head = pull.headSha;
    const number = pull.number;
    expect(await say(number, "rachel", "/slipway promote fraud-detection")).toContain(
      "`/slipway promote` needs write access to this repository; you have read.",
    );
    expect(await say(number, "dave", "/slipway promote fraud-detection")).toContain(
      "only an owner of `fraud-detection` (@acme/fraud-ml, @jdoe)",
    );
    expect(e.github.pull(OWNER, REPO, number).headSha).toBe(head);

    const answer = await say(number, "jdoe", "/slipway promote fraud-detection");
    const after = e.github.pull(OWNER, REPO, number).headSha;
    expect(after).not.toBe(head);
    expect(answer).toContain(
      `committed ${after.slice(0, 7)} to \`change-${number}\`: Promote fraud-detection to production`,
    );
    const before = e.github.readFile(OWNER, REPO, head, MODEL_FILE) ?? "";
    expect(changedLines(before, e.github.readFile(OWNER, REPO, after, MODEL_FILE) ?? "")).toEqual([
      ["    environments: [staging]", "    environments: [staging, production]"],
    ]);
  }, 60_000);

  it("opens a rollback pull request to version 6 from a merged pull request", async () => {
    const answer = await say(2, "jdoe", "/slipway rollback fraud-detection");
    const number = Number(/opened #(\d+)/.exec(answer)?.[1]);
    expect(answer).toContain("Roll back fraud-detection to version 6");
    const rollback = e.github.pull(OWNER, REPO, number);
    expect(rollback).toMatchObject({
      title: "Roll back fraud-detection to version 6",
      baseRef: "main",
      state: "open",
    });
    expect(rollback.body).toContain("version **6** (from 7)");
    expect(rollback.body).toContain("@jdoe asked with `/slipway rollback` on #2");
    const main = e.github.readFile(OWNER, REPO, "main", MODEL_FILE) ?? "";
    expect(changedLines(main, e.github.readFile(OWNER, REPO, rollback.headSha, MODEL_FILE) ?? "")).toEqual([
      ["    version: 7", "    version: 6"],
      [`    runId: ${CANDIDATE_RUN}`, `    runId: ${PRODUCTION_RUN}`],
    ]);
  }, 60_000);

  it("refuses to write to a fork pull request's branch", async () => {
    const seven = e.github.readFile(OWNER, REPO, "main", MODEL_FILE) ?? "";
    const { number } = e.github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      user: "eve",
      fork: true,
      files: { [MODEL_FILE]: seven.replace("percent: 10", "percent: 30") },
    });
    const head = e.github.pull(OWNER, REPO, number).headSha;
    expect(await say(number, "jdoe", "/slipway promote fraud-detection")).toContain(
      "in a fork, where Slipway cannot write",
    );
    expect(e.github.pull(OWNER, REPO, number).headSha).toBe(head);
  }, 60_000);
});

/** Opens pull request `number` with the model file, waits for its gates, merges it and deploys staging. */
async function mergeAndDeploy(e: DeployE2E, number: number, model: string): Promise<void> {
  const { github } = e;
  await mergePull(e, number, { [MODEL_FILE]: model });
  await until(
    () =>
      github.comments(OWNER, REPO, number).some((c) => c.body.includes("**production** waits for approval")),
    `#${number} in staging`,
    60_000,
  );
  await untilIdle(e.server);
}
