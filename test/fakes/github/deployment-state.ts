import type { RepoState, User } from "./state.ts";

/** Every state GitHub accepts for a deployment status. */
export const DEPLOYMENT_STATES = [
  "error",
  "failure",
  "inactive",
  "in_progress",
  "queued",
  "pending",
  "success",
] as const;
export type DeploymentStatusValue = (typeof DEPLOYMENT_STATES)[number];

export interface DeploymentStatusState {
  readonly id: number;
  readonly state: DeploymentStatusValue;
  readonly creator: User;
  readonly description: string;
  readonly environment: string;
  readonly logUrl: string;
  readonly environmentUrl: string;
  readonly createdAt: string;
  /** False for the `inactive` statuses GitHub adds itself (auto_inactive). */
  readonly viaApp: boolean;
}

export interface DeploymentState {
  readonly id: number;
  readonly repo: RepoState;
  readonly sha: string;
  /** The ref exactly as the request named it (branch, SHA or prefix). */
  readonly ref: string;
  readonly task: string;
  readonly payload: Readonly<Record<string, unknown>> | string;
  /** Changed by a status that names another environment; `originalEnvironment` keeps the first. */
  environment: string;
  readonly originalEnvironment: string;
  readonly description: string;
  readonly creator: User;
  readonly transientEnvironment: boolean;
  readonly productionEnvironment: boolean;
  readonly createdAt: string;
  updatedAt: string;
  /** Oldest first; the API lists them newest first. */
  readonly statuses: DeploymentStatusState[];
}

/** The state of a deployment's newest status, or undefined before the first. */
export function latestState(deployment: DeploymentState): DeploymentStatusValue | undefined {
  return deployment.statuses.at(-1)?.state;
}
