import { parse } from "yaml";

/**
 * The GitHub App manifest Slipway registers itself with (GitHub's manifest flow), from `app.yml`.
 * App names are unique across GitHub and at most 34 characters: `app.yml`'s "Slipway" is taken by the
 * first to register it, so the name carries the account that will own the App — "Slipway (acme)".
 */

/** GitHub's limit on an App's name. */
export const APP_NAME_MAX = 34;

/** A GitHub login: alphanumerics and single hyphens, not at either end, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

export function isGithubLogin(text: string): boolean {
  return LOGIN.test(text);
}

/** `Slipway (acme)`, the account shortened with "…" when the whole would pass GitHub's limit. */
export function appNameFor(base: string, owner: string): string {
  const whole = `${base} (${owner})`;
  if (whole.length <= APP_NAME_MAX) return whole;
  const room = APP_NAME_MAX - base.length - 4;
  return room >= 3 ? `${base} (${owner.slice(0, room)}…)` : whole.slice(0, APP_NAME_MAX);
}

export interface ManifestOptions {
  /** The account that will own the App (a user or an organisation login). */
  readonly owner: string;
  /** Where GitHub sends webhooks: the server's /api/github/webhooks, or a webhook proxy's channel. */
  readonly webhookUrl: string;
  /** Where GitHub sends the browser back with the one-time code. */
  readonly redirectUrl: string;
  /** A name chosen by the operator (SLIPWAY_APP_NAME) instead of "<app.yml's name> (<owner>)". */
  readonly name?: string;
}

/** The App's name as app.yml declares it ("Slipway" when it declares none). */
export function declaredName(appYml: string): string {
  const declared = parse(appYml) as { name?: unknown } | null;
  return typeof declared?.name === "string" && declared.name.trim() !== "" ? declared.name.trim() : "Slipway";
}

/** The manifest GitHub's "new App" form receives: app.yml's permissions and events, a name of its own. */
export function registrationManifest(appYml: string, options: ManifestOptions): Record<string, unknown> {
  const declared = (parse(appYml) ?? {}) as Record<string, unknown>;
  const base = declaredName(appYml);
  const hook = (declared.hook_attributes ?? {}) as Record<string, unknown>;
  return {
    ...declared,
    name: options.name ?? appNameFor(base, options.owner),
    hook_attributes: { ...hook, url: options.webhookUrl },
    redirect_url: options.redirectUrl,
  };
}
