import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeGitHub } from "../fakes/fake-github.ts";
import { nextActivity, notifyActivity } from "./activity.ts";

const BIN = new URL("../../bin/slipway.js", import.meta.url).pathname;

export interface RunningServer {
  /** The server process's id (for /proc readings such as its peak RSS). */
  pid: number;
  url: string;
  webhookUrl: string;
  output: () => string;
  stop: () => Promise<number | null>;
  /** Sends a signal at once; the promise is the exit code, for tests that watch the server shut down. */
  signal: (name: NodeJS.Signals) => Promise<number | null>;
}

/** How long `slipway serve` may take to say it listens (a loaded machine) before it is killed. */
const START_LIMIT_MS = 60_000;
/** How long a stopped server may take to exit (its shutdown grace is 25 s by default) before it is killed. */
const STOP_LIMIT_MS = 40_000;

/** Servers started by this process and not yet exited: killed with it, whatever ends it. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/**
 * Signals the server's process group (it leads one of its own), so what it started without a group of
 * its own goes too; a group already gone is no error.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** The exit code, or null (killed by a signal) — after SIGKILL to the group if it outlives `limitMs`. */
async function exitWithin(child: ChildProcess, limitMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, "exit") as Promise<[number | null]>;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), limitMs);
  });
  const first = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (first !== "late") return first[0];
  killGroup(child, "SIGKILL");
  const [code] = await exited;
  return code;
}

/**
 * Starts the real `slipway serve` process against a fake GitHub, and waits until it listens. GitHub's
 * write pacing is off (the fake has no secondary rate limits) unless `env` sets SLIPWAY_GITHUB_PACING.
 * The server leads its own process group: stopping it (or its failing to start in time) kills the
 * group, and a server still running when this process exits is killed with it.
 */
export async function startSlipwayServer(
  fake: FakeGitHub,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningServer> {
  // The server's git mirrors go to a directory of this server's own, removed once it has exited.
  const stateDir = env.SLIPWAY_STATE_DIR ? null : mkdtempSync(join(tmpdir(), "slipway-server-state-"));
  const removeState = () => {
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  };
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
    // The IPC channel ties the server's life to this process: it shuts down if the test dies first.
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      APP_ID: String(fake.appId),
      PRIVATE_KEY: fake.privateKeyPem,
      WEBHOOK_SECRET: fake.webhookSecret,
      GHE_HOST: fake.host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      SLIPWAY_SWEEP_INTERVAL_SECONDS: "0",
      SLIPWAY_GITHUB_PACING: "off",
      ...(stateDir ? { SLIPWAY_STATE_DIR: stateDir } : {}),
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE,
      ...env,
    },
  });
  running.add(child);
  child.once("exit", () => {
    running.delete(child);
    removeState();
  });
  // The channel must not keep this process alive by itself; a server left running dies with it.
  child.channel?.unref();
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    notifyActivity();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    notifyActivity();
  });
  const started = await new Promise<"listening" | "exited" | "late">((resolve) => {
    const timer = setTimeout(() => resolve("late"), START_LIMIT_MS);
    const done = (how: "listening" | "exited") => {
      clearTimeout(timer);
      child.stdout?.off("data", look);
      child.off("exit", exited);
      resolve(how);
    };
    const look = () => {
      if (/listening on port \d+/.test(out)) done("listening");
    };
    const exited = () => done("exited");
    child.stdout?.on("data", look);
    child.once("exit", exited);
  });
  if (started === "exited") throw new Error(`slipway serve exited early:\n${out}`);
  if (started === "late") {
    killGroup(child, "SIGKILL");
    throw new Error(`slipway serve did not listen within ${START_LIMIT_MS / 1000} s:\n${out}`);
  }
  const port = Number(/listening on port (\d+)/.exec(out)?.[1]);
  const url = `http://localhost:${port}`;
  return {
    pid: child.pid as number,
    url,
    webhookUrl: `${url}/api/github/webhooks`,
    output: () => out,
    stop: async () => {
      killGroup(child, "SIGTERM");
      const code = await exitWithin(child, STOP_LIMIT_MS);
      // Whatever the server started in its group and left behind goes with it.
      killGroup(child, "SIGKILL");
      return code;
    },
    signal: async (name) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(name);
      const code = await exitWithin(child, STOP_LIMIT_MS);
      killGroup(child, "SIGKILL");
      return code;
    },
  };
}

/** How long a wait goes without an event before it looks again anyway (for what no event announces). */
const RECHECK_MS = 250;

/**
 * Waits until the server's job queue is empty (its `/readyz` reports the depth), asking again whenever a
 * fake server answers a request or the server writes output: the job that drains the queue ends with
 * its last request to a fake.
 */
export async function untilIdle(server: RunningServer, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const status = (await (await fetch(`${server.url}/readyz`)).json()) as { queueDepth: number };
    if (status.queueDepth === 0) return;
    if (Date.now() > deadline) throw new Error("timed out waiting for the server's queue to drain");
    await nextActivity(RECHECK_MS);
  }
}

/**
 * Waits (bounded) until `condition` holds; the server works asynchronously after acknowledging. The
 * condition is looked at again at each activity (a fake answered, the server wrote output).
 */
export async function until(condition: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await nextActivity(Math.min(RECHECK_MS, Math.max(1, deadline - Date.now())));
  }
}
