import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { verify } from "@octokit/webhooks-methods";
import { ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.ts";
import { appOctokit, installationOctokit, statusOf, tokenOctokit } from "./github-client.ts";

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub();
  fake.addRepo({ owner: "acme", name: "platform", files: { "README.md": "# platform\n" } });
});

afterEach(async () => {
  await fake.close();
});

describe("app authentication", () => {
  it("serves the app for a JWT signed with the private key it hands out", async () => {
    const { data } = await appOctokit(fake).rest.apps.getAuthenticated();
    expect(data).toMatchObject({
      id: fake.appId,
      slug: "slipway",
      name: "Slipway",
      owner: { login: "acme" },
    });
    expect(fake.requests[0]).toMatchObject({ route: "GET /app", auth: "app", status: 200 });
  });

  it("rejects a JWT signed with another key", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    const impostor = new ProbotOctokit({
      auth: { appId: fake.appId, privateKey: other },
      baseUrl: fake.apiUrl,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const failure = await statusOf(impostor.rest.apps.getAuthenticated());
    expect(failure).toMatchObject({ status: 401, message: "A JSON web token could not be decoded" });
  });

  it("issues installation tokens and accepts only issued ones", async () => {
    const octokit = installationOctokit(fake);
    const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "platform" });
    expect(data).toMatchObject({
      full_name: "acme/platform",
      default_branch: "main",
      private: true,
      fork: false,
    });
    const issue = fake.requestsTo("POST /app/installations/{installation_id}/access_tokens");
    expect(issue).toHaveLength(1);
    expect(issue[0]).toMatchObject({
      auth: "app",
      status: 201,
      params: { installation_id: String(fake.installationId) },
    });
    const repoRequest = fake.requestsTo("GET /repos/{owner}/{repo}")[0];
    const token = repoRequest?.headers.authorization?.replace(/^token /, "") ?? "";
    expect(fake.state.tokens.has(token)).toBe(true);

    const never = await statusOf(
      tokenOctokit(fake, "ghs_never_issued").rest.repos.get({ owner: "acme", repo: "platform" }),
    );
    expect(never).toMatchObject({ status: 401, message: "Bad credentials" });
    const anonymous = await statusOf(fetch(`${fake.apiUrl}/repos/acme/platform`).then(rejectUnlessOk));
    expect(anonymous.status).toBe(401);
  });

  it("refuses an installation token where the app's JWT is required", async () => {
    const octokit = installationOctokit(fake);
    await octokit.rest.repos.get({ owner: "acme", repo: "platform" });
    const token = fake.requests.at(-1)?.headers.authorization?.replace(/^token /, "") ?? "";
    const failure = await statusOf(tokenOctokit(fake, token).rest.apps.getAuthenticated());
    expect(failure.status).toBe(401);
  });

  it("lists installations and finds the repository's installation", async () => {
    const app = appOctokit(fake);
    const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
    expect(installations.map((i) => i.id)).toEqual([fake.installationId]);
    const { data } = await app.rest.apps.getRepoInstallation({ owner: "acme", repo: "platform" });
    expect(data).toMatchObject({ id: fake.installationId, app_id: fake.appId, account: { login: "acme" } });
  });

  it("paginates the installation's repositories with Link headers and hides repositories it is not on", async () => {
    for (let i = 0; i < 4; i++) fake.addRepo({ owner: "acme", name: `service-${i}` });
    fake.addRepo({ owner: "acme", name: "elsewhere", installed: false });
    const octokit = installationOctokit(fake);
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 2,
    });
    expect(repos.map((r) => r.name).sort()).toEqual([
      "platform",
      "service-0",
      "service-1",
      "service-2",
      "service-3",
    ]);
    const pages = fake.requestsTo("GET /installation/repositories");
    expect(pages.map((p) => p.query.page ?? "1")).toEqual(["1", "2", "3"]);
    const hidden = await statusOf(octokit.rest.repos.get({ owner: "acme", repo: "elsewhere" }));
    expect(hidden.status).toBe(404);
  });
});

async function rejectUnlessOk(response: Response): Promise<Response> {
  if (!response.ok) throw Object.assign(new Error(response.statusText), { status: response.status });
  return response;
}

describe("strict double", () => {
  it("answers an unknown route with GitHub's 404 and records it as unexpected", async () => {
    const octokit = installationOctokit(fake);
    const failure = await statusOf(
      octokit.request("GET /repos/{owner}/{repo}/releases", { owner: "acme", repo: "platform" }),
    );
    expect(failure).toMatchObject({ status: 404, message: "Not Found" });
    expect(fake.unexpected.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/platform/releases",
    ]);
    expect(() => fake.assertNoUnexpected()).toThrow(
      /unexpected request GET \/repos\/acme\/platform\/releases/,
    );
  });

  it("fails verification for an expected request that never came, and passes once it has", async () => {
    fake.expect("GET /repos/{owner}/{repo}");
    expect(() => fake.verify()).toThrow(/expected GET \/repos\/\{owner\}\/\{repo\} 1 time\(s\), got 0/);
    await installationOctokit(fake).rest.repos.get({ owner: "acme", repo: "platform" });
    expect(() => fake.verify()).not.toThrow();
  });

  it("counts a request beyond an exact expectation as unexpected", async () => {
    fake.expect("GET /repos/acme/platform", { times: 1 });
    const octokit = installationOctokit(fake);
    await octokit.rest.repos.get({ owner: "acme", repo: "platform" });
    await octokit.rest.repos.get({ owner: "acme", repo: "platform" });
    expect(() => fake.verify()).toThrow(/unexpected request GET \/repos\/acme\/platform/);
  });

  it("in strict mode treats every request no expectation covers as unexpected", async () => {
    fake.strict = true;
    fake.expect("POST /app/installations/{installation_id}/access_tokens");
    await installationOctokit(fake).rest.repos.get({ owner: "acme", repo: "platform" });
    expect(fake.unexpected.map((r) => r.route)).toEqual(["GET /repos/{owner}/{repo}"]);
  });
});

