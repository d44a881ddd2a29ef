import { rolloutPins, wholePins } from "../../rollout/rollout-pins.ts";
import type { RolloutState } from "../../state/environment-state.ts";
import type { StepResult } from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import { short } from "../deploy/deploy-words.ts";
import { applyPinned, pinnedContext } from "./apply-pinned.ts";

export interface RollBackInput {
  environment: string;
  rollout: RolloutState;
  /** Why, in words: the failed check's numbers, who aborted, or the commit that supersedes it. */
  reason: string;
  /** A failed check or an abort holds the revision; a newer commit superseding it does not. */
  hold: boolean;
  details?: string;
}

/**
 * Issue #22: the new version loses its traffic at once — the rollout's commit re-applied with every
 * Model at 0% — then the commit that served before is applied again, which removes the new version's
 * objects; the rollout record goes, the revision is held (never re-applied by itself) and the GitHub
 * Deployment fails with the reason. Should the second apply fail, the environment stays at 0% and the
 * previous commit is what the reconcile loop sees as intended, so self-heal finishes the job.
 */
export async function rollBack(ports: DeployPorts, input: RollBackInput): Promise<StepResult> {
  const { environment, rollout } = input;
  const steps: string[] = [];
  const at = await pinnedContext(ports, environment, rollout.commit);
  if ("problem" in at) steps.push(`the split could not be rendered to send traffic back: ${at.problem}`);
  else {
    const zero = await applyPinned(
      ports,
      environment,
      rollout.commit,
      at,
      rolloutPins(at.snapshot, rollout.models, "rollback"),
    );
    steps.push(
      "applied" in zero
        ? `all traffic is back on ${rollout.models.map((m) => `\`${m.model}\` ${m.stable.version}`).join(", ")}`
        : `traffic could not be sent back: ${zero.problem}`,
    );
  }
  const previous = rollout.previousCommit;
  if (previous) {
    const before = await pinnedContext(ports, environment, previous);
    const again =
      "problem" in before
        ? before
        : await applyPinned(
            ports,
            environment,
            previous,
            before,
            wholePins(before.snapshot.manifests.Model.keys()),
          );
    steps.push(
      "applied" in again
        ? `${short(previous)} is applied again`
        : `${short(previous)} could not be applied again (${again.problem}); the reconcile loop sees it as intended`,
    );
  }
  const now = ports.now();
  await ports.store.updateState(environment, (s) => ({
    ...s,
    phase: input.hold ? "failed" : "idle",
    appliedCommit: previous ?? s.appliedCommit,
    heldRevision: input.hold ? { commit: rollout.commit, reason: input.reason, at: now } : s.heldRevision,
    rollout: null,
    updatedAt: now,
  }));
  if (rollout.deploymentId !== null)
    await ports.github.setDeploymentStatus(rollout.deploymentId, "failure", {
      description: `rolled back: ${input.reason}`,
    });
  await ports.store.recordDeploy({
    environment,
    commit: rollout.commit,
    models: Object.fromEntries(rollout.models.map((m) => [m.model, m.version])),
    outcome: "failure",
    gatesPassed: false,
    at: now,
  });
  return {
    outcome: "failure",
    note: `rolled back ${short(rollout.commit)}: ${input.reason}; ${steps.join("; ")}${input.hold ? `. ${short(rollout.commit)} is held: it is not re-applied by itself` : ""}`,
    report: null,
    ...(input.details ? { details: input.details } : {}),
  };
}

/** A newer commit's deploy found a rollout under way: it is rolled back, without holding its revision. */
export async function supersedeRollout(
  ports: DeployPorts,
  environment: string,
  rollout: RolloutState,
  commit: string,
): Promise<StepResult> {
  return rollBack(ports, {
    environment,
    rollout,
    reason: `superseded by ${short(commit)}`,
    hold: false,
  });
}
