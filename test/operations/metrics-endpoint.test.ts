import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRIC_LIST } from "../../src/metrics/metric-names.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { parseExposition, type Sample } from "./exposition.ts";

const OWNER = "acme";
const REPO = "ml-platform";

describe("/metrics on the real server after webhook deliveries", () => {
  let fake: FakeGitHub;
  let server: RunningServer;
  let text: string;
  let samples: Sample[];
  let headSha: string;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.addRepo({ owner: OWNER, name: REPO, files: await templateFiles() });
    server = await startSlipwayServer(fake);
    headSha = fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      user: "alice",
      files: { "README.md": "x" },
    }).headSha;
    const payload = fake.pullRequestEvent(OWNER, REPO, 1, "opened");
    const delivered = await fake.deliver(server.webhookUrl, "pull_request", payload, {
      deliveryId: "delivery-77",
    });
    expect(delivered.status).toBe(200);
    const forged = await fake.deliver(server.webhookUrl, "pull_request", payload, { signature: "sha256=00" });
    expect(forged.status).toBe(400);
    await until(
      () => fake.checkRuns(OWNER, REPO, headSha).filter((r) => r.status === "completed").length === 2,
      "the review",
    );
    await untilIdle(server);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    text = await response.text();
    samples = parseExposition(text);
  });
  afterAll(async () => {
    await server.stop();
    await fake.close();
  });

  const value = (name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      ?.value;

  it("exposes every slipway_* series with its HELP and TYPE", () => {
    for (const spec of METRIC_LIST) {
      expect(text).toContain(`# HELP ${spec.name} ${spec.help}\n`);
      expect(text).toContain(`# TYPE ${spec.name} ${spec.type}\n`);
    }
    const typed = [...text.matchAll(/^# TYPE (slipway_\w+) /gm)].map((m) => m[1]);
    expect(typed.sort()).toEqual(METRIC_LIST.map((m) => m.name).sort());
  });

  it("counts deliveries by event and outcome, with their handling time", () => {
    expect(value("slipway_webhook_deliveries_total", { event: "pull_request", outcome: "handled" })).toBe(1);
    // The forged delivery's event header is not believed: its signature did not match.
    expect(value("slipway_webhook_deliveries_total", { event: "unknown", outcome: "rejected" })).toBe(1);
    expect(value("slipway_webhook_duration_seconds_count", { event: "pull_request" })).toBe(1);
    const handled = value("slipway_webhook_duration_seconds_sum", { event: "pull_request" }) ?? -1;
    expect(handled).toBeGreaterThan(0);
    expect(value("slipway_webhook_queue_depth")).toBe(0);
  });

  it("counts GitHub API calls by method and status as GitHub saw them, and keeps the rate-limit headroom", () => {
    // API requests only: git's own (the repository mirror's fetches) are not GitHub API calls.
    const api = fake.requests.filter((r) => !r.path.includes(".git/"));
    const seen = new Map<string, number>();
    for (const r of api) seen.set(`${r.method} ${r.status}`, (seen.get(`${r.method} ${r.status}`) ?? 0) + 1);
    const counted = new Map(
      samples
        .filter((s) => s.name === "slipway_github_api_requests_total")
        .map((s) => [`${s.labels.method} ${s.labels.status}`, s.value]),
    );
    expect(counted).toEqual(seen);
    // The installation's window: 5000 minus the API requests made with its tokens.
    expect(
      value("slipway_github_rate_limit_remaining", {
        installation: String(fake.installationId),
        resource: "core",
      }),
    ).toBe(5000 - api.filter((r) => r.auth === "installation").length);
  });

  it("puts no credential in any label value, and logs the delivery id and head SHA with the review", () => {
    const secrets = [
      ...[...fake.state.tokens.keys()],
      fake.webhookSecret,
      fake.privateKeyPem.split("\n")[1] ?? "",
    ].filter((s) => s.length > 0);
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const values = samples.flatMap((s) => Object.values(s.labels));
    expect(values.length).toBeGreaterThan(10);
    for (const v of values) {
      for (const secret of secrets) expect(v).not.toContain(secret);
      expect(v).not.toMatch(/gh[pousr]_|eyJ|bearer/i);
    }
    for (const secret of secrets) expect(text).not.toContain(secret);
    const done = server
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === "review done");
    expect(done).toMatchObject({ id: "delivery-77", sha: headSha });
  });
});