describe("injected faults", () => {
  it("serves a 502 and then the real answer, which Octokit's retry plugin reaches", async () => {
    fake.failNext("GET /repos/{owner}/{repo}", 502);
    const { data } = await installationOctokit(fake).rest.repos.get({ owner: "acme", repo: "platform" });
    expect(data.full_name).toBe("acme/platform");
    expect(fake.requestsTo("GET /repos/{owner}/{repo}").map((r) => [r.status, r.fault])).toEqual([
      [502, "status 502"],
      [200, undefined],
    ]);
  });

  it("gives up after as many failures as the client allows", async () => {
    fake.failNext("GET /repos/{owner}/{repo}", 503, 10);
    const failure = await statusOf(
      installationOctokit(fake).rest.repos.get({ owner: "acme", repo: "platform" }),
    );
    expect(failure.status).toBe(503);
    // Octokit's retry plugin: the first attempt plus three retries.
    expect(fake.requestsTo("GET /repos/{owner}/{repo}")).toHaveLength(4);
  });

  it("signals a secondary rate limit that the throttling plugin waits out", async () => {
    fake.failNext("GET /repos/{owner}/{repo}", { rateLimit: "secondary", retryAfterSeconds: 2 });
    const octokit = installationOctokit(fake, { throttled: true });
    const { status } = await octokit.rest.repos.get({ owner: "acme", repo: "platform" });
    expect(status).toBe(200);
    const [limited] = fake.requestsTo("GET /repos/{owner}/{repo}");
    expect(limited).toMatchObject({ status: 403, fault: "secondary rate limit" });
  });

  it("signals an exhausted primary rate limit with x-ratelimit headers", async () => {
    fake.failNext("GET /repos/{owner}/{repo}", { rateLimit: "primary" });
    const response = await fetchWithToken(fake, "/repos/acme/platform");
    expect(response.status).toBe(403);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
  });

  it("keeps a REST window per installation and refuses once it is spent, until it resets", async () => {
    let now = Math.floor(Date.now() / 1000) * 1000;
    const timed = await startFakeGitHub({ clock: () => new Date(now) });
    try {
      timed.addRepo({ owner: "acme", name: "platform", files: { "a.yaml": "a: 1\n" } });
      timed.setRateLimit({ remaining: 2, resetInSeconds: 60 });
      const first = await fetchWithToken(timed, "/repos/acme/platform");
      expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
      expect(Number(first.headers.get("x-ratelimit-reset"))).toBe(now / 1000 + 60);
      expect((await fetchWithToken(timed, "/repos/acme/platform")).headers.get("x-ratelimit-remaining")).toBe(
        "0",
      );
      const refused = await fetchWithToken(timed, "/repos/acme/platform");
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toMatch(
        new RegExp(`^API rate limit exceeded for installation ID ${timed.installationId}\\.`),
      );
      now += 61_000;
      const renewed = await fetchWithToken(timed, "/repos/acme/platform");
      expect(renewed.status).toBe(200);
      expect(renewed.headers.get("x-ratelimit-remaining")).toBe("4999");
    } finally {
      await timed.close();
    }
  });

  it("can drop the connection, which the client sees as a network error", async () => {
    fake.failNext("GET /repos/acme/platform", { dropConnection: true });
    const response = await fetchWithToken(fake, "/repos/acme/platform").catch((e: unknown) => e);
    expect(response).toBeInstanceOf(Error);
  });
});

/** A raw request with a freshly issued installation token. */
async function fetchWithToken(target: FakeGitHub, path: string): Promise<Response> {
  const { token } = (await installationOctokit(target).auth({ type: "installation" })) as { token: string };
  return fetch(`${target.apiUrl}${path}`, { headers: { authorization: `token ${token}` } });
}

describe("webhook delivery", () => {
  it("POSTs with GitHub's headers and a signature that @octokit/webhooks-methods verifies", async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString("utf8");
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      const { port } = receiver.address() as AddressInfo;
      fake.openPullRequest({ owner: "acme", repo: "platform", number: 7, files: { "a.yaml": "a: 1\n" } });
      const payload = fake.pullRequestEvent("acme", "platform", 7, "opened");
      const response = await fake.deliver(
        `http://127.0.0.1:${port}/api/github/webhooks`,
        "pull_request",
        payload,
        {
          deliveryId: "d-1",
        },
      );
      expect(response.status).toBe(202);
      const [got] = received;
      expect(got?.headers).toMatchObject({
        "x-github-event": "pull_request",
        "x-github-delivery": "d-1",
        "content-type": "application/json",
      });
      const signature = String(got?.headers["x-hub-signature-256"]);
      expect(await verify(fake.webhookSecret, got?.body ?? "", signature)).toBe(true);
      expect(await verify("wrong-secret", got?.body ?? "", signature)).toBe(false);
      expect(signature).toBe(fake.signWebhook(got?.body ?? ""));
      expect(JSON.parse(got?.body ?? "{}")).toMatchObject({
        action: "opened",
        number: 7,
        installation: { id: fake.installationId },
        pull_request: { head: { sha: fake.pull("acme", "platform", 7).headSha } },
      });

      await fake.deliver(`http://127.0.0.1:${port}/`, "ping", "{}", { signature: null });
      expect(received[1]?.headers["x-hub-signature-256"]).toBeUndefined();
      expect(fake.deliveries.map((d) => [d.event, d.status])).toEqual([
        ["pull_request", 202],
        ["ping", 202],
      ]);
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });
});
