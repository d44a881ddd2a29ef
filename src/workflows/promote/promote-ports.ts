import type { BranchWritePort } from "../branch-write-port.ts";
import type { IsApprover } from "../deploy/deploy-commands.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";

/** What `/slipway promote` and `/slipway rollback` need: the deploy ports, branch writes and who is who. */
export interface PromotePorts {
  deploy: DeployPorts;
  branches: BranchWritePort;
  /** The commit `branch` points at now. */
  branchHead(branch: string): Promise<string>;
  /** `@login` by name, `@org/team` by active membership: the approvers' check, reused for owners. */
  isMember: IsApprover;
}

/** The pull request a command was written on. */
export interface CommandPull {
  number: number;
  state: "open" | "merged" | "closed";
  /** The head the comment was written against: a commit on the branch is computed from it. */
  headSha: string;
  /** The head branch's name (in the head repository). */
  headRef: string;
  fork: boolean;
  defaultBranch: string;
}

export interface CommandRequest {
  model: string;
  login: string;
}

export type WriteAnswer =
  | { refused: string }
  | { committed: { branch: string; sha: string; summary: string } }
  | { opened: { number: number; url: string; headSha: string; summary: string } };
