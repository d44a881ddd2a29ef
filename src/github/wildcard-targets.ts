import type { Probot } from "probot";
import type { ServerConfig } from "../manifests/schemas/server-config.ts";
import type { AppInstallations } from "./app-installations.ts";
import {
  boundByWildcard,
  clusterEnvironments,
  discoverWildcardTargets,
  MAX_WILDCARD_REPOSITORIES,
  type Target,
  targetsOf,
  wildcardOwners,
} from "./bound-targets.ts";
import { maskCredentials } from "./mask-credentials.ts";
import type { InstallationOctokit } from "./octokit.ts";

export interface WildcardTargetsOptions {
  config: ServerConfig | null;
  installations: AppInstallations;
  log: Probot["log"];
  /** Targets found (again): schedule them. */
  found: (targets: readonly Target[]) => void;
  /** Targets no longer visible to their `owner/*` binding: stop passing over them. */
  gone: (keys: readonly string[]) => void;
}

/**
 * The reconcile targets of `owner/*` bindings: the repositories the app's installations on that owner
 * can see (at most MAX_WILDCARD_REPOSITORIES by name), listed again on each refresh; a repository pushed
 * to is added at once.
 */
export class WildcardTargets {
  readonly #options: WildcardTargetsOptions;
  #discovered = new Set<string>();

  constructor(options: WildcardTargetsOptions) {
    this.#options = options;
  }

  get any(): boolean {
    return wildcardOwners(this.#options.config).length > 0;
  }

  /** Lists the repositories again; a failure is logged and the targets known so far stay. */
  async refresh(app: Probot): Promise<void> {
    const { config, installations, log } = this.#options;
    try {
      const found = await discoverWildcardTargets(config, {
        app: async () => (await app.auth()) as InstallationOctokit,
        installation: (id) => installations.octokit(id),
      });
      for (const [repository, installed] of found.installed) installations.remember(repository, installed);
      const now = new Set(found.targets.map((t) => t.key));
      this.#options.gone([...this.#discovered].filter((key) => !now.has(key)));
      this.#discovered = now;
      this.#options.found(found.targets);
      for (const { owner, found: count } of found.truncated)
        log.warn(
          { owner, repositories: count, limit: MAX_WILDCARD_REPOSITORIES },
          `reconcile: ${owner}/* binds more repositories than the limit; the first ${MAX_WILDCARD_REPOSITORIES} by name are reconciled`,
        );
      log.info(
        { owners: wildcardOwners(config), targets: found.targets.length },
        "reconcile: owner/* bindings expanded to the installations' repositories",
      );
    } catch (error) {
      log.warn(
        { reason: maskCredentials(String((error as Error)?.message ?? error)) },
        "reconcile: the repositories of owner/* bindings could not be listed; trying again at the next interval",
      );
    }
  }

  /** Refreshes at once and on every interval until `stop`. */
  start(app: Probot, intervalMs: number, stop: AbortSignal): void {
    void this.refresh(app);
    const timer = setInterval(() => void this.refresh(app), intervalMs);
    timer.unref();
    stop.addEventListener("abort", () => clearInterval(timer), { once: true });
  }

  /** A push to `repository`: when an `owner/*` binding covers it and there is room, its targets join. */
  pushed(repository: string): void {
    const wildcard = boundByWildcard(this.#options.config, repository);
    if (!wildcard) return;
    const repositories = new Set([...this.#discovered].map((key) => key.split(" ")[0]?.toLowerCase()));
    const room = repositories.has(repository.toLowerCase()) || repositories.size < MAX_WILDCARD_REPOSITORIES;
    if (!room) return;
    const targets = targetsOf(repository, clusterEnvironments(wildcard));
    for (const t of targets) this.#discovered.add(t.key);
    this.#options.found(targets);
  }
}
