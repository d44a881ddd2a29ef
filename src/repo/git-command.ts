import { type SimpleGit, simpleGit } from "simple-git";
import type { MirrorRemote } from "./mirror-remote.ts";

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
}

// simple-git refuses these by default because untrusted input could set them; here Slipway sets them
// itself, to the safe values below, so it opts in to exactly these categories and variables.
const UNSAFE = {
  allowUnsafeConfigEnvCount: true, // GIT_CONFIG_COUNT carries the settings below
  allowUnsafeHooksPath: true, // core.hooksPath=/dev/null: no hook runs, whatever the repository holds
  allowUnsafeCredentialHelper: true, // credential.helper= (empty) clears every configured helper
  allowUnsafeConfigPaths: true, // GIT_CONFIG_GLOBAL=/dev/null: the user's ~/.gitconfig is not read
} as const;

export const GIT_ENVIRONMENT = [
  "GIT_DIR",
  "GIT_CONFIG_NOSYSTEM",
  "GIT_CONFIG_GLOBAL",
  "GIT_TERMINAL_PROMPT",
  "GIT_ALLOW_PROTOCOL",
  "GIT_CONFIG_COUNT",
  ...[0, 1, 2, 3, 4].flatMap((i) => [`GIT_CONFIG_KEY_${i}`, `GIT_CONFIG_VALUE_${i}`]),
];

/** The Authorization header GitHub expects for git over https with an installation token. */
export function authorizationHeader(token: string): string {
  return `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
}

/** Everything that could reveal the token if printed, for masking. */
export function secretForms(token: string | null): string[] {
  return token ? [token, authorizationHeader(token).slice("Basic ".length)] : [];
}

export function gitEnvironment(settings: GitCommandSettings, token: string | null): Record<string, string> {
  const config: [string, string][] = [
    ["core.hooksPath", "/dev/null"],
    ["credential.helper", ""],
    ["http.followRedirects", "false"], // a redirect must not carry the header to another host
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
    GIT_ALLOW_PROTOCOL: settings.remote.protocols.join(":"),
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** A simple-git client for one command, bounded by the command timeout; `input` is written to stdin. */
export function gitCommand(settings: GitCommandSettings, token: string | null, input?: string): SimpleGit {
  return simpleGit({
    baseDir: settings.cwd,
    binary: settings.binary,
    unsafe: UNSAFE,
    allowEnvironment: GIT_ENVIRONMENT,
    abort: AbortSignal.timeout(settings.timeoutMs),
    maxConcurrentProcesses: 1,
    ...(input === undefined ? {} : { input: () => input }),
  }).env(gitEnvironment(settings, token));
}
