import { randomBytes } from "node:crypto";
import { paginate } from "./pagination.ts";
import { created, notFound, ok } from "./replies.ts";
import { type Route, visibleRepo } from "./routing.ts";
import { appJson, installationJson, repoJson } from "./shapes.ts";

/** GitHub's installation tokens live one hour. */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export const appRoutes: readonly Route[] = [
  {
    method: "GET",
    template: "/app",
    auth: "app",
    handle: (ctx) => ok(appJson(ctx.urls, ctx.app)),
  },
  {
    method: "GET",
    template: "/app/installations",
    auth: "app",
    handle: (ctx) =>
      paginate(
        ctx.url,
        ctx.state.installations.map((i) => installationJson(ctx.urls, ctx.app, i)),
      ),
  },
  {
    method: "GET",
    template: "/app/installations/{installation_id}",
    auth: "app",
    handle: (ctx) => {
      const inst = ctx.state.installations.find((i) => String(i.id) === ctx.params.installation_id);
      return inst ? ok(installationJson(ctx.urls, ctx.app, inst)) : notFound();
    },
  },
  {
    method: "POST",
    template: "/app/installations/{installation_id}/access_tokens",
    auth: "app",
    handle: (ctx) => {
      const inst = ctx.state.installations.find((i) => String(i.id) === ctx.params.installation_id);
      if (!inst) return notFound();
      const token = `ghs_${randomBytes(27).toString("base64url").replace(/[-_]/g, "x").slice(0, 36)}`;
      const expiresAt = ctx.state.now().getTime() + TOKEN_LIFETIME_MS;
      ctx.state.tokens.set(token, { token, installationId: inst.id, expiresAt });
      return created({
        token,
        expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: appJson(ctx.urls, ctx.app).permissions,
        repository_selection: "selected",
      });
    },
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/installation",
    auth: "app",
    handle: (ctx) => {
      const repo = visibleRepo(ctx);
      const inst = ctx.state.installations.find((i) => i.id === repo?.installationId);
      return inst ? ok(installationJson(ctx.urls, ctx.app, inst)) : notFound();
    },
  },
  {
    method: "GET",
    template: "/installation/repositories",
    auth: "installation",
    handle: (ctx) => {
      const id = ctx.caller.kind === "installation" ? ctx.caller.installationId : undefined;
      const repos = [...ctx.state.repos.values()].filter((r) => r.installationId === id);
      return paginate(ctx.url, repos, (page) => ({
        total_count: repos.length,
        repository_selection: "selected",
        repositories: page.map((r) => repoJson(ctx.urls, r)),
      }));
    },
  },
];
