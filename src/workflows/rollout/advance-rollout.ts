import type { CheckResult } from "../../rollout/check-result.ts";
import { rolloutPins, stepsOf, wholePins } from "../../rollout/rollout-pins.ts";
import type { RolloutState } from "../../state/environment-state.ts";
import { finishSteps, type StepResult } from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import { short } from "../deploy/deploy-words.ts";
import { applyPinned, type PinnedContext, pinnedContext } from "./apply-pinned.ts";
import { type Evaluated, evaluateModel } from "./evaluate-model.ts";
import { rollBack } from "./roll-back.ts";
import { connectRolloutMetrics } from "./rollout-metrics.ts";
import { addSeconds } from "./start-rollout.ts";
import { failureWords, stepTable } from "./step-words.ts";

/** A step that could not be evaluated (MLflow or the commit unreadable) is tried again this much later. */
export const RETRY_SECONDS = 30;

/**
 * Issue #22, the step loop: a `rollout` intent evaluates every Model whose step came due — its checks on
 * live metrics, canary against stable — and records the evaluation in the environment's state. All pass:
 * the next step's split is applied, or, after the last, the new version takes all traffic, the alias
 * moves and the Deployment succeeds. A check failed beyond its `failureLimit`: traffic goes back to the
 * stable version at once and the revision is held. Within the limit: the step runs another interval.
 */
export async function advanceRollout(
  ports: DeployPorts,
  environment: string,
  commit: string,
): Promise<StepResult> {
  const rollout = (await ports.store.readState(environment)).rollout;
  // A timer or sweep that fires after the rollout ended (promoted, aborted, superseded): nothing to say.
  if (!rollout || rollout.commit !== commit)
    return {
      ...said("skipped", `no rollout of ${short(commit)} is under way in \`${environment}\``),
      quiet: true,
    };
  if (rollout.abort)
    return rollBack(ports, {
      environment,
      rollout,
      reason: `aborted by @${rollout.abort.by}`,
      hold: true,
    });
  if (rollout.paused)
    return {
      ...said(
        "rolling-out",
        `the rollout of ${short(commit)} is paused by @${rollout.paused.by}; its split holds`,
      ),
      quiet: true,
    };
  const context = await pinnedContext(ports, environment, commit);
  if ("problem" in context) return postpone(ports, environment, rollout, context.problem);
  const now = ports.now();
  const due = rollout.models.filter(
    (m) => m.dueAt <= now && m.step < stepsOf(context.snapshot, m.model).length,
  );
  if (due.length === 0 && !walked(context, rollout))
    return {
      ...said("rolling-out", `the rollout of ${short(commit)} waits for its next evaluation`),
      quiet: true,
    };

  const bound = await connectRolloutMetrics(ports, context.snapshot, environment);
  const metrics = bound && "metrics" in bound ? bound.metrics : null;
  const unavailable = bound && "unavailable" in bound ? bound.unavailable : "no metrics source";
  const evaluated: Evaluated[] = [];
  for (const model of due)
    evaluated.push(await evaluateModel(ports, context, environment, model, metrics, unavailable, now));

  const results: CheckResult[] = evaluated.flatMap((e) => e.rows.map((r) => r.result));
  const models = rollout.models.map((m) => {
    const e = evaluated.find((x) => x.model.model === m.model);
    if (!e) return m;
    const steps = stepsOf(context.snapshot, m.model);
    if (e.decision.kind === "hold")
      return {
        ...m,
        failures: e.failures,
        stepStartedAt: now,
        dueAt: addSeconds(now, steps[m.step]?.seconds ?? 0),
      };
    const step = m.step + 1;
    return {
      ...m,
      failures: e.failures,
      step,
      stepStartedAt: now,
      dueAt: addSeconds(now, steps[step]?.seconds ?? 0),
    };
  });
  const failed = evaluated.filter((e) => e.decision.kind === "rollback");
  const details = evaluated.map((e) => stepTable(context, e, models)).join("\n\n");
  if (failed.length > 0)
    return rollBack(ports, {
      environment,
      rollout: { ...rollout, last: { at: now, results } },
      reason: failureWords(failed),
      hold: true,
      details,
    });

  const next: RolloutState = {
    ...rollout,
    models,
    evaluations: rollout.evaluations + due.length,
    last: { at: now, results },
  };
  const done = models.every((m) => m.step >= stepsOf(context.snapshot, m.model).length);
  const moved = evaluated.some((e) => e.decision.kind === "next");
  if (moved || done) {
    const pins = done ? wholePins(models.map((m) => m.model)) : rolloutPins(context.snapshot, models);
    const applied = await applyPinned(ports, environment, commit, context, pins);
    if ("problem" in applied)
      return rollBack(ports, {
        environment,
        rollout: next,
        reason: `the next split could not be applied: ${applied.problem}`,
        hold: true,
        details,
      });
  }
  await ports.store.updateState(environment, (s) => ({
    ...s,
    rollout: s.rollout && { ...s.rollout, models, evaluations: next.evaluations, last: next.last },
    updatedAt: ports.now(),
  }));
  if (!done) {
    if (rollout.deploymentId !== null)
      await ports.github.setDeploymentStatus(rollout.deploymentId, "in_progress", {
        description: `canary: ${models.map((m) => `${m.model} step ${m.step + 1}`).join(", ")}`,
      });
    return {
      ...said("rolling-out", `rollout of ${short(commit)}: step evaluated`),
      ...(details ? { details } : {}),
    };
  }
  return promote(ports, environment, next, context, details);
}

