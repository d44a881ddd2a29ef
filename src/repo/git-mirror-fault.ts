import { maskCredentials } from "../github/mask-credentials.ts";
import { GitExitError, GitTimeoutError } from "./run-git.ts";

/**
 * Why the platform repository's mirror could not answer. `corrupt` is recovered inside the mirror by
 * re-cloning; the others reach the caller (the reconcile loop maps them like any other fault).
 */
export type GitMirrorFaultKind =
  | "invalid"
  | "auth"
  | "not-found"
  | "unreachable"
  | "timeout"
  | "corrupt"
  | "git";

/** The only error the mirror rejects with. Its message names the operation, never a credential. */
export class GitMirrorFault extends Error {
  override readonly name = "GitMirrorFault";
  readonly kind: GitMirrorFaultKind;

  constructor(kind: GitMirrorFaultKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

// git's own wording (LC_ALL=C), most specific first; the first match decides the kind.
const CLASSES: readonly [GitMirrorFaultKind, RegExp, string][] = [
  [
    "auth",
    /could not read (username|password)|authentication failed|(HTTP|returned error:) 40[13]|terminal prompts disabled/i,
    "the server refused the credentials (check the app's installation and its access to the repository)",
  ],
  [
    "not-found",
    /couldn't find remote ref|not our ref|not found|does not appear to be a git repository|(HTTP|returned error:) 404|no such remote ref/i,
    "the repository, branch or commit does not exist on the remote",
  ],
  [
    "unreachable",
    /could not resolve host|failed to connect|connection refused|connection reset|couldn't connect|timed out|unable to access/i,
    "the remote could not be reached",
  ],
  [
    "corrupt",
    /\.lock'?: file exists|corrupt|bad object|unable to read|did not send all necessary objects|shallow|not a git repository|bad pack|packfile|index-pack failed|unable to parse|invalid object/i,
    "the local mirror is damaged",
  ],
];

/** Any failure of a git command as a GitMirrorFault: classified by git's message, credentials masked. */
export function toGitMirrorFault(
  operation: string,
  error: unknown,
  secrets: readonly string[],
  timeoutMs: number,
): GitMirrorFault {
  if (error instanceof GitMirrorFault) return error;
  if (error instanceof GitTimeoutError)
    return new GitMirrorFault("timeout", `${operation}: git did not finish within ${timeoutMs / 1000} s`);
  const raw = error instanceof Error ? error.message : String(error);
  const text = clean(raw, secrets);
  const detail = lastLine(text);
  if (error instanceof GitExitError || /^(fatal|error):/m.test(raw)) {
    for (const [kind, pattern, summary] of CLASSES)
      if (pattern.test(raw)) return new GitMirrorFault(kind, `${operation}: ${summary} (git: ${detail})`);
  }
  return new GitMirrorFault("git", `${operation}: ${detail || "git failed without a message"}`);
}

function clean(text: string, secrets: readonly string[]): string {
  return maskCredentials(text, secrets).replace(/\s+$/, "").slice(0, 2000);
}

/** git's last fatal/error line is the one that says why; bounded so a fault stays one line. */
function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const reason = [...lines].reverse().find((l) => /^(fatal|error):/.test(l)) ?? lines.at(-1) ?? "";
  return reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
}
