import type { IntegrationBinding, ServerBinding } from "./schemas/server-config.ts";

// Which bound `git` integration a Monitor's `dvc.repo` names: the one whose `url` is the same
// repository, written with or without a trailing `/` or `.git`. Pure.

/** `.` (or nothing) names the platform repository itself. */
export function isPlatformRepo(repo: string | undefined): boolean {
  return repo === undefined || repo.trim() === "" || repo.trim() === ".";
}

function canonical(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, "")
    .replace(/\.git$/, "")
    .toLowerCase();
}

/** The name and binding of the `git` integration for `repo`, or undefined when none is bound. */
export function boundGitRepository(
  binding: ServerBinding,
  repo: string,
): { name: string; integration: IntegrationBinding & { url: string } } | undefined {
  for (const [name, integration] of Object.entries(binding.integrations ?? {}))
    if (
      integration.type === "git" &&
      integration.url !== undefined &&
      canonical(integration.url) === canonical(repo)
    )
      return { name, integration: integration as IntegrationBinding & { url: string } };
  return undefined;
}
