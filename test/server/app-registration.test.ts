import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appNameFor, registrationManifest } from "../../src/server/app-manifest.ts";
import { withDotEnv, writeDotEnv } from "../../src/server/dot-env.ts";
import { type FakeManifestFlow, startFakeManifestFlow } from "../fakes/github/app-manifest-flow.ts";

// `slipway serve` without credentials, against GitHub's manifest flow (test/fakes/github/app-manifest-
// flow.ts): the test plays the browser — the page, the form handed to GitHub, GitHub's redirect back.

const BIN = new URL("../../bin/slipway.js", import.meta.url).pathname;
const APP_YML = readFileSync(new URL("../../app.yml", import.meta.url), "utf8");

interface Served {
  child: ChildProcess;
  port: number;
  output: () => string;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGTERM");
});

/** Starts `slipway serve` in `cwd`; the IPC channel makes it stop with this worker if a test times out. */
async function serve(cwd: string, env: NodeJS.ProcessEnv): Promise<Served> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
    cwd,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      LOG_LEVEL: "warn",
      SLIPWAY_SWEEP_INTERVAL_SECONDS: "0",
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE,
      ...env,
    },
  });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  while (!/listening on port \d+\n[\s\S]*\n/.test(out)) {
    const [code] = await Promise.race([
      once(child.stdout as NodeJS.ReadableStream, "data").then(() => [null]),
      once(child, "exit"),
    ]);
    if (code !== null && code !== undefined) throw new Error(`server exited early: ${out}`);
  }
  return { child, port: Number(/listening on port (\d+)/.exec(out)?.[1]), output: () => out };
}

function hiddenManifest(html: string): { action: string; manifest: string } {
  const action = /<form id="manifest" method="post" action="([^"]+)"/.exec(html)?.[1] ?? "";
  const value = /name="manifest" value="([^"]*)"/.exec(html)?.[1] ?? "";
  const fromHtml = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
  return { action: fromHtml(action), manifest: fromHtml(value) };
}

describe("the App's name and manifest", () => {
  it("carries the owning account, within GitHub's 34 characters", () => {
    expect(appNameFor("Slipway", "acme")).toBe("Slipway (acme)");
    const long = appNameFor("Slipway", "a-very-long-organisation-name-indeed");
    expect(long).toBe("Slipway (a-very-long-organisatio…)");
    expect(long.length).toBeLessThanOrEqual(34);
  });

  it("keeps app.yml's permissions and events, with its own webhook and redirect URLs", () => {
    const manifest = registrationManifest(APP_YML, {
      owner: "acme",
      webhookUrl: "https://smee.io/abc",
      redirectUrl: "http://localhost:3000/callback",
    });
    expect(manifest).toMatchObject({
      name: "Slipway (acme)",
      hook_attributes: { url: "https://smee.io/abc" },
      redirect_url: "http://localhost:3000/callback",
      default_permissions: { checks: "write", pull_requests: "write" },
      public: false,
    });
    expect(manifest.default_events).toContain("pull_request");
  });
});

