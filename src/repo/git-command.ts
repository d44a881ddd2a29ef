import type { MirrorRemote } from "./mirror-remote.ts";
import { runGitProcess } from "./run-git.ts";

/**
 * How every git process of a mirror is started. The installation token travels only in the child's
 * environment, as an `http.<url>.extraheader` set through GIT_CONFIG_COUNT/KEY/VALUE — never in argv
 * (visible in `ps`), the remote URL or `.git/config`. The environment is built from scratch, so no
 * ambient GIT_* variable, askpass program, credential helper or user/system config takes part.
 */
export interface GitCommandSettings {
  gitDir: string;
  /** Directory the process runs in (must exist); the mirror's parent, since the mirror may not yet. */
  cwd: string;
  remote: MirrorRemote;
  binary: string;
  timeoutMs: number;
  /**
   * Kills every command of the mirror, running or started later (the server abandoning its work at
   * shutdown); their callers are then never answered.
   */
  stop?: AbortSignal;
}

/** The Authorization header GitHub expects for git over https with an installation token. */
export function authorizationHeader(token: string): string {
  return `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
}

/** Everything that could reveal the token if printed, for masking. */
export function secretForms(token: string | null): string[] {
  return token ? [token, authorizationHeader(token).slice("Basic ".length)] : [];
}

/**
 * Commands that only read the object store run `offline`: no transport is allowed, so a blob missing
 * from the partial mirror is an error instead of a silent fetch of one object per request.
 */
const NO_TRANSPORT = "none";

export function gitEnvironment(
  settings: GitCommandSettings,
  token: string | null,
  offline = false,
): Record<string, string> {
  const config: [string, string][] = [
    ["core.hooksPath", "/dev/null"],
    ["credential.helper", ""],
    ["http.followRedirects", "false"], // a redirect must not carry the header to another host
    // git's automatic housekeeping runs inside the command, under the mirror's exclusion: detached, it
    // would hold lock files the next operation takes for a crashed writer's.
    ["gc.autoDetach", "false"],
  ];
  if (token)
    config.push([`http.${settings.remote.url}.extraheader`, `Authorization: ${authorizationHeader(token)}`]);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    LC_ALL: "C", // git's messages in English, so faults can be classified
    GIT_DIR: settings.gitDir,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL: offline ? NO_TRANSPORT : settings.remote.protocols.join(":"),
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** One git command of a mirror: its stdout as text or bytes; `input` is written to stdin. */
export interface GitCommand {
  raw(args: string[]): Promise<string>;
  binaryCatFile(args: string[]): Promise<Buffer>;
}

export interface GitCommandOptions {
  /** Written to the command's stdin. */
  input?: string;
  /** Read the object store only (see NO_TRANSPORT). */
  offline?: boolean;
  /** Ends the command early (its whole process group), besides the command timeout. */
  signal?: AbortSignal;
  /** Sees stdout as it arrives. */
  onStdout?: (chunk: Buffer) => void;
}

/**
 * A git command bounded by the command timeout, run in its own process group (run-git.ts) so that a
 * timeout also ends the helpers git started.
 */
export function gitCommand(
  settings: GitCommandSettings,
  token: string | null,
  options: GitCommandOptions | string = {},
): GitCommand {
  const {
    input,
    offline,
    signal: own,
    onStdout,
  } = typeof options === "string" ? { input: options } : options;
  const signals = [own, settings.stop].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const start = (args: string[]) =>
    runGitProcess({
      binary: settings.binary,
      args,
      cwd: settings.cwd,
      env: gitEnvironment(settings, token, offline),
      timeoutMs: settings.timeoutMs,
      ...(input === undefined ? {} : { input }),
      ...(signal ? { signal } : {}),
      ...(onStdout ? { onStdout } : {}),
    });
  // Work the server abandons at shutdown ends with its git processes, and then stays silent: an answer
  // (even a failure) would let it fall back to the API or write a failed check on the way out.
  const run = (args: string[]): Promise<Buffer> =>
    start(args).catch((error: unknown) =>
      settings.stop?.aborted ? new Promise<never>(() => {}) : Promise.reject(error),
    );
  return {
    raw: async (args) => (await run(args)).toString("utf8"),
    binaryCatFile: (args) => run(["cat-file", ...args]),
  };
}
