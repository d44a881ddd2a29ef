import { mirrorRepoFiles } from "../datasets/dvc/mirror-repo-files.ts";
import type { RepoFiles } from "../datasets/dvc/repo-files.ts";
import { boundGitRepository, isPlatformRepo } from "../manifests/bound-git-repository.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { mirrorSource, type RepoMirrors } from "../server/repo-mirrors.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";
import type { ReviewTarget } from "../workflows/review-ports.ts";
import type { InstallationOctokit } from "./octokit.ts";

// The git repositories a review reads DVC files from (issue #23). The platform repository through its
// git mirror — its GitHub clone URL with the installation token, or the binding's `git.url` — where a
// dataset without `rev` means the head under review. Another repository only when the binding declares
// it as a `git` integration, fetched with that integration's token; never without a server
// configuration, so a pull request cannot make the server fetch a URL of its choosing.

export interface GitHubDvcDeps {
  octokit: InstallationOctokit;
  binding: ServerBinding | null;
  mirrors: RepoMirrors;
  env: NodeJS.ProcessEnv;
}

export function githubDvcRepositories(
  target: ReviewTarget,
  deps: GitHubDvcDeps,
): (repo: string, rev: string | null) => Promise<RepoFiles | { unavailable: string }> {
  const repository = `${target.owner}/${target.repo}`;
  let cloneUrl: Promise<string> | undefined;
  const token = async () => ((await deps.octokit.auth({ type: "installation" })) as { token: string }).token;
  return async (repo) => {
    try {
      if (isPlatformRepo(repo)) {
        cloneUrl ??= deps.octokit.rest.repos
          .get({ owner: target.owner, repo: target.repo })
          .then(({ data }) => data.clone_url);
        const mirror = await deps.mirrors.open(repository, mirrorSource(deps.binding, await cloneUrl, token));
        return mirrorRepoFiles(mirror, { label: repository, defaultCommit: target.headSha });
      }
      if (deps.binding === null)
        return {
          unavailable: `repository ${repo} can be read only through a \`git\` integration of the server configuration`,
        };
      const bound = boundGitRepository(deps.binding, repo);
      if (!bound) return { unavailable: `repository ${repo} is not bound as a \`git\` integration` };
      const ref = bound.integration.token;
      const read = nodeSecretReader(deps.env);
      const credentials = ref ? async () => (await read(ref)).replace(/[\r\n]+$/, "") : null;
      const mirror = await deps.mirrors.open(`git:${bound.name}`, {
        url: bound.integration.url,
        credentials,
      });
      return mirrorRepoFiles(mirror, { label: repo, defaultCommit: null });
    } catch (error) {
      // The mirror's refusals (a URL it cannot use) and GitHub's answers name no credential.
      return {
        unavailable: `the repository could not be opened (${(error as Error).message.slice(0, 300)})`,
      };
    }
  };
}
