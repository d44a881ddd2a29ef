import type { RepoConfig } from "../../manifests/schemas/repo-config.ts";

export type RouteEnvironment = RepoConfig["environments"][number];

/** The environments a push to `branch` deploys, in the order `.slipway.yml` declares them. */
export function deployRoute(config: RepoConfig, branch: string): RouteEnvironment[] {
  return config.environments.filter((e) => e.branch === branch);
}

/** What stands between a commit and one environment of its route. */
export type StepGate =
  | { kind: "ready" }
  | { kind: "done" }
  | { kind: "wait-previous"; previous: string }
  | { kind: "previous-failed"; previous: string }
  | { kind: "gates"; conclusion: string | null }
  | { kind: "approvals"; have: number; need: number; approvers: readonly string[] };

export interface StepFacts {
  /** Per environment of the route: has this commit been applied there, healthy (or failed)? */
  applied: ReadonlyMap<string, "success" | "failure" | null>;
  /** The merged head's `slipway/gates` conclusion (null: no check run). */
  gatesConclusion: string | null;
  /** Valid approvals recorded for (environment, commit). */
  approvals: ReadonlyMap<string, number>;
}

/**
 * The next step of a deploy along its route (pure): the first environment the commit has not
 * reached, and whether it may go now. An environment waits for the previous one to be healthy; a
 * production environment needs the merged head's `slipway/gates` success; approvals where declared.
 */
export function nextStep(
  route: readonly RouteEnvironment[],
  facts: StepFacts,
): { environment: RouteEnvironment; gate: StepGate } | null {
  let previous: RouteEnvironment | null = null;
  for (const env of route) {
    const status = facts.applied.get(env.name) ?? null;
    if (status === "success") {
      previous = env;
      continue;
    }
    if (status === "failure") return { environment: env, gate: { kind: "done" } };
    if (previous && facts.applied.get(previous.name) !== "success")
      return { environment: env, gate: { kind: "wait-previous", previous: previous.name } };
    if (env.production && facts.gatesConclusion !== "success")
      return { environment: env, gate: { kind: "gates", conclusion: facts.gatesConclusion } };
    const need = env.approvals?.required ?? 0;
    const have = facts.approvals.get(env.name) ?? 0;
    if (have < need)
      return {
        environment: env,
        gate: { kind: "approvals", have, need, approvers: env.approvals?.approvers ?? [] },
      };
    return { environment: env, gate: { kind: "ready" } };
  }
  return null;
}
