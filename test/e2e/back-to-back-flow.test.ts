import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployE2E, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

// Issue 9 end to end through the real server: two pull requests merged back to back, their pushes
// delivered at once — one executor takes both deploys of staging, in merge order, each exactly once.
describe("end to end: two merges back to back", () => {
  let e2e: DeployE2E;

  beforeAll(async () => {
    e2e = await startDeployE2E();
  });
  afterAll(async () => {
    expect(await e2e.close()).toBe(0);
  });

  it("deploys both merge commits to staging in order, one after the other, each once", async () => {
    const { github, server, clusters } = e2e;
    const template = await templateFiles();
    const model = (template["models/fraud-detection.yaml"] ?? "").replace("max: 10", "max: 12");
    const monitor = (template["monitors/fraud-detection-drift.yaml"] ?? "").replace(
      'schedule: "0 6 * * 1"',
      'schedule: "30 5 * * *"',
    );
    expect(monitor).toContain("30 5 * * *");
    const pulls = [
      github.openPullRequest({
        owner: OWNER,
        repo: REPO,
        number: 1,
        user: "alice",
        files: { "models/fraud-detection.yaml": model },
      }),
      github.openPullRequest({
        owner: OWNER,
        repo: REPO,
        number: 2,
        user: "bob",
        files: { "monitors/fraud-detection-drift.yaml": monitor },
      }),
    ];
    for (const pull of pulls) {
      await github.deliver(
        server.webhookUrl,
        "pull_request",
        github.pullRequestEvent(OWNER, REPO, pull.number, "opened"),
      );
      await until(
        () =>
          github
            .checkRuns(OWNER, REPO, pull.headSha)
            .some((r) => r.name === "slipway/gates" && r.conclusion === "success"),
        `the gates of #${pull.number}`,
      );
    }
    await untilIdle(server);

    const start = github.pull(OWNER, REPO, 1).baseSha;
    const first = github.mergePullRequest(OWNER, REPO, 1);
    const second = github.mergePullRequest(OWNER, REPO, 2);
    // The second push arrives while the first deploy is still running (a delivery is acknowledged at once).
    for (const [before, after] of [
      [start, first],
      [first, second],
    ] as const)
      await github.deliver(
        server.webhookUrl,
        "push",
        github.pushEvent(OWNER, REPO, { ref: "main", before, after }),
      );
    const staging = () => github.deployments(OWNER, REPO, "staging");
    await until(
      () => staging().filter((d) => d.statuses.some((s) => s.state === "success")).length === 2,
      "both staging deploys",
      150_000,
    ).catch((e) => {
      console.log(
        JSON.stringify(
          github.comments(OWNER, REPO, 1).map((c) => c.body.slice(0, 300)),
          null,
          1,
        ),
      );
      console.log(
        JSON.stringify(
          github.comments(OWNER, REPO, 2).map((c) => c.body.slice(0, 300)),
          null,
          1,
        ),
      );
      console.log(
        JSON.stringify(staging().map((d) => [d.sha, d.statuses.map((s) => s.state + s.description)])),
      );
      console.log(server.output().slice(-4000));
      throw e;
    });
    await untilIdle(server);

    const deployments = staging();
    expect(deployments.map((d) => d.sha)).toEqual([first, second]);
    const [older, newer] = deployments;
    // One writer: the second deploy started only after the first had finished.
    const olderDone = older?.statuses.find((s) => s.state === "success");
    expect(olderDone?.id).toBeLessThan(newer?.id ?? 0);
    for (const d of deployments)
      expect(d.statuses.filter((s) => s.viaApp).map((s) => s.state)).toEqual(["in_progress", "success"]);
    // GitHub made the older one inactive when the newer succeeded.
    expect(older?.statuses.at(-1)?.state).toBe("inactive");

    // Staging runs both changes; its state records the second merge as applied.
    const cluster = clusters.staging;
    expect(JSON.stringify(cluster.objects("InferenceService")[0])).toContain('"maxReplicas":12');
    const monitorJob = cluster.objects("CronJob").find((o) => o.metadata.name.startsWith("slipway-monitor-"));
    expect(JSON.stringify(monitorJob?.spec)).toContain("30 5 * * *");
    const state = cluster.objects("ConfigMap").find((o) => o.metadata.name === "slipway-state-staging");
    expect(JSON.stringify(state)).toContain(second);
    // Production waits for its approval; nothing was applied there.
    expect(github.deployments(OWNER, REPO, "production")).toEqual([]);
    expect(clusters.production.objects("InferenceService")).toHaveLength(0);
  }, 240_000);
});
