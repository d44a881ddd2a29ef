import { spawn } from "node:child_process";

// One git process, in its own process group. `git fetch` talks to the remote through a helper it starts
// (`git remote-http`); killing git alone leaves the helper re-parented to PID 1, holding the socket and
// the token-bearing environment until the remote gives up (issue #16). A timeout here kills the group.

export interface GitProcessOptions {
  readonly binary: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The whole environment of the process (nothing is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** Written to stdin, which is then closed. */
  readonly input?: string;
  readonly timeoutMs: number;
  /** Ends the command early (the whole group, like a timeout); it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Sees stdout as it arrives (e.g. to stop a listing that grows too long through `signal`). */
  readonly onStdout?: (chunk: Buffer) => void;
}

/** git ran and exited non-zero (or was killed by a signal); `stderr` is what it said (the last 64 KiB). */
export class GitExitError extends Error {
  override readonly name = "GitExitError";
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(exitCode: number | null, signal: string | null, stderr: string) {
    super(
      stderr.trim() || `git ${exitCode === null ? `was killed by ${signal}` : `exited with ${exitCode}`}`,
    );
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** git did not finish in time; it and every process it started were killed. */
export class GitTimeoutError extends Error {
  override readonly name = "GitTimeoutError";
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`git did not finish within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

const STDERR_KEPT = 64 * 1024;

/** Sends a signal to every process of a group; a group already gone is not an error. */
function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/**
 * Runs git to completion and resolves with its stdout, or rejects with GitExitError or GitTimeoutError.
 * It settles only once the process and its output pipes are closed, and after git exits, whatever of its
 * group is left (a helper still running) is killed too.
 */
export function runGitProcess(options: GitProcessOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // detached: the child calls setsid(), leading a new process group whose id is its pid.
    const child = spawn(options.binary, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    let stderr = "";
    let timedOut = false;
    let failed: Error | null = null;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
    }, options.timeoutMs);
    const abort = () => {
      failed = options.signal?.reason instanceof Error ? options.signal.reason : new Error("aborted");
      if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
    };
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener("abort", abort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout.push(chunk);
      options.onStdout?.(chunk);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEPT);
    });
    child.stdin.on("error", () => undefined); // git may exit before reading all of its input
    child.stdin.end(options.input ?? "");
    child.on("error", (error) => {
      failed = error;
      if (child.pid === undefined) {
        // Never started (the binary is missing): there is no process and no "close" to wait for.
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", abort);
        reject(error);
      }
    });
    child.on("exit", () => {
      if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", abort);
      if (timedOut) reject(new GitTimeoutError(options.timeoutMs));
      else if (failed) reject(failed);
      else if (code === 0) resolve(Buffer.concat(stdout));
      else reject(new GitExitError(code, signal, stderr));
    });
  });
}
