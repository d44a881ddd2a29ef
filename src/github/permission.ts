import { PERMISSION_LEVELS, type PermissionLevel } from "../commands/command-spec.ts";
import type { InstallationOctokit } from "./octokit.ts";

/**
 * A user's permission on a repository through the collaborator permission API. `role_name` carries
 * the finer levels (maintain, triage) that `permission` folds into write and read. Unknown users are
 * `none`, never an error that could be mistaken for access.
 */
export async function permissionOf(
  octokit: InstallationOctokit,
  repo: { owner: string; repo: string },
  username: string,
): Promise<PermissionLevel> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    const role = (data as { role_name?: string }).role_name;
    if (role && (PERMISSION_LEVELS as readonly string[]).includes(role)) return role as PermissionLevel;
    return (PERMISSION_LEVELS as readonly string[]).includes(data.permission)
      ? (data.permission as PermissionLevel)
      : "none";
  } catch (error) {
    if ((error as { status?: number }).status === 404) return "none";
    throw error;
  }
}
