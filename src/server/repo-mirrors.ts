import { execFile } from "node:child_process";
import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { SourceTree } from "../manifests/source-tree.ts";
import { type GitMirror, type MirrorLog, openGitMirror } from "../repo/git-mirror.ts";
import { GitMirrorFault } from "../repo/git-mirror-fault.ts";
import { readTreeFromMirror } from "../repo/read-tree-from-mirror.ts";

/** Where one repository is fetched from, and the token (asked for on each fetch) when it goes to GitHub. */
export interface MirrorSource {
  url: string;
  credentials: (() => Promise<string>) | null;
}

/**
 * The repository's GitHub `clone_url` with the installation token, unless the operator's binding says
 * `git: { url }`. That override is fetched without credentials (a local path, `file://`, or a mirror or
 * proxy that needs none) — except on the clone URL's own host: the token never leaves GitHub's host.
 */
export function mirrorSource(
  binding: ServerBinding | null,
  cloneUrl: string,
  token: () => Promise<string>,
): MirrorSource {
  const override = binding?.git?.url.trim();
  if (!override) return { url: cloneUrl, credentials: token };
  return { url: override, credentials: sameHost(override, cloneUrl) ? token : null };
}

function sameHost(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return /^https?:$/.test(x.protocol) && x.protocol === y.protocol && x.host === y.host;
  } catch {
    return false;
  }
}

export interface RepoMirrorsOptions {
  /** The directory holding the mirrors (`defaultMirrorRoot`: `$SLIPWAY_STATE_DIR/git-mirrors`). */
  dir: string;
  log: MirrorLog;
  commandTimeoutMs?: number;
  gitBinary?: string;
}

interface Entry {
  url: string;
  mirror: Promise<GitMirror>;
  /** Replaced on each use, so a fetch asks the current installation for its token. */
  credentials: (() => Promise<string>) | null;
}

/**
 * One git mirror per repository for the life of the process (issues #10, #20): shared by reviews, plans,
 * deploys and reconcile passes so each fetches only what it lacks, opened again if the repository's URL
 * changes, closed on shutdown.
 */
export class RepoMirrors {
  readonly #options: RepoMirrorsOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #stop = new AbortController();
  #available: Promise<string | null> | null = null;
  #closed = false;

  constructor(options: RepoMirrorsOptions) {
    this.#options = options;
  }

  /** `DeployPorts.readTree` for `repository`: fetch the commit into its mirror (if absent), then read it. */
  readTree(repository: string, source: MirrorSource): (sha: string) => Promise<SourceTree> {
    return async (sha) => readTreeFromMirror(await this.open(repository, source))(sha);
  }

  /**
   * The repository's mirror, or null when git cannot run on this machine (asked once, said once in the
   * log): readers then go through the GitHub API instead.
   */
  async mirrorOf(repository: string, source: MirrorSource): Promise<GitMirror | null> {
    this.#available ??= gitVersion(this.#options.gitBinary ?? "git").then(
      () => null,
      (error: Error) => {
        this.#options.log.warn(
          { reason: error.message.slice(0, 300) },
          "git cannot run here; repositories are read through the GitHub API instead of git mirrors",
        );
        return error.message;
      },
    );
    return (await this.#available) === null ? this.open(repository, source) : null;
  }

  /** The mirror of `key` (a repository, or another git remote the binding names), opened once. */
  open(key: string, source: MirrorSource): Promise<GitMirror> {
    return this.#mirror(key.toLowerCase(), source);
  }

  async #mirror(key: string, source: MirrorSource): Promise<GitMirror> {
    if (this.#closed)
      throw new GitMirrorFault("invalid", "the repository mirrors are closed (the server is shutting down)");
    let entry = this.#entries.get(key);
    if (entry && entry.url !== source.url) {
      this.#entries.delete(key);
      await entry.mirror.then((m) => m.close()).catch(() => undefined);
      entry = undefined;
    }
    if (!entry) {
      const created: Entry = { url: source.url, mirror: Promise.resolve(null as never), credentials: null };
      const credentials = async () => {
        if (!created.credentials) throw new GitMirrorFault("auth", "no credentials for this remote");
        return created.credentials();
      };
      created.mirror = openGitMirror({
        url: source.url,
        dir: this.#options.dir,
        log: this.#options.log,
        ...(source.credentials ? { credentials } : {}),
        ...(this.#options.commandTimeoutMs ? { commandTimeoutMs: this.#options.commandTimeoutMs } : {}),
        ...(this.#options.gitBinary ? { gitBinary: this.#options.gitBinary } : {}),
        stop: this.#stop.signal,
      });
      // A URL the mirror refuses is not kept: the next pass tries again (after a config change).
      created.mirror.catch(() => this.#entries.get(key) === created && this.#entries.delete(key));
      entry = created;
      this.#entries.set(key, entry);
    }
    entry.credentials = source.credentials;
    return entry.mirror;
  }

  /**
   * Closes every mirror; later reads are refused. Running git commands are waited for, or, with
   * `abandon` (work the shutdown gave up on), killed at once with every process they started — the
   * work waiting on them is left unanswered, as abandoned work is (git-command.ts).
   */
  async close(options: { abandon?: boolean } = {}): Promise<void> {
    this.#closed = true;
    const open = [...this.#entries.values()];
    this.#entries.clear();
    if (options.abandon) {
      this.#stop.abort(new GitMirrorFault("invalid", "the server is shutting down"));
      return;
    }
    await Promise.all(open.map((e) => e.mirror.then((m) => m.close()).catch(() => undefined)));
  }
}

function gitVersion(binary: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      ["--version"],
      { timeout: 10_000, env: { PATH: process.env.PATH ?? "" } },
      (error, out) => (error ? reject(error) : resolve(out.trim())),
    );
  });
}
