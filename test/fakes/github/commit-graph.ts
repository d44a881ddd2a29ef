import type { ObjectStore } from "./git-objects.ts";

function parentsOf(store: ObjectStore, sha: string): readonly string[] {
  const commit = store.get(sha);
  return commit?.type === "commit" ? commit.parents : [];
}

function dateOf(store: ObjectStore, sha: string): string {
  const commit = store.get(sha);
  return commit?.type === "commit" ? commit.date : "";
}

/** Every commit reachable from `sha`, itself included (what `git rev-list <sha>` walks). */
export function ancestors(store: ObjectStore, sha: string): Set<string> {
  const seen = new Set<string>();
  const queue = [sha];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    if (seen.has(next) || store.get(next)?.type !== "commit") continue;
    seen.add(next);
    queue.push(...parentsOf(store, next));
  }
  return seen;
}

export function isAncestor(store: ObjectStore, maybeAncestor: string, of: string): boolean {
  return ancestors(store, of).has(maybeAncestor);
}

/**
 * The best common ancestor, as `git merge-base` picks it: a common ancestor no other common ancestor
 * descends from. With several (criss-cross merges) the newest wins; undefined for unrelated histories.
 */
export function mergeBase(store: ObjectStore, a: string, b: string): string | undefined {
  const ofB = ancestors(store, b);
  const common = [...ancestors(store, a)].filter((sha) => ofB.has(sha));
  const best = common.filter(
    (candidate) => !common.some((other) => other !== candidate && isAncestor(store, candidate, other)),
  );
  return best.sort((x, y) => dateOf(store, y).localeCompare(dateOf(store, x)) || x.localeCompare(y))[0];
}

/** Commits in `from` but not in `except`, parents before children (ties: older first), like `git log --reverse`. */
export function commitsBetween(store: ObjectStore, except: string | undefined, from: string): string[] {
  const excluded = except === undefined ? new Set<string>() : ancestors(store, except);
  const wanted = new Set([...ancestors(store, from)].filter((sha) => !excluded.has(sha)));
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (placed.size < wanted.size) {
    const ready = [...wanted]
      .filter((sha) => !placed.has(sha))
      .filter((sha) => parentsOf(store, sha).every((p) => !wanted.has(p) || placed.has(p)))
      .sort((x, y) => dateOf(store, x).localeCompare(dateOf(store, y)) || x.localeCompare(y));
    const first = ready[0];
    if (first === undefined) break;
    ordered.push(first);
    placed.add(first);
  }
  return ordered;
}

export type CompareStatus = "ahead" | "behind" | "identical" | "diverged";

export interface Comparison {
  readonly status: CompareStatus;
  /** Commits reachable from head and not from base. */
  readonly aheadBy: number;
  /** Commits reachable from base and not from head. */
  readonly behindBy: number;
  readonly mergeBase: string;
  /** The `aheadBy` commits, oldest first. */
  readonly commits: readonly string[];
}

/** GitHub's compare semantics over the commit graph; undefined when the histories share no commit. */
export function compareCommits(store: ObjectStore, base: string, head: string): Comparison | undefined {
  const found = mergeBase(store, base, head);
  if (found === undefined) return undefined;
  const commits = commitsBetween(store, base, head);
  const behindBy = commitsBetween(store, head, base).length;
  const aheadBy = commits.length;
  const status: CompareStatus =
    aheadBy === 0 && behindBy === 0
      ? "identical"
      : behindBy === 0
        ? "ahead"
        : aheadBy === 0
          ? "behind"
          : "diverged";
  return { status, aheadBy, behindBy, mergeBase: found, commits };
}
