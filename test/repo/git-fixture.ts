import { execFileSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const IDENTITY = ["-c", "user.name=Platform Team", "-c", "user.email=platform@example.com"];

/** Runs git for the test's own setup (never the code under test); throws with git's message on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { PATH: process.env.PATH, LC_ALL: "C" } });
}

/**
 * A platform repository as the remote holds it: a bare `platform.git` under `root` (what the servers
 * serve) and a work tree that commits and pushes to it.
 */
export class SourceRepo {
  readonly root: string;
  readonly bare: string;
  readonly work: string;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), "slipway-git-remote-"));
    this.bare = join(this.root, "platform.git");
    this.work = join(this.root, "work");
    git(this.root, "init", "--quiet", "--bare", "--initial-branch=main", this.bare);
    git(this.root, "init", "--quiet", "--initial-branch=main", this.work);
    git(this.work, "remote", "add", "origin", this.bare);
  }

  /** Writes (or, for null, deletes) files, commits them on `branch` and pushes; returns the commit SHA. */
  commit(files: Record<string, string | Uint8Array | null>, message = "change", branch = "main"): string {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.work, path);
      if (content === null) rmSync(full, { force: true });
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    git(this.work, "add", "--all");
    git(this.work, ...IDENTITY, "commit", "--quiet", "--allow-empty", "-m", message);
    git(this.work, "push", "--quiet", "origin", `HEAD:refs/heads/${branch}`);
    return git(this.work, "rev-parse", "HEAD").trim();
  }

  symlink(target: string, path: string): void {
    symlinkSync(target, join(this.work, path));
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * A stand-in for the git executable that appends each invocation's argv (as `ps` shows it) with start
 * and end markers to a log, then runs the real git. `environment(command)` lists the git-related
 * variables the first child running `command` saw: the config values by name only, the rest in full.
 */
export function recordingGit(dir: string): {
  binary: string;
  invocations(): string[];
  environment(command: string): string[];
} {
  const binary = join(dir, "recording-git");
  const log = join(dir, "argv.log");
  const env = join(dir, "env.log");
  const script = [
    "#!/bin/sh",
    `echo "start $$ $*" >> ${log}`,
    `{ echo "== $*"; env | grep -E '^(GIT_|SSH_|.*ASKPASS)' | sed -E 's/^(GIT_CONFIG_VALUE_[0-9]+)=.*/\\1/' | sort; } >> ${env}`,
    'git "$@"',
    "code=$?",
    `echo "end $$" >> ${log}`,
    "exit $code",
  ];
  writeFileSync(binary, `${script.join("\n")}\n`);
  chmodSync(binary, 0o755);
  writeFileSync(log, "");
  writeFileSync(env, "");
  const lines = (path: string) => readFileSync(path, "utf8").split("\n").filter(Boolean);
  const environment = (command: string) => {
    const blocks = readFileSync(env, "utf8").split("== ").slice(1);
    const block = blocks.find((b) => b.startsWith(`${command} `)) ?? "";
    return block.split("\n").slice(1).filter(Boolean);
  };
  return { binary, invocations: () => lines(log), environment };
}

/** Every file under a directory with its bytes, for searching a mirror for secrets. */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const found: { path: string; bytes: Buffer }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      found.push({ path, bytes: readFileSync(path) });
    }
  }
  return found;
}

/** A log that keeps every line as text, to search. */
export function recordingLog(): {
  lines: string[];
  info(f: object, m: string): void;
  warn(f: object, m: string): void;
} {
  const lines: string[] = [];
  return {
    lines,
    info: (fields, message) => lines.push(`INFO ${message} ${JSON.stringify(fields)}`),
    warn: (fields, message) => lines.push(`WARN ${message} ${JSON.stringify(fields)}`),
  };
}
