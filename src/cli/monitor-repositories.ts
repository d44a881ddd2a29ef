import { isAbsolute, resolve } from "node:path";
import { mirrorRepoFiles } from "../datasets/dvc/mirror-repo-files.ts";
import type { RepoFiles } from "../datasets/dvc/repo-files.ts";
import { workingTreeFiles } from "../datasets/dvc/working-tree-files.ts";
import { boundGitRepository, isPlatformRepo } from "../manifests/bound-git-repository.ts";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import { defaultMirrorRoot, type GitMirror, openGitMirror } from "../repo/git-mirror.ts";
import { nodeSecretReader } from "../tracker/node-secrets.ts";

// The git repositories `slipway drift --monitor` reads DVC files from. The platform repository is the
// directory the Monitor came from: its working tree when a dataset names no `rev`, its git history
// (through a mirror of it, as the server reads) when it does. Another repository is fetched through a
// mirror too: any URL or path without a server configuration; with one, only a repository the
// binding declares as a `git` integration, with that integration's token.

export interface CliRepositories {
  repository(repo: string, rev: string | null): Promise<RepoFiles | { unavailable: string }>;
  close(): Promise<void>;
}

export function cliRepositories(
  dir: string,
  binding: ServerBinding | null,
  env: NodeJS.ProcessEnv,
): CliRepositories {
  const mirrors = new Map<string, Promise<GitMirror>>();
  const mirrorOf = (url: string, credentials?: () => Promise<string>) => {
    let found = mirrors.get(url);
    if (!found) {
      found = openGitMirror({ url, dir: defaultMirrorRoot(env), ...(credentials ? { credentials } : {}) });
      mirrors.set(url, found);
    }
    return found;
  };
  return {
    async repository(repo, rev) {
      try {
        if (isPlatformRepo(repo)) {
          if (rev === null) return workingTreeFiles(dir);
          return mirrorRepoFiles(await mirrorOf(dir), { label: dir, defaultCommit: null, localDir: dir });
        }
        const local = !/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) ? resolve(dir, repo) : undefined;
        if (binding === null) {
          const url = local ?? repo;
          return mirrorRepoFiles(await mirrorOf(url), {
            label: repo,
            defaultCommit: null,
            ...(local !== undefined && isAbsolute(local) ? { localDir: local } : {}),
          });
        }
        const bound = boundGitRepository(binding, repo);
        if (!bound)
          return {
            unavailable: `repository ${repo} is not bound as a \`git\` integration in the server configuration`,
          };
        const token = bound.integration.token;
        const read = nodeSecretReader(env);
        const credentials = token ? async () => (await read(token)).replace(/[\r\n]+$/, "") : undefined;
        return mirrorRepoFiles(await mirrorOf(bound.integration.url, credentials), {
          label: repo,
          defaultCommit: null,
        });
      } catch (error) {
        // The mirror refuses a URL it cannot use (ssh, credentials in it) with words of its own.
        return { unavailable: (error as Error).message };
      }
    },
    async close() {
      for (const pending of mirrors.values()) await pending.then((m) => m.close()).catch(() => undefined);
    },
  };
}
