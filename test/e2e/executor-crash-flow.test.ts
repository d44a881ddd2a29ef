import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeInventory } from "../../src/cluster/inventory/inventory-codec.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { ENVIRONMENT_LABEL } from "../../src/render/labels.ts";
import { until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { exampleEnvironment } from "../render/render-fixtures.ts";
import { type DeployE2E, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

const NAMESPACE = exampleEnvironment("staging").namespaces[0] ?? "default";
const STORE = { apiVersion: "v1", kind: "ConfigMap", namespace: NAMESPACE, name: "slipway-state-staging" };
const INVENTORY = { ...STORE, name: "slipway-inventory-staging" };

interface StoredIntent {
  status: string;
  claimedBy: string | null;
  claimedAt: string | null;
  intent: { kind: string; commit?: string };
}

const intentsIn = (configMap: KubeObject | undefined): StoredIntent[] =>
  (
    JSON.parse((configMap?.data as Record<string, string> | undefined)?.["store.json"] ?? "{}") as {
      intents?: StoredIntent[];
    }
  ).intents ?? [];

const keyOf = (o: { kind: string; namespace?: string | null; name: string }) =>
  `${o.kind} ${o.namespace ?? ""}/${o.name}`;

// Issue 9 end to end: the executor (the whole `slipway serve` process) is killed while staging waits for
// the new model to load; a new process against the same fakes takes the stale claim over and completes
// the deploy once, and the dead attempt's GitHub Deployment does not stay in_progress.
describe("end to end: an executor killed mid-deploy", () => {
  let e: DeployE2E;
  beforeAll(async () => {
    e = await startDeployE2E({ SLIPWAY_RECONCILE_INTERVAL_SECONDS: "0" }, { heldControllers: ["staging"] });
  });
  afterAll(async () => {
    expect(await e.close()).toBe(0);
  });

  it("is taken over by a restarted server, which completes the deploy once and marks the dead attempt's Deployment error", async () => {
    const { github, clusters } = e;
    const staging = clusters.staging;
    const head = await templateFiles();
    const pull = github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      user: "alice",
      files: { "models/fraud-detection.yaml": head["models/fraud-detection.yaml"] ?? "" },
    });
    await github.deliver(
      e.server.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, 1, "opened"),
    );
    await until(
      () =>
        github
          .checkRuns(OWNER, REPO, pull.headSha)
          .some((r) => r.name === "slipway/gates" && r.conclusion === "success"),
      "the gates",
    );
    await untilIdle(e.server);
    const before = github.pull(OWNER, REPO, 1).baseSha;
    const merge = github.mergePullRequest(OWNER, REPO, 1);
    await github.deliver(
      e.server.webhookUrl,
      "push",
      github.pushEvent(OWNER, REPO, { ref: "main", before, after: merge }),
    );
    const deployments = () => github.deployments(OWNER, REPO, "staging");
    // Staging's controllers are held: the InferenceService is applied and never Ready, so the
    // executor sits in its health wait with the Deployment in_progress.
    await until(
      () =>
        staging.objects("InferenceService").length === 1 &&
        deployments()[0]?.statuses.at(-1)?.state === "in_progress",
      "the apply to staging",
      30_000,
    );
    const [claimed] = intentsIn(staging.object(STORE)).filter((i) => i.status === "running");
    expect(claimed).toMatchObject({ intent: { kind: "deploy", commit: merge } });
    const dead = claimed?.claimedBy ?? "";
    expect(decodeInventory(staging.object(INVENTORY) as KubeObject)).toMatchObject({
      inventory: { phase: "applying", commit: merge },
    });

    expect(await e.server.signal("SIGKILL")).toBeNull();

    // A replacement takes the claim over once it is older than SLIPWAY_TAKEOVER_AFTER_SECONDS (never
    // less than the health wait plus 5 s) and the dead server's Lease on staging has expired (15 s).
    const server = await e.restart({
      SLIPWAY_HEALTH_TIMEOUT_SECONDS: "8",
      SLIPWAY_TAKEOVER_AFTER_SECONDS: "13",
      SLIPWAY_RECOVERY_INTERVAL_SECONDS: "1",
    });
    e.startControllers("staging");

    // The claim ages past the takeover delay, then the new server drains what the dead one left.
    const reports = () => github.comments(OWNER, REPO, 1).map((c) => c.body);
    await until(
      () => reports().some((b) => b.includes("**production** waits for approval")),
      "the takeover of staging's deploy",
      90_000,
    );
    const intents = intentsIn(staging.object(STORE)).filter((i) => i.intent.commit === merge);
    expect(intents.map((i) => i.status)).toEqual(["done"]);
    expect(intents[0]?.claimedBy).not.toBe(dead);
    expect(deployments().map((d) => d.statuses.map((s) => s.state))).toEqual([
      ["in_progress", "error"],
      ["in_progress", "success"],
    ]);
    const abandoned = deployments()[0]?.statuses.at(-1);
    expect(abandoned?.description).toBe(
      `the executor stopped mid-deploy; taken over by ${intents[0]?.claimedBy}`,
    );
    expect(deployments().every((d) => d.sha === merge)).toBe(true);
    expect(reports().filter((b) => b.startsWith("✅ **staging**"))).toHaveLength(1);

    // The inventory lists exactly the objects rendered for staging, and says they were applied.
    const decoded = decodeInventory(staging.object(INVENTORY) as KubeObject);
    if (!("inventory" in decoded)) throw new Error(decoded.error);
    expect(decoded.inventory).toMatchObject({ phase: "applied", commit: merge, lastGoodCommit: merge });
    const rendered = staging
      .objects()
      .filter((o) => o.metadata.labels?.[ENVIRONMENT_LABEL] === "staging")
      .map((o) => keyOf({ kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }));
    expect(decoded.inventory.entries.map((x) => keyOf(x.ref)).sort()).toEqual(rendered.sort());
    expect(staging.objects("InferenceService")).toHaveLength(1);

    // The deploy goes on to production under the new server, and reaches the end of its route.
    const approval = github.addComment(OWNER, REPO, 1, { user: "carol", body: "/slipway approve" });
    await github.deliver(
      server.webhookUrl,
      "issue_comment",
      github.issueCommentEvent(OWNER, REPO, approval.id),
    );
    await until(
      () => reports().some((b) => b.includes("has reached every environment")),
      "the completion report",
      60_000,
    );
    expect(github.deployments(OWNER, REPO, "production").map((d) => d.statuses.map((s) => s.state))).toEqual([
      ["in_progress", "success"],
    ]);
    expect(server.output()).not.toContain(github.privateKeyPem.split("\n")[1] ?? "-");
  }, 240_000);
});
