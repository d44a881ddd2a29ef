import type { ServerBinding, ServerConfig } from "../manifests/schemas/server-config.ts";
import { bindingFor } from "../manifests/validate-server-config.ts";
import type { InstallationOctokit } from "./octokit.ts";

/** One environment of one repository the loop passes over; `key` is "owner/repo environment". */
export interface Target {
  key: string;
  repository: string;
  environment: string;
}

/** What the loop needs to reach a repository: its installation, default branch and clone URL. */
export interface Installed {
  installation: number;
  branch: string;
  cloneUrl: string;
}

/** Repositories one `owner/*` binding reconciles at most; more are logged and left out. */
export const MAX_WILDCARD_REPOSITORIES = 100;

/** The environments of a binding that name a cluster (the others have nothing to compare with). */
export function clusterEnvironments(binding: Pick<ServerBinding, "environments">): string[] {
  return Object.entries(binding.environments)
    .filter(([, bound]) => bound.cluster.inCluster || bound.cluster.kubeconfig || bound.cluster.context)
    .map(([environment]) => environment);
}

export function targetsOf(repository: string, environments: readonly string[]): Target[] {
  return environments.map((environment) => ({
    key: `${repository} ${environment}`,
    repository,
    environment,
  }));
}

/** The targets of the `owner/repo` bindings, known from the configuration alone. */
export function exactTargets(config: ServerConfig | null): Target[] {
  return (config?.bindings ?? [])
    .filter((b) => !b.repository.endsWith("/*"))
    .flatMap((b) => targetsOf(b.repository, clusterEnvironments(b)));
}

/** Owners (lowercase) of the `owner/*` bindings that bind a cluster. */
export function wildcardOwners(config: ServerConfig | null): string[] {
  return (config?.bindings ?? [])
    .filter((b) => b.repository.endsWith("/*") && clusterEnvironments(b).length > 0)
    .map((b) => (b.repository.split("/")[0] ?? "").toLowerCase());
}

/** True when `repository` is bound by an `owner/*` binding (no `owner/repo` binding of its own). */
export function boundByWildcard(config: ServerConfig | null, repository: string): ServerBinding | null {
  const binding = config ? bindingFor(config, repository) : null;
  return binding?.repository.endsWith("/*") ? binding : null;
}

export interface Discovered {
  targets: Target[];
  installed: Map<string, Installed>;
  /** Owners with more repositories than MAX_WILDCARD_REPOSITORIES, and how many were found. */
  truncated: { owner: string; found: number }[];
}

/**
 * Expands the `owner/*` bindings (issue #10): the repositories the app's installations on that owner
 * can see, each with its installation, default branch and clone URL, at most MAX_WILDCARD_REPOSITORIES
 * per owner (by name). Repositories with their own `owner/repo` binding are left to it.
 */
export async function discoverWildcardTargets(
  config: ServerConfig | null,
  clients: {
    app: () => Promise<InstallationOctokit>;
    installation: (id: number) => Promise<InstallationOctokit>;
  },
  limit = MAX_WILDCARD_REPOSITORIES,
): Promise<Discovered> {
  const owners = new Set(wildcardOwners(config));
  const found: Discovered = { targets: [], installed: new Map(), truncated: [] };
  if (owners.size === 0) return found;
  const app = await clients.app();
  const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
  for (const owner of owners) {
    const repos: { name: string; installed: Installed }[] = [];
    for (const installation of installations) {
      const account = installation.account as { login?: string } | null;
      if (account?.login?.toLowerCase() !== owner) continue;
      const octokit = await clients.installation(installation.id);
      const listed = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
        per_page: 100,
      });
      for (const repo of listed)
        if (boundByWildcard(config, repo.full_name))
          repos.push({
            name: repo.full_name,
            installed: {
              installation: installation.id,
              branch: repo.default_branch,
              cloneUrl: repo.clone_url,
            },
          });
    }
    repos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (repos.length > limit) found.truncated.push({ owner, found: repos.length });
    for (const { name, installed } of repos.slice(0, limit)) {
      const binding = boundByWildcard(config, name);
      found.targets.push(...targetsOf(name, binding ? clusterEnvironments(binding) : []));
      found.installed.set(name.toLowerCase(), installed);
    }
  }
  return found;
}
