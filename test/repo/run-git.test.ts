import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitExitError, GitTimeoutError, runGitProcess } from "../../src/repo/run-git.ts";

// The process-group runner with stand-in programs: whatever a command starts ends with it.

function alive(marker: string): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/cmdline`, "utf8").includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("runGitProcess", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "slipway-run-git-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A shell script standing in for git. */
  const script = (body: string) => {
    const file = join(dir, `git-${randomUUID()}`);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const run = (binary: string, timeoutMs = 10_000, input?: string) =>
    runGitProcess({
      binary,
      args: [],
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs,
      ...(input === undefined ? {} : { input }),
    });

  it("on timeout kills the command and every process it started", async () => {
    const marker = `marker-${randomUUID()}`;
    // A helper in the background (as git starts remote-http), and the command itself waiting on it.
    const binary = script(`sh -c 'sleep 600; echo ${marker}' &\nsleep 600 # ${marker}\n`);
    await expect(run(`${binary}`, 300)).rejects.toBeInstanceOf(GitTimeoutError);
    expect(alive(marker)).toEqual([]);
  });

  it("kills what a command left running when it exits", async () => {
    const marker = `marker-${randomUUID()}`;
    const binary = script(`sh -c 'exec sleep 600 ${marker}' >/dev/null 2>&1 </dev/null &\necho done`);
    expect((await run(binary)).toString()).toBe("done\n");
    expect(alive(marker)).toEqual([]);
  });

  it("gives stdout, feeds stdin, and reports a failure with git's words", async () => {
    expect((await run(script("tr a-z A-Z"), 10_000, "hello")).toString()).toBe("HELLO");
    const failure = run(script("echo 'fatal: not a git repository' >&2; exit 128"));
    await expect(failure).rejects.toBeInstanceOf(GitExitError);
    await expect(failure).rejects.toMatchObject({ exitCode: 128, message: "fatal: not a git repository" });
  });

  it("ends the group when the caller aborts, with the caller's reason", async () => {
    const marker = `marker-${randomUUID()}`;
    const stop = new AbortController();
    const running = runGitProcess({
      binary: script(`sh -c 'sleep 600; echo ${marker}' &\nwhile true; do echo line; sleep 0.01; done`),
      args: [],
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 60_000,
      signal: stop.signal,
      onStdout: () => stop.abort(new Error("enough lines")),
    });
    await expect(running).rejects.toThrow("enough lines");
    expect(alive(marker)).toEqual([]);
  });

  it("rejects at once when the binary does not exist", async () => {
    await expect(run(join(dir, "no-such-git"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
