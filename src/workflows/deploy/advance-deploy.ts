import { CHECK_NAME_GATES } from "../../report/gates-check-output.ts";
import { snapshotAt } from "./deploy-environment.ts";
import type { DeployPorts } from "./deploy-ports.ts";
import { deployRoute, nextStep, type StepGate } from "./deploy-route.ts";

export type Advance =
  | { kind: "enqueued"; environment: string; intentId: number; position: number }
  | { kind: "waiting"; environment: string; gate: Exclude<StepGate, { kind: "ready" }> }
  | { kind: "complete" }
  | { kind: "not-deployable"; reason: string };

export interface DeployTarget {
  commit: string;
  branch: string;
  /** The merged pull request, when the commit is a merge of one (its head carries the gates check). */
  pr: number | null;
}

/**
 * Moves a commit one step along its route: finds the first environment it has not reached and, when
 * nothing stands in the way (previous environment healthy, gates for production, approvals),
 * queues the deploy intent for that environment's executor. Idempotent: a repeated push or a second
 * call finds the intent already queued or the environment already done.
 */
export async function advanceDeploy(ports: DeployPorts, target: DeployTarget): Promise<Advance> {
  const head = await snapshotAt(ports, target.commit);
  if ("problem" in head) return { kind: "not-deployable", reason: head.problem };
  const config = head.snapshot.config?.value;
  if (!config) return { kind: "not-deployable", reason: "the commit has no `.slipway.yml`" };
  const route = deployRoute(config, target.branch);
  if (route.length === 0) return { kind: "complete" };

  const applied = new Map<string, "success" | "failure" | null>();
  const approvals = new Map<string, number>();
  const pull = target.pr === null ? null : await ports.pull(target.pr);
  for (const env of route) {
    const state = await ports.store.readState(env.name);
    const held = state.heldRevision?.commit === target.commit;
    // A later commit may already have replaced this one here: the deploy record still says it went well.
    const recorded = (await ports.store.deploys(env.name, 50)).find((d) => d.commit === target.commit);
    // A canary rollout of the commit under way there is not done: the next environment waits for its end.
    const rollingOut = state.rollout?.commit === target.commit;
    const done =
      (state.appliedCommit === target.commit && !state.pending && !rollingOut) ||
      recorded?.outcome === "success";
    applied.set(env.name, done ? "success" : held || recorded?.outcome === "failure" ? "failure" : null);
    const valid = (await ports.store.approvals(env.name, target.commit)).filter(
      (a) => a.login !== pull?.author,
    );
    approvals.set(env.name, new Set(valid.map((a) => a.login)).size);
  }
  const gatesConclusion = pull ? await ports.github.checkConclusion(pull.headSha, CHECK_NAME_GATES) : null;
  const next = nextStep(route, { applied, approvals, gatesConclusion });
  if (!next) return { kind: "complete" };
  if (next.gate.kind !== "ready")
    return { kind: "waiting", environment: next.environment.name, gate: next.gate };
  const queued = await ports.store.enqueue(
    next.environment.name,
    { kind: "deploy", commit: target.commit, pr: target.pr },
    "push",
  );
  return {
    kind: "enqueued",
    environment: next.environment.name,
    intentId: queued.intent.id,
    position: queued.position,
  };
}