/** Every Model walked its steps but the rollout did not end (an executor died between): end it now. */
function walked(context: PinnedContext, rollout: RolloutState): boolean {
  return rollout.models.every((m) => m.step >= stepsOf(context.snapshot, m.model).length);
}

/** The new version took all traffic: the alias moves, the Deployment succeeds, the deploy moves on. */
async function promote(
  ports: DeployPorts,
  environment: string,
  rollout: RolloutState,
  context: PinnedContext,
  details: string,
): Promise<StepResult> {
  await ports.store.updateState(environment, (s) => ({
    ...s,
    rollout: null,
    phase: "verifying",
    updatedAt: ports.now(),
  }));
  if (rollout.deploymentId === null)
    return said(
      "failure",
      `the rollout of ${short(rollout.commit)} lost its Deployment; \`/slipway retry\` completes it`,
    );
  const result = await finishSteps(
    ports,
    {
      environment,
      commit: rollout.commit,
      intentId: rollout.intentId,
      gatesPassed: rollout.gatesPassed,
      deploymentId: rollout.deploymentId,
      snapshot: context.snapshot,
      declared: context.declared,
      tracker: context.tracker,
      binding: context.binding,
    },
    null,
  );
  const versions = rollout.models.map((m) => `\`${m.model}\` ${m.version}`).join(", ");
  return {
    ...result,
    note:
      result.outcome === "success" ? `rolled out: ${versions} take all traffic; ${result.note}` : result.note,
    ...(details ? { details } : {}),
  };
}

/** The step could not be evaluated for a reason outside the canary: said, and tried again shortly. */
async function postpone(
  ports: DeployPorts,
  environment: string,
  rollout: RolloutState,
  problem: string,
): Promise<StepResult> {
  const later = addSeconds(ports.now(), RETRY_SECONDS);
  await ports.store.updateState(environment, (s) => ({
    ...s,
    rollout: s.rollout && {
      ...s.rollout,
      models: s.rollout.models.map((m) => (m.dueAt < later ? { ...m, dueAt: later } : m)),
    },
    updatedAt: ports.now(),
  }));
  return said(
    "rolling-out",
    `the rollout of ${short(rollout.commit)} could not be evaluated (${problem}); its split holds and it is tried again in ${RETRY_SECONDS} s`,
  );
}

function said(outcome: StepResult["outcome"], note: string): StepResult {
  return { outcome, note, report: null };
}
