import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";

const BIN = new URL("../../bin/slipway.js", import.meta.url).pathname;

async function start(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: "warn",
      SLIPWAY_SWEEP_INTERVAL_SECONDS: "0",
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE,
      ...env,
    },
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  while (!/listening on port \d+/.test(out)) {
    const [code] = await Promise.race([
      once(child.stdout as NodeJS.ReadableStream, "data").then(() => [null]),
      once(child, "exit"),
    ]);
    if (code !== null && code !== undefined) throw new Error(`server exited early: ${out}`);
  }
  return { child, port: Number(/listening on port (\d+)/.exec(out)?.[1]) };
}

describe("slipway serve", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill("SIGTERM");
    child = undefined;
  });

  it("without credentials, serves the App registration page and answers /healthz", async () => {
    const server = await start({});
    child = server.child;
    const res = await fetch(`http://localhost:${server.port}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Register Slipway as a GitHub App");
    expect((await fetch(`http://localhost:${server.port}/healthz`)).status).toBe(200);
  });

  it("with credentials, answers its health endpoints and stops cleanly on SIGTERM", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const server = await start({
      APP_ID: "1",
      PRIVATE_KEY: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      WEBHOOK_SECRET: "test-secret",
      GHE_HOST: "127.0.0.1:9",
      GHE_PROTOCOL: "http",
    });
    child = server.child;
    for (const path of ["/healthz", "/readyz"]) {
      const res = await fetch(`http://localhost:${server.port}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok", queueDepth: 0 });
    }
    const unsigned = await fetch(`http://localhost:${server.port}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": "1" },
      body: "{}",
    });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    server.child.kill("SIGTERM");
    const [code] = (await once(server.child, "exit")) as [number | null];
    expect(code).toBe(0);
    child = undefined;
  });
});
