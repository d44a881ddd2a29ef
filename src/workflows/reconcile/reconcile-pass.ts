import type { EnvironmentState } from "../../state/environment-state.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import { drainEnvironment, type ExecutorOptions } from "../deploy/run-executor.ts";
import type { TrackingIssuePort, TrackingIssueResult } from "../tracking-issue-port.ts";
import type { ConfigDrift } from "./compare-live.ts";
import { type Detected, detectDrift } from "./detect-drift.ts";
import { driftClosed, driftIssue } from "./drift-issue.ts";
import { heldReason } from "./held-reason.ts";

export type ReconcileOutcome = "in-sync" | "healed" | "drifted" | "failed" | "held";

/** The metrics a pass records (`slipway-metrics.ts` implements them). */
export interface ReconcileMetrics {
  recordReconcile(environment: string, outcome: string, seconds: number): void;
  setObjectsOutOfSync(environment: string, count: number): void;
}

export interface ReconcilePorts {
  deploy: DeployPorts;
  issues: TrackingIssuePort;
  metrics: ReconcileMetrics;
  /** Milliseconds from any fixed origin (a monotonic clock): how long the pass took. */
  elapsedMs: () => number;
}

export interface PassResult {
  environment: string;
  /** `skipped`: nothing deployed yet, or another replica is the environment's writer (no metric). */
  outcome: ReconcileOutcome | "skipped";
  note: string;
  drift: ConfigDrift | null;
  issue: TrackingIssueResult | null;
}

type Look = { held: string } | Detected | { problem: string };

/**
 * One reconcile pass over one environment (issue #10): leave it alone when held or busy; else compare
 * the commit it runs with the live cluster (as the environment's writer: in cluster mode, while holding
 * its executor Lease), report the drift as a metric and in the environment's one config-drift issue,
 * and with `selfHeal` queue a `reconcile` intent that the executor runs, then look again to confirm.
 */
export async function reconcileEnvironment(
  ports: ReconcilePorts,
  environment: string,
  options: ExecutorOptions,
): Promise<PassResult> {
  const started = ports.elapsedMs();
  const { store } = ports.deploy;
  const result = (outcome: PassResult["outcome"], note: string, rest: Partial<PassResult> = {}) => {
    if (outcome !== "skipped")
      ports.metrics.recordReconcile(environment, outcome, (ports.elapsedMs() - started) / 1000);
    return { environment, outcome, note, drift: null, issue: null, ...rest };
  };
  const state = await store.readState(environment);
  if (!state.appliedCommit) return result("skipped", `nothing is deployed to \`${environment}\` yet`);
  const held = await why(ports.deploy, state);
  if (held) return result("held", held);

  const first = await asWriter(ports.deploy, environment, options);
  if (first === null) return result("skipped", "another replica is the environment's writer");
  if ("held" in first.look) return result("held", first.look.held);
  if ("problem" in first.look) return result("failed", first.look.problem);
  const { drift, selfHeal } = first.look;
  ports.metrics.setObjectsOutOfSync(environment, drift.objects.length);
  if (drift.objects.length === 0) {
    const issue = await ports.issues.upsert(driftClosed(environment, drift.commit));
    return result("in-sync", `\`${environment}\` matches git`, { drift, issue });
  }
  if (!selfHeal) {
    const issue = await ports.issues.upsert(driftIssue(drift, "off"));
    return result("drifted", `${drift.objects.length} object(s) differ from git`, { drift, issue });
  }

  await ports.issues.upsert(driftIssue(drift, "healing"));
  const { intent } = await store.enqueue(
    environment,
    { kind: "reconcile", commit: drift.commit, revision: first.revision },
    "reconcile",
  );
  await drainEnvironment(ports.deploy, environment, options);
  const ran = (await store.list(environment)).find((q) => q.id === intent.id);
  if (ran?.status !== "done") {
    // Failed, or skipped because the environment changed (both say why); still queued or running: another
    // executor has it. The next pass looks again either way.
    const note = ran?.note ?? "the self-heal has not run yet";
    const ended = ran?.status === "failed" || ran?.status === "cancelled";
    const issue = await ports.issues.upsert(driftIssue(drift, ended ? { failed: note } : "healing"));
    return result(ran?.status === "failed" ? "failed" : "drifted", note, { drift, issue });
  }
  const after = await asWriter(ports.deploy, environment, options);
  if (after === null || !("drift" in after.look))
    return result("drifted", "re-applied; the next pass confirms it (the environment is busy now)", {
      drift,
    });
  if (after.look.drift.objects.length > 0) {
    const still = after.look.drift;
    ports.metrics.setObjectsOutOfSync(environment, still.objects.length);
    const issue = await ports.issues.upsert(
      driftIssue(still, { failed: "the environment still differs from git after the re-apply" }),
    );
    return result("failed", "still out of sync after the self-heal", { drift: still, issue });
  }
  ports.metrics.setObjectsOutOfSync(environment, 0);
  const issue = await ports.issues.upsert(driftIssue(drift, "healed"));
  return result("healed", `\`${environment}\` is back to git`, { drift, issue });
}

/** Why the environment is not to be touched now: its state, or work queued or running. */
async function why(ports: DeployPorts, state: EnvironmentState): Promise<string | null> {
  return heldReason(state, await ports.store.list(state.environment, ["queued", "running"]));
}

/**
 * Looks at the environment as its one writer: in cluster mode while holding its executor Lease (null
 * when another replica holds it), checking again under the Lease that nothing took it meanwhile.
 */
async function asWriter(
  ports: DeployPorts,
  environment: string,
  options: ExecutorOptions,
): Promise<{ look: Look; revision: number } | null> {
  let seen: { look: Look; revision: number } | null = null;
  const look = async () => {
    const state = await ports.store.readState(environment);
    const held = await why(ports, state);
    const commit = state.appliedCommit;
    seen = {
      revision: state.revision,
      look: held
        ? { held }
        : commit
          ? await detectDrift(ports, environment, commit)
          : { held: "nothing is deployed" },
    };
  };
  if (!options.exclusive) await look();
  else if (!(await options.exclusive(environment, look))) return null;
  return seen;
}
