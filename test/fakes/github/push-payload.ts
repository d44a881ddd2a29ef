import { commitsBetween, isAncestor } from "./commit-graph.ts";
import { repoJson, type Urls, userJson } from "./shapes.ts";
import type { RepoState, User } from "./state.ts";
import { changedPaths, filesAt } from "./tree-changes.ts";

/** What a branch push reports; `before`/`after` of forty zeros mean a created/deleted branch. */
export interface PushSeed {
  /** A branch name or `refs/heads/<branch>`. */
  readonly ref: string;
  readonly before: string;
  readonly after: string;
}

export const ZERO_SHA = "0".repeat(40);

/** GitHub lists at most this many commits in a push payload. */
const MAX_PUSH_COMMITS = 2048;

const noreply = (user: User): string => `${user.id}+${user.login}@users.noreply.github.com`;

function commitEntry(urls: Urls, repo: RepoState, sha: string, pusher: User) {
  const commit = repo.objects.get(sha);
  if (commit?.type !== "commit") throw new Error(`fake GitHub: ${sha} is not a commit`);
  const changes = changedPaths(filesAt(repo.objects, commit.parents[0]), filesAt(repo.objects, sha));
  const person = { name: "Slipway Test", email: "test@example.com", username: pusher.login };
  return {
    id: sha,
    tree_id: commit.tree,
    distinct: true,
    message: commit.message,
    timestamp: commit.date.replace(/\.\d{3}Z$/, "Z"),
    url: `${urls.web}/${repo.owner.login}/${repo.name}/commit/${sha}`,
    author: person,
    committer: person,
    ...changes,
  };
}

/** A `push` webhook payload in GitHub's shape, computed from the fake's commit graph. */
export function pushPayload(
  urls: Urls,
  repo: RepoState,
  seed: PushSeed,
  pusher: User,
  now: Date,
): Record<string, unknown> {
  for (const sha of [seed.before, seed.after])
    if (sha !== ZERO_SHA && repo.objects.get(sha)?.type !== "commit")
      throw new Error(`fake GitHub: ${sha} is not a commit of ${repo.owner.login}/${repo.name}`);
  const ref = seed.ref.startsWith("refs/") ? seed.ref : `refs/heads/${seed.ref}`;
  const created = seed.before === ZERO_SHA;
  const deleted = seed.after === ZERO_SHA;
  const full = `${repo.owner.login}/${repo.name}`;
  const pushed = deleted ? [] : commitsBetween(repo.objects, created ? undefined : seed.before, seed.after);
  const commits = pushed.slice(-MAX_PUSH_COMMITS).map((sha) => commitEntry(urls, repo, sha, pusher));
  return {
    ref,
    before: seed.before,
    after: seed.after,
    created,
    deleted,
    // A push that does not descend from what the branch held before is a force-push.
    forced: !created && !deleted && !isAncestor(repo.objects, seed.before, seed.after),
    base_ref: null,
    compare: created
      ? `${urls.web}/${full}/compare/${ref.replace(/^refs\/heads\//, "")}`
      : `${urls.web}/${full}/compare/${seed.before.slice(0, 12)}...${seed.after.slice(0, 12)}`,
    commits,
    head_commit: deleted ? null : commitEntry(urls, repo, seed.after, pusher),
    repository: {
      ...repoJson(urls, repo),
      pushed_at: Math.floor(now.getTime() / 1000),
      master_branch: repo.defaultBranch,
    },
    pusher: { name: pusher.login, email: noreply(pusher) },
    sender: userJson(urls, pusher),
    installation: {
      id: repo.installationId,
      node_id: Buffer.from(`Installation:${repo.installationId}`).toString("base64url"),
    },
  };
}
