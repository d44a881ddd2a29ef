export type { DeploymentState, DeploymentStatusState } from "./github/deployment-state.ts";
export { FakeGitHub, type FakeGitHubOptions, startFakeGitHub } from "./github/fake.ts";
export type { Fault } from "./github/faults.ts";
export { hashObject } from "./github/git-objects.ts";
export type { MergeMethod } from "./github/merge-commit.ts";
export { type PushSeed, ZERO_SHA } from "./github/push-payload.ts";
export type { ExpectOptions, RecordedRequest } from "./github/recorder.ts";
export type { CommentSeed, FilePatch, IssueSeed, PullSeed, RepoSeed, UserRef } from "./github/seed.ts";
export type {
  Annotation,
  CheckRunState,
  CommentState,
  IssueState,
  LabelState,
  PullState,
  ReactionState,
  RepoRole,
  RepoState,
  Synchronization,
} from "./github/state.ts";
