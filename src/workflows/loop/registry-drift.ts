import { aliasDrift, ownedAliases } from "../../plan/registry-alias-drift.ts";
import { connect, snapshotAt } from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import { heldReason } from "../reconcile/held-reason.ts";
import type { TrackingIssuePort } from "../tracking-issue-port.ts";
import { type RegistryHeal, registryDriftClosed, registryDriftIssue } from "./registry-drift-issue.ts";

export interface RegistryDriftPorts {
  deploy: DeployPorts;
  issues: TrackingIssuePort;
  metrics: {
    setRegistryDrift(
      environment: string,
      aliases: readonly { model: string; alias: string; drifted: boolean }[],
    ): void;
  };
  /** Cluster mode: runs `work` as the environment's one writer (its Lease); false when another holds it. */
  exclusive?: (environment: string, work: (leading: AbortSignal) => Promise<void>) => Promise<boolean>;
}

export type RegistryDriftOutcome =
  | { environment: string; outcome: "in-sync" | "drifted" | "healed" | "failed"; drifted: number }
  | { environment: string; outcome: "skipped"; why: string };

/**
 * Registry drift (issue #19, item 3): the promotion aliases each production environment owns, at the
 * commit it runs, against what MLflow says now — after an alias was created or deleted in MLflow, for a
 * registered model of `models` (all when null). Reported like config drift: one issue per environment,
 * the alias gauges; with `selfHeal`, moved back as the environment's one writer, only while it is idle
 * (a deploy in progress moves the alias itself). An environment busy, held or never deployed is left
 * alone: the deploy that follows sets the alias anyway.
 */
export async function checkRegistryDrift(
  ports: RegistryDriftPorts,
  environments: readonly string[],
  models: ReadonlySet<string> | null,
): Promise<RegistryDriftOutcome[]> {
  const out: RegistryDriftOutcome[] = [];
  for (const environment of environments) {
    let result: RegistryDriftOutcome | null = null;
    const look = async () => {
      result = await checkOne(ports, environment, models);
    };
    if (!ports.exclusive) await look();
    else if (!(await ports.exclusive(environment, look)))
      result = { environment, outcome: "skipped", why: "another replica is the environment's writer" };
    if (result) out.push(result);
  }
  return out;
}

async function checkOne(
  ports: RegistryDriftPorts,
  environment: string,
  models: ReadonlySet<string> | null,
): Promise<RegistryDriftOutcome | null> {
  const { store } = ports.deploy;
  const state = await store.readState(environment);
  const skip = (why: string): RegistryDriftOutcome => ({ environment, outcome: "skipped", why });
  if (!state.appliedCommit) return skip("nothing is deployed");
  // A canary rollout moves the alias at its end (issue #22): until then MLflow rightly disagrees with git.
  if (state.rollout) return skip("a canary rollout is under way; the alias moves at its end");
  const held = heldReason(state, await store.list(environment, ["queued", "running"]));
  if (held) return skip(held);
  const commit = state.appliedCommit;
  const at = await snapshotAt(ports.deploy, commit);
  if ("problem" in at) return skip(at.problem);
  const owned = ownedAliases(at.snapshot, environment);
  if (owned.length === 0 || (models && !owned.some((o) => models.has(o.registeredModel)))) return null;
  const tracker = await connect(ports.deploy, at.snapshot);
  if ("problem" in tracker) return skip(tracker.problem);
  const live = async () => {
    const aliases = new Map<string, Record<string, string>>();
    for (const name of new Set(owned.map((o) => o.registeredModel))) {
      const registered = await tracker.tracker.getRegisteredModel(name);
      aliases.set(name, Object.fromEntries(registered.aliases.map((a) => [a.alias, a.version])));
    }
    return aliasDrift(owned, aliases);
  };
  const gauge = (drifted: readonly { model: string; alias: string }[]) =>
    ports.metrics.setRegistryDrift(
      environment,
      owned.map((o) => ({
        model: o.model,
        alias: o.alias,
        drifted: drifted.some((d) => d.model === o.model && d.alias === o.alias),
      })),
    );
  const drift = await live();
  gauge(drift);
  if (drift.length === 0) {
    await ports.issues.upsert(registryDriftClosed(environment, commit));
    return { environment, outcome: "in-sync", drifted: 0 };
  }
  const selfHeal =
    at.snapshot.config?.value.environments.find((e) => e.name === environment)?.selfHeal === true;
  if (!selfHeal) {
    await ports.issues.upsert(registryDriftIssue(environment, commit, drift, "off"));
    return { environment, outcome: "drifted", drifted: drift.length };
  }
  await ports.issues.upsert(registryDriftIssue(environment, commit, drift, "healing"));
  let heal: RegistryHeal = "healed";
  try {
    for (const d of drift) await tracker.tracker.setAlias(d.registeredModel, d.alias, d.version);
    const after = await live();
    gauge(after);
    if (after.length > 0) heal = { failed: "the registry still differs after moving the aliases back" };
  } catch (error) {
    heal = {
      failed:
        error instanceof Error && /Fault$/.test(error.name) ? error.message : "MLflow refused the alias move",
    };
  }
  await ports.issues.upsert(registryDriftIssue(environment, commit, drift, heal));
  return { environment, outcome: heal === "healed" ? "healed" : "failed", drifted: drift.length };
}
