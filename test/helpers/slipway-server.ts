import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
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

/** Starts the real `slipway serve` process against a fake GitHub, and waits until it listens. */
export async function startSlipwayServer(
  fake: FakeGitHub,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
    // The IPC channel ties the server's life to this process: it shuts down if the test dies first.
    stdio: ["ignore", "pipe", "pipe", "ipc"],
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
      ...env,
    },
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
  while (!/listening on port \d+/.test(out)) {
    const [code] = await Promise.race([
      once(child.stdout as NodeJS.ReadableStream, "data").then(() => [null]),
      once(child, "exit"),
    ]);
    if (code !== null && code !== undefined) throw new Error(`slipway serve exited early:\n${out}`);
  }
  const port = Number(/listening on port (\d+)/.exec(out)?.[1]);
  const url = `http://localhost:${port}`;
  return {
    pid: child.pid as number,
    url,
    webhookUrl: `${url}/api/github/webhooks`,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const [code] = (await once(child, "exit")) as [number | null];
      return code;
    },
    signal: (name) => {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      const exited = once(child, "exit").then(([code]) => code as number | null);
      child.kill(name);
      return exited;
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
