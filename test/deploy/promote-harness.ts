import {
  BranchMovedError,
  type BranchWritePort,
  type CommitToBranchInput,
  type OpenPullRequestInput,
} from "../../src/workflows/branch-write-port.ts";
import type { CommandPull, PromotePorts } from "../../src/workflows/promote/promote-ports.ts";
import { baseFiles } from "../evidence/scenario.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployHarness, startDeployHarness } from "./deploy-harness.ts";

/** Branches in memory over the harness's trees: a commit is a new tree under a new SHA. */
export class MemoryBranchWrites implements BranchWritePort {
  readonly heads = new Map<string, string>();
  readonly commits: (CommitToBranchInput & { sha: string })[] = [];
  readonly pulls: (OpenPullRequestInput & { number: number; headSha: string })[] = [];
  readonly #trees: Map<string, Record<string, string>>;
  #next = 0;

  constructor(trees: Map<string, Record<string, string>>) {
    this.#trees = trees;
  }

  async commitToBranch(input: CommitToBranchInput) {
    const actual = this.heads.get(input.branch) ?? "";
    if (actual !== input.expectedHead) throw new BranchMovedError(input.branch, input.expectedHead, actual);
    const sha = this.#write(input.expectedHead, input.changes);
    this.heads.set(input.branch, sha);
    this.commits.push({ ...input, sha });
    return { sha };
  }

  async openPullRequest(input: OpenPullRequestInput) {
    if (this.heads.has(input.branch)) throw new Error(`branch ${input.branch} exists`);
    const headSha = this.#write(input.fromCommit, input.changes);
    this.heads.set(input.branch, headSha);
    const number = 100 + this.pulls.length;
    this.pulls.push({ ...input, number, headSha });
    return { number, url: `https://github.example/acme/ml-platform/pull/${number}`, headSha };
  }

  #write(parent: string, changes: CommitToBranchInput["changes"]): string {
    const sha = `e${String(++this.#next)}`.padEnd(40, "0");
    const files = { ...(this.#trees.get(parent) ?? {}) };
    for (const c of changes) files[c.path] = c.content;
    this.#trees.set(sha, files);
    return sha;
  }
}

export const MODEL = "fraud-detection";
export const MODEL_FILE = "models/fraud-detection.yaml";

export interface PromoteHarness extends DeployHarness {
  promote: PromotePorts;
  branches: MemoryBranchWrites;
  /** Team → members, for `@org/team` owners and approvers. */
  teams: Map<string, string[]>;
}

/**
 * The deploy harness plus branch writes in memory. Owners of the template's model: `@acme/fraud-ml`
 * (tina, carol) and `@jdoe`; approvers of production: `@acme/ml-platform` (carol).
 */
export async function startPromoteHarness(
  options: Parameters<typeof startDeployHarness>[0] = {},
): Promise<PromoteHarness> {
  const h = await startDeployHarness(options);
  const branches = new MemoryBranchWrites(h.trees);
  const teams = new Map([
    ["@acme/fraud-ml", ["tina", "carol"]],
    ["@acme/ml-platform", ["carol"]],
  ]);
  const promote: PromotePorts = {
    deploy: h.ports,
    branches,
    branchHead: async (branch) => {
      const head = branches.heads.get(branch);
      if (!head) throw new Error(`no branch ${branch}`);
      return head;
    },
    isMember: async (login, list) =>
      list.some((entry) => entry === `@${login}` || (teams.get(entry) ?? []).includes(login)),
  };
  return { ...h, promote, branches, teams };
}

/** A commit of the template with the model at `version` (6: the production run's evidence, else the candidate's) in `environments`. */
export async function modelCommit(
  h: PromoteHarness,
  sha: string,
  options: { version?: number; environments?: string; runId?: string; experiment?: string } = {},
): Promise<string> {
  const files = options.version === 6 ? await baseFiles() : await templateFiles();
  let model = files[MODEL_FILE] ?? "";
  if (options.version !== undefined && options.version !== 6)
    model = model.replace("version: 7", `version: ${options.version}`);
  if (options.environments)
    model = model.replace("environments: [staging, production]", `environments: ${options.environments}`);
  if (options.runId) model = model.replace(/runId: [0-9a-f]{32}/, `runId: ${options.runId}`);
  if (options.experiment)
    model = model.replace("experiment: fraud-detection-v2", `experiment: ${options.experiment}`);
  h.trees.set(sha, { ...files, [MODEL_FILE]: model });
  return sha;
}

export function openPull(extra: Partial<CommandPull> = {}): CommandPull {
  return {
    number: 41,
    state: "open",
    headSha: "f1".repeat(20),
    headRef: "tune-fraud",
    fork: false,
    defaultBranch: "main",
    ...extra,
  };
}

/** Lines that differ between two texts of the same length in lines, as [before, after] pairs. */
export function changedLines(before: string, after: string): [string | undefined, string | undefined][] {
  const a = before.split("\n");
  const b = after.split("\n");
  const out: [string | undefined, string | undefined][] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push([a[i], b[i]]);
  return out;
}
