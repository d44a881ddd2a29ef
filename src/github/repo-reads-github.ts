import { REPO_CONFIG_PATH } from "../manifests/source-tree.ts";
import type { ApiReads } from "../server/repo-reads.ts";
import type { BlobCache } from "./blob-cache.ts";
import type { InstallationOctokit } from "./octokit.ts";
import { readTreeFromGitHub } from "./read-tree.ts";

/**
 * A repository's reads through the REST API: what reviews and deploys fall back to when git is
 * unavailable, and the merge base a mirror cannot always tell by itself (one compare request).
 */
export function githubRepoReads(
  octokit: InstallationOctokit,
  repo: { owner: string; repo: string },
  cache: BlobCache,
): ApiReads {
  return {
    readTree: (ref) => readTreeFromGitHub(octokit, repo, ref, cache),
    async readConfig(branch) {
      try {
        const { data } = await octokit.rest.repos.getContent({
          ...repo,
          path: REPO_CONFIG_PATH,
          ref: branch,
        });
        if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
        return new Uint8Array(Buffer.from(data.content, "base64"));
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
    async changedFiles(pull) {
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        ...repo,
        pull_number: pull.number,
        per_page: 100,
      });
      return files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]));
    },
    async mergeBase(base, head) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        ...repo,
        basehead: `${base}...${head}`,
        per_page: 1,
      });
      return data.merge_base_commit.sha;
    },
  };
}

/**
 * Where git fetches the repository from: the web host of the API the client talks to (github.com for
 * api.github.com; the same host without `/api/v3` for GitHub Enterprise Server), as `clone_url` says.
 */
export function cloneUrlOf(octokit: InstallationOctokit, repo: { owner: string; repo: string }): string {
  const api = new URL(String(octokit.request.endpoint.DEFAULTS.baseUrl));
  const web = api.host === "api.github.com" ? "github.com" : api.host;
  const path = api.host === "api.github.com" ? "" : api.pathname.replace(/\/api\/v3\/?$/, "");
  return `${api.protocol}//${web}${path.replace(/\/+$/, "")}/${repo.owner}/${repo.repo}.git`;
}

/** A fresh installation token for each git fetch (Probot's client caches it until near expiry). */
export function installationToken(octokit: InstallationOctokit): () => Promise<string> {
  return async () => ((await octokit.auth({ type: "installation" })) as { token: string }).token;
}
