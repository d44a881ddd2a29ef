import type { Probot } from "probot";
import type { Installed } from "./bound-targets.ts";
import type { InstallationOctokit } from "./octokit.ts";

/**
 * What the server's background loops need to know of the app on a repository — its installation, the
 * default branch and clone URL, the bot's slug, a fresh installation token — looked up once and kept
 * until a failure says the app may have been reinstalled.
 */
export class AppInstallations {
  readonly #app: Probot;
  readonly #known = new Map<string, Installed>();
  #slug: Promise<string> | null = null;

  constructor(app: Probot) {
    this.#app = app;
  }

  remember(repository: string, installed: Installed): void {
    this.#known.set(repository.toLowerCase(), installed);
  }

  /** After a failure: the app may have been reinstalled (a new installation id), so look it up again. */
  forget(repository: string): void {
    this.#known.delete(repository.toLowerCase());
  }

  async of(repository: string): Promise<Installed> {
    const found = this.#known.get(repository.toLowerCase());
    if (found) return found;
    const [owner = "", repo = ""] = repository.split("/");
    const appOctokit = await this.#app.auth();
    const { data } = await appOctokit.rest.apps.getRepoInstallation({ owner, repo });
    const octokit = await this.octokit(data.id);
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    const listed = repos.find((r) => r.full_name.toLowerCase() === repository.toLowerCase());
    if (!listed) throw new Error(`the app's installation ${data.id} does not list ${repository}`);
    const installed = { installation: data.id, branch: listed.default_branch, cloneUrl: listed.clone_url };
    this.remember(repository, installed);
    return installed;
  }

  async octokit(installation: number): Promise<InstallationOctokit> {
    return (await this.#app.auth(installation)) as InstallationOctokit;
  }

  /** A fresh installation token for each call (the installation looked up again after a failure). */
  tokenFor(repository: string): () => Promise<string> {
    return async () => {
      const octokit = await this.octokit((await this.of(repository)).installation);
      return ((await octokit.auth({ type: "installation" })) as { token: string }).token;
    };
  }

  /** The app's slug names its bot, the author of the issues it keeps (found again only if the bot wrote them). */
  appSlug(): Promise<string> {
    this.#slug ??= this.#app
      .auth()
      .then(async (appOctokit) => (await appOctokit.rest.apps.getAuthenticated()).data?.slug ?? "");
    this.#slug.catch(() => {
      this.#slug = null;
    });
    return this.#slug;
  }
}
