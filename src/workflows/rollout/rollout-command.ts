import type { RolloutState } from "../../state/environment-state.ts";
import { snapshotAt } from "../deploy/deploy-environment.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import { short } from "../deploy/deploy-words.ts";
import { addSeconds } from "./start-rollout.ts";

export const ROLLOUT_ACTIONS = ["pause", "resume", "abort"] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

export interface RolloutRequest {
  action: RolloutAction;
  environment: string;
  login: string;
  /** Whether `login` is among `approvers` (a user, or a member of an `@org/team`). */
  isApprover: (login: string, approvers: readonly string[]) => Promise<boolean>;
}

export type RolloutAnswer =
  | { refused: string }
  /** Said to the author; `run`: a `rollout` intent is queued for the executor (an abort, a resume). */
  | { said: string; run: boolean };

/**
 * `/slipway rollout pause|resume|abort <env>` (issue #22; write access, checked before dispatch). Pause
 * holds the current split: no step is evaluated until resumed, and the time paused is added to the
 * step's wait. Abort rolls the new version back at once and holds its revision; it needs a declared
 * approver of a production environment, as breaking glass does. The executor does the rest.
 */
export async function rolloutCommand(ports: DeployPorts, request: RolloutRequest): Promise<RolloutAnswer> {
  const { environment, login, action } = request;
  if (!ports.binding?.environments[environment])
    return { refused: `\`${environment}\` is not an environment this server binds.` };
  const rollout = (await ports.store.readState(environment)).rollout;
  if (!rollout) return { refused: `no rollout is under way in \`${environment}\`.` };
  const now = ports.now();
  if (action === "abort") {
    const approvers = await productionApprovers(ports, rollout);
    if (approvers.length === 0 || !(await request.isApprover(login, approvers)))
      return {
        refused: `only a declared approver of a production environment (${approvers.join(", ") || "none declared"}) can abort a rollout; \`/slipway rollout pause ${environment}\` holds its split meanwhile.`,
      };
    if (rollout.abort) return { refused: `the rollout is already being aborted (by @${rollout.abort.by}).` };
    await change(ports, environment, rollout, (r) => ({ ...r, abort: { by: login, at: now } }));
    return {
      said: `aborting the rollout of ${short(rollout.commit)} in \`${environment}\`: traffic goes back to ${stableWords(rollout)} and the revision is held.`,
      run: true,
    };
  }
  if (action === "pause") {
    if (rollout.paused) return { refused: `the rollout is already paused (by @${rollout.paused.by}).` };
    await change(ports, environment, rollout, (r) => ({ ...r, paused: { by: login, at: now } }));
    if (rollout.deploymentId !== null)
      await ports.github.setDeploymentStatus(rollout.deploymentId, "in_progress", {
        description: `canary paused by @${login}; its split holds`,
      });
    return {
      said: `paused the rollout of ${short(rollout.commit)} in \`${environment}\`: its split holds and no step is evaluated until \`/slipway rollout resume ${environment}\`.`,
      run: false,
    };
  }
  const paused = rollout.paused;
  if (!paused) return { refused: "the rollout is not paused." };
  // The step's remaining wait is kept: the time paused does not count as time observed.
  const held = Math.max(0, (Date.parse(now) - Date.parse(paused.at)) / 1000);
  await change(ports, environment, rollout, (r) => ({
    ...r,
    paused: null,
    models: r.models.map((m) => ({ ...m, dueAt: addSeconds(m.dueAt, held) })),
  }));
  if (rollout.deploymentId !== null)
    await ports.github.setDeploymentStatus(rollout.deploymentId, "in_progress", {
      description: `canary resumed by @${login}`,
    });
  return {
    said: `resumed the rollout of ${short(rollout.commit)} in \`${environment}\`; the current step's wait goes on where it stopped.`,
    run: true,
  };
}

async function change(
  ports: DeployPorts,
  environment: string,
  seen: RolloutState,
  edit: (r: RolloutState) => RolloutState,
): Promise<void> {
  await ports.store.updateState(environment, (s) => ({
    ...s,
    // Only the rollout the command was answered about: one that ended meanwhile is left as it is.
    rollout: s.rollout && s.rollout.commit === seen.commit ? edit(s.rollout) : s.rollout,
    updatedAt: ports.now(),
  }));
}

const stableWords = (rollout: RolloutState) =>
  rollout.models.map((m) => `\`${m.model}\` ${m.stable.version}`).join(", ");

/** The approvers `.slipway.yml` declares for its production environments, at the rollout's commit. */
async function productionApprovers(ports: DeployPorts, rollout: RolloutState): Promise<string[]> {
  const head = await snapshotAt(ports, rollout.commit);
  if ("problem" in head) return [];
  const environments = head.snapshot.config?.value.environments ?? [];
  return [...new Set(environments.filter((e) => e.production).flatMap((e) => e.approvals?.approvers ?? []))];
}
