// Benchmark of the GitHub App against the fake GitHub, both real HTTP servers on 127.0.0.1:
// 1. end-to-end review time and GitHub API calls for a pull request on a 200-manifest repository,
//    cold (empty blob cache) and warm (a push that changes one file);
// 2. acknowledgement latency (webhook POST → response) at a steady 100 deliveries/s for 30 s.
import { type FakeGitHub, startFakeGitHub } from "../test/fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../test/helpers/slipway-server.ts";
import { generatePlatformRepo } from "./generate-platform-repo.ts";

const RATE_PER_SECOND = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);

const decoder = new TextDecoder();
const repoFiles = Object.fromEntries([...generatePlatformRepo(200)].map(([p, b]) => [p, decoder.decode(b)]));

async function reviewOnce(
  fake: FakeGitHub,
  server: RunningServer,
  headSha: string,
  deliver: () => Promise<Response>,
) {
  const before = fake.requests.length;
  const start = performance.now();
  await deliver();
  await until(
    () => fake.checkRuns("acme", "platform", headSha).some((r) => r.status === "completed"),
    "review",
    60_000,
  );
  await untilIdle(server);
  const ms = performance.now() - start;
  const calls = fake.requests.slice(before);
  const byRoute = new Map<string, number>();
  for (const r of calls)
    byRoute.set(
      `${r.method} ${r.route ?? r.path}`,
      (byRoute.get(`${r.method} ${r.route ?? r.path}`) ?? 0) + 1,
    );
  return { ms, calls: calls.length, byRoute };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const fake = await startFakeGitHub();
fake.addRepo({ owner: "acme", name: "platform", files: repoFiles });
const server = await startSlipwayServer(fake, { LOG_LEVEL: "warn" });
try {
  const pull = fake.openPullRequest({
    owner: "acme",
    repo: "platform",
    number: 1,
    files: { "models/model-0.yaml": (repoFiles["models/model-0.yaml"] ?? "").replace("max: 4", "max: 5") },
  });
  const cold = await reviewOnce(fake, server, pull.headSha, () =>
    fake.deliver(server.webhookUrl, "pull_request", fake.pullRequestEvent("acme", "platform", 1, "opened")),
  );
  const head2 = fake.pushToPullRequest("acme", "platform", 1, {
    "models/model-1.yaml": (repoFiles["models/model-1.yaml"] ?? "").replace("max: 4", "max: 6"),
  });
  const warm = await reviewOnce(fake, server, head2, () =>
    fake.deliver(
      server.webhookUrl,
      "pull_request",
      fake.pullRequestEvent("acme", "platform", 1, "synchronize"),
    ),
  );
  const show = (name: string, r: typeof cold) =>
    `  ${name}: ${r.ms.toFixed(0)} ms, ${r.calls} GitHub API calls (${[...r.byRoute].map(([k, v]) => `${v}× ${k}`).join(", ")})`;
  process.stdout.write(
    `review of a pull request on a ${Object.keys(repoFiles).length}-file repository\n${show("cold", cold)}\n${show("warm", warm)}\n`,
  );

  // Acknowledgement latency: comments that are not commands, so the measure is the webhook path itself.
  const comment = fake.addComment("acme", "platform", 1, { user: "alice", body: "looks good to me" });
  const payload = JSON.stringify(fake.issueCommentEvent("acme", "platform", comment.id));
  const latencies: number[] = [];
  const failures: number[] = [];
  const total = RATE_PER_SECOND * SECONDS;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      (async () => {
        const t0 = performance.now();
        const res = await fake.deliver(server.webhookUrl, "issue_comment", payload);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) failures.push(res.status);
      })(),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  process.stdout.write(
    [
      `acknowledgement latency, ${total} deliveries at ${RATE_PER_SECOND}/s over ${elapsed.toFixed(1)} s`,
      `  p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  max ${(latencies.at(-1) ?? 0).toFixed(1)} ms  non-200: ${failures.length}`,
      "",
    ].join("\n"),
  );
} finally {
  await server.stop();
  await fake.close();
}
