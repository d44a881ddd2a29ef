import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Issue #16 item 8: with APP_ID set, Slipway must not serve with Probot's public default secret
// ("development") nor fall into Probot's setup mode after a stack trace: a missing secret or a bad key
// is one line naming what to fix, and exit status 2.

const BIN = new URL("../../bin/slipway.js", import.meta.url).pathname;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();

/** Runs `slipway serve` until it exits by itself (a server that starts is stopped and fails the test). */
async function serve(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "slipway-startup-"));
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLIPWAY_SWEEP_INTERVAL_SECONDS: "0",
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE,
      ...env,
    },
  });
  let out = "";
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    if (/listening on port/.test(out)) child.kill("SIGTERM");
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, out };
}

function expectOneLine(out: string, pattern: RegExp): void {
  const lines = out.split("\n").filter((l) => l.trim() !== "");
  expect(lines, out).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(out).not.toMatch(/^\s+at /m);
  expect(out).not.toMatch(/setup mode|listening on port/i);
}

const SECRET = "a-webhook-secret";

describe("slipway serve refuses to start half-configured", () => {
  it("exits 2 naming WEBHOOK_SECRET when APP_ID is set without it", async () => {
    const { code, out } = await serve({ APP_ID: "12", PRIVATE_KEY: PEM });
    expect(code).toBe(2);
    expectOneLine(out, /WEBHOOK_SECRET/);
  });

  it("exits 2 with one line when PRIVATE_KEY is not a private key", async () => {
    const { code, out } = await serve({ APP_ID: "12", PRIVATE_KEY: "not a key", WEBHOOK_SECRET: SECRET });
    expect(code).toBe(2);
    expectOneLine(out, /PRIVATE_KEY .*not .*private key/);
  });

  it("exits 2 with one line when PRIVATE_KEY is a PEM block that does not parse", async () => {
    const broken = PEM.replace(/^(-----BEGIN RSA PRIVATE KEY-----\n)[A-Za-z0-9+/]{10}/, "$1AAAAAAAAAA");
    const { code, out } = await serve({ APP_ID: "12", PRIVATE_KEY: broken, WEBHOOK_SECRET: SECRET });
    expect(code).toBe(2);
    expectOneLine(out, /PRIVATE_KEY/);
    expect(out).not.toContain(broken.split("\n")[1]);
  });

  it("exits 2 with one line when PRIVATE_KEY_PATH cannot be read", async () => {
    const { code, out } = await serve({
      APP_ID: "12",
      PRIVATE_KEY_PATH: "/nonexistent/app.pem",
      WEBHOOK_SECRET: SECRET,
    });
    expect(code).toBe(2);
    expectOneLine(out, /PRIVATE_KEY_PATH .*\/nonexistent\/app\.pem.*no such file/);
  });

  it("exits 2 with one line when the file at PRIVATE_KEY_PATH is not a private key", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "slipway-key-")), "app.pem");
    writeFileSync(file, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    const { code, out } = await serve({ APP_ID: "12", PRIVATE_KEY_PATH: file, WEBHOOK_SECRET: SECRET });
    expect(code).toBe(2);
    expectOneLine(out, /PRIVATE_KEY_PATH/);
  });

  it("exits 2 naming both variables when APP_ID is set without a key", async () => {
    const { code, out } = await serve({ APP_ID: "12", WEBHOOK_SECRET: SECRET });
    expect(code).toBe(2);
    expectOneLine(out, /PRIVATE_KEY or PRIVATE_KEY_PATH/);
  });

  it("exits 2 naming SLIPWAY_GITHUB_PACING when it is neither on nor off", async () => {
    const { code, out } = await serve({
      APP_ID: "12",
      PRIVATE_KEY: PEM,
      WEBHOOK_SECRET: SECRET,
      SLIPWAY_GITHUB_PACING: "fast",
    });
    expect(code).toBe(2);
    expectOneLine(out, /SLIPWAY_GITHUB_PACING must be "on" or "off", not "fast"/);
  });

  it("exits 2 when APP_ID is not a number", async () => {
    const { code, out } = await serve({ APP_ID: "my-app", PRIVATE_KEY: PEM, WEBHOOK_SECRET: SECRET });
    expect(code).toBe(2);
    expectOneLine(out, /APP_ID/);
  });
});
