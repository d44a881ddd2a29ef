import type { BlobCache } from "../github/blob-cache.ts";
import type { InstallationOctokit } from "../github/octokit.ts";
import { cloneUrlOf, githubRepoReads, installationToken } from "../github/repo-reads-github.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { PullHead } from "../repo/git-mirror.ts";
import { mirrorSource, type RepoMirrors } from "./repo-mirrors.ts";
import { mirroredReads, type RepoReads } from "./repo-reads.ts";

export interface RepoReadsDeps {
  mirrors: RepoMirrors;
  /** Blobs read through the API fallback, by SHA. */
  cache: BlobCache;
  binding: (repository: string) => ServerBinding | null;
  log: { warn(fields: object, message: string): void };
}

export type ReadsOf = (
  octokit: InstallationOctokit,
  repo: { owner: string; repo: string },
  pull?: PullHead,
) => RepoReads;

/**
 * The reads of a repository as the installation client sees it: its git mirror (the repository's clone
 * URL with a fresh installation token per fetch, or the binding's `git.url`), the REST API as fallback.
 */
export function repoReadsOf(deps: RepoReadsDeps): ReadsOf {
  return (octokit, repo, pull) => {
    const repository = `${repo.owner}/${repo.repo}`;
    return mirroredReads({
      mirror: () =>
        deps.mirrors.mirrorOf(
          repository,
          mirrorSource(deps.binding(repository), cloneUrlOf(octokit, repo), installationToken(octokit)),
        ),
      api: githubRepoReads(octokit, repo, deps.cache),
      ...(pull ? { pull } : {}),
      log: deps.log,
    });
  };
}
