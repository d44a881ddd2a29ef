import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { checkRegistryDrift, type RegistryDriftPorts } from "../../src/workflows/loop/registry-drift.ts";
import { registryDriftKey } from "../../src/workflows/loop/registry-drift-issue.ts";
import { COMMIT_B, PR } from "../deploy/deploy-harness.ts";
import { type ReconcileHarness, startReconcileHarness } from "../reconcile/reconcile-harness.ts";

const ENVIRONMENTS = ["staging", "production"];
const KEY = registryDriftKey("production");

// Issue #19, item 3, at the workflow level: the promotion aliases production owns at the commit it runs,
// against the fake MLflow after an alias moved by hand — one issue updated in place, the gauges, closed
// once the registry matches git again; self-heal moves the alias back, and says so when MLflow refuses.
describe("registry drift", () => {
  let h: ReconcileHarness;
  let ports: RegistryDriftPorts;
  beforeEach(async () => {
    h = await startReconcileHarness();
    ports = { deploy: h.ports, issues: h.issues, metrics: h.metrics };
  });
  afterEach(() => h.close());

  /** Commit B (version 7) deployed to staging, approved, deployed to production: champion → 7. */
  async function deployProduction() {
    const target = { commit: COMMIT_B, branch: "main", pr: PR };
    await advanceDeploy(h.ports, target);
    await drainEnvironment(h.ports, "staging", h.options);
    await h.store.addApproval({
      environment: "production",
      commit: COMMIT_B,
      login: "carol",
      at: new Date().toISOString(),
    });
    await advanceDeploy(h.ports, target);
    await drainEnvironment(h.ports, "production", h.options);
    expect(await champion()).toBe("7");
  }
  const champion = async () =>
    (await h.mlflow.tracker.getRegisteredModel("fraud-detection")).aliases.find((a) => a.alias === "champion")
      ?.version;
  const gauge = async (name: string) => (await h.samples(name)).map((s) => [s.labels, s.value]);
  const check = (models: ReadonlySet<string> | null = null) =>
    checkRegistryDrift(ports, ENVIRONMENTS, models);

  it("reports an alias moved by hand in one issue and the gauges, and closes it once the registry matches git", async () => {
    await deployProduction();
    expect(await check()).toEqual([{ environment: "production", outcome: "in-sync", drifted: 0 }]);
    expect(h.issues.issues).toEqual([]);

    await h.mlflow.tracker.setAlias("fraud-detection", "champion", "6");
    expect(await check()).toEqual([{ environment: "production", outcome: "drifted", drifted: 1 }]);
    const issue = h.issues.byKey(KEY);
    expect(issue).toMatchObject({ title: "Registry drift in production", state: "open" });
    expect(issue?.labels).toEqual(["slipway", "registry-drift"]);
    expect(issue?.body).toContain(
      "| `fraud-detection` | `fraud-detection` | `champion` | version 6 | version 7 |",
    );
    expect(issue?.body).toContain("Self-heal is off for `production`");
    expect(await gauge("slipway_registry_drift")).toEqual([
      [{ environment: "production", model: "fraud-detection", alias: "champion" }, 1],
    ]);
    expect(await gauge("slipway_objects_out_of_sync")).toEqual([[{ environment: "production" }, 1]]);
    // Nothing is moved without self-heal.
    expect(await champion()).toBe("6");

    // Deleted by hand next: the same issue, updated in place.
    await h.mlflow.tracker.deleteAlias("fraud-detection", "champion");
    await check();
    expect(h.issues.issues).toHaveLength(1);
    expect(h.issues.byKey(KEY)?.body).toContain("| `champion` | deleted | version 7 |");

    // Someone puts it back: closed with a note, the gauges at 0.
    await h.mlflow.tracker.setAlias("fraud-detection", "champion", "7");
    expect(await check()).toEqual([{ environment: "production", outcome: "in-sync", drifted: 0 }]);
    expect(h.issues.byKey(KEY)).toMatchObject({
      state: "closed",
      comments: [`The MLflow registry matches git for \`production\` again at \`${COMMIT_B.slice(0, 7)}\`.`],
    });
    expect(await gauge("slipway_registry_drift")).toEqual([
      [{ environment: "production", model: "fraud-detection", alias: "champion" }, 0],
    ]);
    expect(await gauge("slipway_objects_out_of_sync")).toEqual([[{ environment: "production" }, 0]]);
  });

  it("adds registry drift to the cluster's count of objects out of sync, each side replacing only its own", async () => {
    await deployProduction();
    h.metrics.setObjectsOutOfSync("production", 2);
    await h.mlflow.tracker.setAlias("fraud-detection", "champion", "6");
    await check();
    expect(await gauge("slipway_objects_out_of_sync")).toEqual([[{ environment: "production" }, 3]]);
    h.metrics.setObjectsOutOfSync("production", 0);
    expect(await gauge("slipway_objects_out_of_sync")).toEqual([[{ environment: "production" }, 1]]);
  });

  it("leaves an environment alone while a deploy is queued there (it moves the alias itself), and other models' events", async () => {
    await deployProduction();
    await h.mlflow.tracker.setAlias("fraud-detection", "champion", "6");
    expect(await check(new Set(["churn-classifier"]))).toEqual([]);
    await h.store.enqueue("production", { kind: "deploy", commit: COMMIT_B, pr: PR }, "push");
    const [outcome] = await check();
    expect(outcome).toMatchObject({ environment: "production", outcome: "skipped" });
    expect(h.issues.calls).toEqual([]);
  });

  it("with selfHeal, moves the alias back and closes the issue; a refusal by MLflow keeps it open and says so", async () => {
    const tree = h.trees.get(COMMIT_B) ?? {};
    h.trees.set(COMMIT_B, {
      ...tree,
      ".slipway.yml": (tree[".slipway.yml"] ?? "").replace(
        "    production: true\n",
        "    production: true\n    selfHeal: true\n",
      ),
    });
    await deployProduction();

    await h.mlflow.tracker.setAlias("fraud-detection", "champion", "6");
    h.mlflow.fake.failNext(
      "POST registered-models/alias",
      { status: 403, body: { error_code: "PERMISSION_DENIED", message: "no" } },
      10,
    );
    expect(await check()).toEqual([{ environment: "production", outcome: "failed", drifted: 1 }]);
    expect(h.issues.byKey(KEY)?.state).toBe("open");
    expect(h.issues.byKey(KEY)?.body).toMatch(
      /Self-heal did not complete: .+\. The next registry event or pass tries again\.$/,
    );
    expect(await champion()).toBe("6");

    h.mlflow.fake.clearFaults();
    expect(await check()).toEqual([{ environment: "production", outcome: "healed", drifted: 1 }]);
    expect(await champion()).toBe("7");
    expect(h.issues.byKey(KEY)).toMatchObject({
      state: "closed",
      comments: [
        "Healed: Slipway moved `champion` of `fraud-detection` back to version 7 (`selfHeal: true`); the registry matches git again.",
      ],
    });
    expect(await gauge("slipway_registry_drift")).toEqual([
      [{ environment: "production", model: "fraud-detection", alias: "champion" }, 0],
    ]);
  });
});