describe(".env written by the registration", () => {
  it("is read back as written, keeps other lines, replaces a multi-line key, and is private", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-dotenv-"));
    writeFileSync(join(dir, ".env"), 'LOG_LEVEL=debug\nPRIVATE_KEY="-----BEGIN\nold\n-----END"\nAPP_ID=1\n');
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\nabc=\n-----END RSA PRIVATE KEY-----\n";
    writeDotEnv(dir, { APP_ID: "42", PRIVATE_KEY: pem, WEBHOOK_SECRET: "s3cr3t" });
    const text = readFileSync(join(dir, ".env"), "utf8");
    expect(parseEnv(text)).toEqual({
      LOG_LEVEL: "debug",
      APP_ID: "42",
      PRIVATE_KEY: pem,
      WEBHOOK_SECRET: "s3cr3t",
    });
    expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
    expect(withDotEnv({ APP_ID: "7" }, dir).APP_ID).toBe("7");
    expect(() => writeDotEnv(dir, { X: 'a"b' })).toThrow(/X holds a quote/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("slipway serve in setup mode", () => {
  let github: FakeManifestFlow;
  let cwd: string;
  beforeAll(async () => {
    github = await startFakeManifestFlow({ takenNames: ["Slipway"], organizations: ["acme"] });
    cwd = mkdtempSync(join(tmpdir(), "slipway-setup-"));
  });
  afterAll(async () => {
    await github.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it("says the one URL to open, answers /healthz, and is not ready", async () => {
    const server = await serve(cwd, { GHE_HOST: github.host, GHE_PROTOCOL: "http" });
    expect(server.output()).toContain(
      `slipway: setup mode (no GitHub App credentials): open http://localhost:${server.port}/ to register the App on GitHub`,
    );
    const health = await fetch(`http://localhost:${server.port}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "setup" }]);
    expect((await fetch(`http://localhost:${server.port}/readyz`)).status).toBe(503);
    const metrics = await fetch(`http://localhost:${server.port}/metrics`);
    expect(await metrics.text()).toContain("slipway_webhook_deliveries_total");
    const page = await (await fetch(`http://localhost:${server.port}/`)).text();
    expect(page).toContain('<form method="post" action="/register">');
    expect(page).toContain("GitHub cannot deliver webhooks to http://localhost:");
  });

  it("registers an App named after its organisation, writes .env, and the next start serves webhooks", async () => {
    const server = await serve(cwd, {
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      WEBHOOK_PROXY_URL: "https://smee.io/chan",
    });
    const base = `http://localhost:${server.port}`;
    // The name app.yml declares is taken on GitHub: as-is, it is refused.
    const asIs = await fetch(`http://${github.host}/organizations/acme/settings/apps/new`, {
      method: "POST",
      body: new URLSearchParams({
        manifest: JSON.stringify({
          ...registrationManifest(APP_YML, {
            owner: "acme",
            webhookUrl: "https://smee.io/chan",
            redirectUrl: `${base}/callback`,
          }),
          name: "Slipway",
        }),
      }),
      redirect: "manual",
    });
    expect([asIs.status, github.refusals]).toEqual([422, ["Name has already been taken"]]);

    const handOff = await fetch(`${base}/register`, {
      method: "POST",
      body: new URLSearchParams({ owner: "acme", organization: "on" }),
    });
    const { action, manifest } = hiddenManifest(await handOff.text());
    expect(action).toMatch(
      new RegExp(`^http://${github.host}/organizations/acme/settings/apps/new\\?state=[0-9a-f]{40}$`),
    );
    expect(JSON.parse(manifest)).toMatchObject({
      name: "Slipway (acme)",
      hook_attributes: { url: "https://smee.io/chan" },
    });

    const created = await fetch(action, {
      method: "POST",
      body: new URLSearchParams({ manifest }),
      redirect: "manual",
    });
    expect(created.status).toBe(302);
    const callback = created.headers.get("location") ?? "";
    expect(callback).toMatch(new RegExp(`^${base}/callback\\?code=\\w+&state=`));

    // A callback with another state is not this server's registration: nothing is exchanged or written.
    const forged = await fetch(callback.replace(/state=\w+/, "state=0000"), { redirect: "manual" });
    expect(forged.status).toBe(400);
    expect(github.conversions).toEqual([]);

    const back = await fetch(callback, { redirect: "manual" });
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe(`http://${github.host}/apps/slipway-acme/installations/new`);
    const app = github.apps[0];
    const written = parseEnv(readFileSync(join(cwd, ".env"), "utf8"));
    expect(written).toMatchObject({
      APP_ID: String(app?.id),
      PRIVATE_KEY: app?.pem,
      WEBHOOK_SECRET: app?.webhookSecret,
      GITHUB_CLIENT_ID: app?.clientId,
    });
    expect(server.output()).toContain(`registered the GitHub App "Slipway (acme)" (id ${app?.id})`);
    expect(server.output()).not.toContain(app?.webhookSecret);
    // One registration per start: a second callback is told to restart, and nothing more is exchanged.
    expect((await fetch(callback, { redirect: "manual" })).status).toBe(409);
    expect(github.conversions).toHaveLength(1);

    server.child.kill("SIGTERM");
    const next = await serve(cwd, {
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      WEBHOOK_PROXY_URL: "https://smee.io/chan",
    });
    expect(next.output()).not.toContain("setup mode");
    expect(next.output()).toContain(
      `npx smee-client --url https://smee.io/chan --target http://localhost:${next.port}/api/github/webhooks`,
    );
    expect((await fetch(`http://localhost:${next.port}/readyz`)).status).toBe(200);
  }, 60_000);
});
