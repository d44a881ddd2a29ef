import { notFound, ok } from "./replies.ts";
import { type Route, visibleRepo } from "./routing.ts";
import { userJson } from "./shapes.ts";
import type { RepoRole } from "./state.ts";

/** The legacy `permission` field knows only admin/write/read/none: maintain reads as write, triage as read. */
const LEGACY: Record<RepoRole, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
};

const FLAGS: Record<RepoRole, Record<string, boolean>> = {
  admin: { admin: true, maintain: true, push: true, triage: true, pull: true },
  maintain: { admin: false, maintain: true, push: true, triage: true, pull: true },
  write: { admin: false, maintain: false, push: true, triage: true, pull: true },
  triage: { admin: false, maintain: false, push: false, triage: true, pull: true },
  read: { admin: false, maintain: false, push: false, triage: false, pull: true },
};

export const permissionRoutes: readonly Route[] = [
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/collaborators/{username}/permission",
    auth: "installation",
    handle: (ctx) => {
      const repo = visibleRepo(ctx);
      const login = ctx.params.username ?? "";
      const user = ctx.state.users.get(login.toLowerCase());
      // A login the fake has never seen is not a GitHub user: 404, as GitHub answers for unknown users.
      if (!repo || !user) return notFound();
      const role: RepoRole | undefined =
        user.id === repo.owner.id
          ? "admin"
          : (repo.roles.get(user.login.toLowerCase()) ?? (repo.private ? undefined : "read"));
      // A known user without access to a private repository: permission "none".
      return ok({
        permission: role ? LEGACY[role] : "none",
        role_name: role ?? "none",
        user: {
          ...userJson(ctx.urls, user),
          permissions: role
            ? FLAGS[role]
            : { admin: false, maintain: false, push: false, triage: false, pull: false },
          role_name: role ?? "none",
        },
      });
    },
  },
];
