import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutResource } from "../helpers/overlay-rbac.ts";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployE2E, mergePull, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

// Issue 16, item 6 end to end: the overlays' RBAC with the executor Lease's rules taken away. The real
// server, as Slipway's ServiceAccount, cannot lock staging: it says so on the pull request with the API
// server's 403, logs it at error level and counts it — instead of queueing in silence.
describe("end to end: a cluster whose RBAC grants no leases", () => {
  let e2e: DeployE2E;

  beforeAll(async () => {
    e2e = await startDeployE2E({}, { rbac: withoutResource("leases") });
  });
  afterAll(async () => {
    expect(await e2e.close()).toBe(0);
  });

  it("refuses loudly: a comment naming the Lease and the 403, an error log line, a metric; nothing applied", async () => {
    const { github, server, clusters } = e2e;
    const template = await templateFiles();
    const merge = await mergePull(e2e, 1, {
      "models/fraud-detection.yaml": template["models/fraud-detection.yaml"] ?? "",
    });
    const comments = () => github.comments(OWNER, REPO, 1).map((c) => c.body);
    await until(
      () => comments().some((b) => b.includes("cannot be locked")),
      "the refusal on the pull request",
    );
    await untilIdle(server);

    const said = comments().find((b) => b.includes("cannot be locked")) ?? "";
    expect(said).toContain("🔒 **staging** cannot be locked, so nothing is deployed there:");
    expect(said).toContain(
      'leases.coordination.k8s.io "slipway-env-staging" is forbidden: User "system:serviceaccount:slipway:slipway" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "ml-serving"',
    );
    expect(said).toContain(`The deploy of \`${merge.slice(0, 7)}\` stays queued`);
    expect(clusters.staging.objects("InferenceService")).toEqual([]);
    expect(clusters.staging.objects("Lease")).toEqual([]);
    expect(github.deployments(OWNER, REPO, "staging")).toEqual([]);

    const refused = server
      .output()
      .split("\n")
      .filter((line) => line.includes('"msg":"lease refused"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({
      level: 50,
      lease: "slipway-env-staging",
      namespace: "ml-serving",
      environment: "staging",
    });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^slipway_lease_refusals_total\{lease="slipway-env-staging"\} [1-9]/m);
  });
});
