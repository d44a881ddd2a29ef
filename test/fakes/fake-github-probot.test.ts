import { createSign } from "node:crypto";
import { createProbot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.ts";
import { seedPlatform } from "./seed-platform.ts";

let fake: FakeGitHub;

afterEach(async () => {
  await fake.close();
});

describe("Probot pointed at the fake through GHE_HOST", () => {
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });

  it("verifies a signed delivery and answers it through the fake's /api/v3 with an installation token", async () => {
    const { pull } = seedPlatform(fake);
    const probot = createProbot({
      env: {
        APP_ID: String(fake.appId),
        PRIVATE_KEY: fake.privateKeyPem,
        WEBHOOK_SECRET: fake.webhookSecret,
        GHE_HOST: fake.host,
        GHE_PROTOCOL: "http",
        LOG_LEVEL: "fatal",
      },
    });
    await probot.load((app) => {
      app.on("pull_request.opened", async (context) => {
        await context.octokit.rest.checks.create(
          context.repo({ name: "slipway/validate", head_sha: context.payload.pull_request.head.sha }),
        );
      });
    });
    const body = JSON.stringify(fake.pullRequestEvent("acme", "platform", 12, "opened"));
    await probot.webhooks.verifyAndReceive({
      id: "delivery-1",
      name: "pull_request",
      payload: body,
      signature: fake.signWebhook(body),
    });
    expect(fake.requests.map((r) => `${r.route} ${r.auth} ${r.status}`)).toEqual([
      "POST /app/installations/{installation_id}/access_tokens app 201",
      "POST /repos/{owner}/{repo}/check-runs installation 201",
    ]);
    expect(fake.checkRuns("acme", "platform", pull.headSha).map((r) => r.name)).toEqual(["slipway/validate"]);
    fake.assertNoUnexpected();
  });
});

describe("installation tokens", () => {
  it("expire after an hour, after which GitHub answers 401 Bad credentials", async () => {
    let now = new Date("2026-11-02T10:00:00Z");
    fake = await startFakeGitHub({ clock: () => now });
    fake.addRepo({ owner: "acme", name: "platform" });
    const issued = await fetch(`${fake.apiUrl}/app/installations/${fake.installationId}/access_tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${appJwt(fake, now)}` },
    });
    const { token, expires_at } = (await issued.json()) as { token: string; expires_at: string };
    expect(expires_at).toBe("2026-11-02T11:00:00Z");
    const read = () =>
      fetch(`${fake.apiUrl}/repos/acme/platform`, { headers: { authorization: `token ${token}` } });
    expect((await read()).status).toBe(200);
    now = new Date("2026-11-02T11:00:01Z");
    const expired = await read();
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ message: "Bad credentials" });
  });

  it("are refused for a JWT whose lifetime exceeds ten minutes", async () => {
    const now = new Date();
    fake = await startFakeGitHub();
    const tooLong = appJwt(fake, now, 3600);
    const response = await fetch(`${fake.apiUrl}/app`, { headers: { authorization: `Bearer ${tooLong}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      message: "'Expiration time' claim ('exp') is too far in the future",
    });
  });
});

/** An app JWT signed by hand (RS256), as @octokit/auth-app builds it. */
function appJwt(target: FakeGitHub, now: Date, lifetimeSeconds = 540): string {
  const iat = Math.floor(now.getTime() / 1000) - 30;
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat, exp: iat + lifetimeSeconds, iss: target.appId })}`;
  const signature = createSign("RSA-SHA256")
    .update(unsigned)
    .sign(target.privateKeyPem)
    .toString("base64url");
  return `${unsigned}.${signature}`;
}
