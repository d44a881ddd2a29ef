// Benchmark of the GitHub App against the fake GitHub, both real HTTP servers on 127.0.0.1 (issue #20):
// 1. the cost of a review — REST calls, git requests, bytes fetched, time to the first write, peak RSS —
//    for repositories of 10, 200 and 2,000 manifests, cold (a new server, an empty mirror) and warm (a
//    push to the same pull request), and for a pull request adding 10,000 broken manifests;
// 2. acknowledgement latency (webhook POST → response) at a steady 100 deliveries/s.
import { readFileSync, writeFileSync } from "node:fs";
import { type FakeGitHub, type RecordedRequest, startFakeGitHub } from "../test/fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../test/helpers/slipway-server.ts";
import { generatePlatformRepo } from "./generate-platform-repo.ts";

const RATE_PER_SECOND = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SIZES = (process.env.BENCH_SIZES ?? "10,200,2000").split(",").map(Number);
const HUGE_PR = Number(process.env.BENCH_HUGE_PR ?? 10_000);
const OWNER = "acme";
const REPO = "platform";

interface Cost {
  rest: number;
  git: number;
  bytes: number;
  firstWriteMs: number;
  resultMs: number;
  totalMs: number;
  peakRssMb: number;
  routes: Map<string, number>;
}

const decoder = new TextDecoder();
const asText = (files: Map<string, Uint8Array>) =>
  Object.fromEntries([...files].map(([p, b]) => [p, decoder.decode(b)]));

const isGit = (r: RecordedRequest) => r.path.includes(".git/");
// Writes to the repository; the installation token itself (POST /app/…) is a read of credentials.
const isWrite = (r: RecordedRequest) => r.method !== "GET" && !isGit(r) && !r.path.startsWith("/app/");

/** Resets the server's peak RSS (Linux: writing 5 to clear_refs), so each review is measured alone. */
function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // Not Linux, or not allowed: the peak is then the process's whole life.
  }
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function review(
  fake: FakeGitHub,
  server: RunningServer,
  number: number,
  action: string,
): Promise<Cost> {
  const before = fake.requests.length;
  const headSha = fake.pull(OWNER, REPO, number).headSha;
  resetPeak(server.pid);
  const start = Date.now();
  await fake.deliver(server.webhookUrl, "pull_request", fake.pullRequestEvent(OWNER, REPO, number, action));
  const done = (name: string) =>
    fake.checkRuns(OWNER, REPO, headSha).some((r) => r.name === name && r.status === "completed");
  await until(() => done("slipway/validate"), "the validation", 600_000);
  const resultMs = Date.now() - start;
  await until(() => done("slipway/gates"), "the gates", 600_000);
  await untilIdle(server, 600_000);
  const totalMs = Date.now() - start;
  const calls = fake.requests.slice(before);
  const routes = new Map<string, number>();
  for (const r of calls.filter((c) => !isGit(c))) {
    const key = r.route ?? `${r.method} ${r.path}`;
    routes.set(key, (routes.get(key) ?? 0) + 1);
  }
  const firstWrite = calls.find(isWrite);
  return {
    rest: calls.filter((c) => !isGit(c)).length,
    git: calls.filter(isGit).length,
    bytes: calls.reduce((n, c) => n + c.bytes, 0),
    firstWriteMs: firstWrite ? firstWrite.at - start : Number.NaN,
    resultMs,
    totalMs,
    peakRssMb: peakRssMb(server.pid),
    routes,
  };
}

/** A server that has finished its start-up work (the deploy recovery lists installations and repositories). */
async function started(fake: FakeGitHub): Promise<RunningServer> {
  const server = await startSlipwayServer(fake, { LOG_LEVEL: "warn" });
  await until(() => fake.requests.some((r) => r.path === "/installation/repositories"), "start-up");
  await untilIdle(server);
  return server;
}

async function sized(manifests: number): Promise<{ cold: Cost; warm: Cost }> {
  const files = asText(generatePlatformRepo(manifests));
  const fake = await startFakeGitHub();
  fake.addRepo({ owner: OWNER, name: REPO, files });
  const server = await started(fake);
  try {
    const model = (i: number) => files[`models/model-${i}.yaml`] ?? "";
    fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      files: { "models/model-0.yaml": model(0).replace("max: 4", "max: 5") },
    });
    const cold = await review(fake, server, 1, "opened");
    fake.pushToPullRequest(OWNER, REPO, 1, { "models/model-1.yaml": model(1).replace("max: 4", "max: 6") });
    const warm = await review(fake, server, 1, "synchronize");
    return { cold, warm };
  } finally {
    await server.stop();
    await fake.close();
  }
}

/** A pull request adding `count` manifests of an unknown kind: as many findings, a capped few annotated. */
async function hugePullRequest(count: number): Promise<{ cost: Cost; annotations: number; summary: string }> {
  const fake = await startFakeGitHub();
  fake.addRepo({ owner: OWNER, name: REPO, files: asText(generatePlatformRepo(10)) });
  const added: Record<string, string> = {};
  for (let i = 0; i < count; i++)
    added[`models/added-${i}.yaml`] =
      `apiVersion: slipway.dev/v1alpha1\nkind: Modle\nmetadata: { name: m-${i} }\n`;
  fake.openPullRequest({ owner: OWNER, repo: REPO, number: 1, files: added });
  const server = await started(fake);
  try {
    const cost = await review(fake, server, 1, "opened");
    const run = fake
      .checkRuns(OWNER, REPO, fake.pull(OWNER, REPO, 1).headSha)
      .find((r) => r.name === "slipway/validate");
    return {
      cost,
      annotations: run?.annotations.length ?? 0,
      summary:
        String(run?.output?.summary ?? "")
          .split("\n")
          .at(-1) ?? "",
    };
  } finally {
    await server.stop();
    await fake.close();
  }
}

const pad = (text: string | number, width: number) => String(text).padStart(width);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const row = (label: string, c: Cost, goal: string) =>
  [
    label.padEnd(22),
    pad(c.rest, 5),
    pad(c.git, 5),
    pad(kb(c.bytes), 10),
    pad(`${c.firstWriteMs.toFixed(0)} ms`, 10),
    pad(`${c.resultMs.toFixed(0)} ms`, 10),
    pad(`${c.totalMs.toFixed(0)} ms`, 10),
    pad(`${c.peakRssMb.toFixed(0)} MB`, 8),
    `  ${goal}`,
  ].join(" ");

const header = [
  "review".padEnd(22),
  pad("REST", 5),
  pad("git", 5),
  pad("fetched", 10),
  pad("1st write", 10),
  pad("validated", 10),
  pad("total", 10),
  pad("peak RSS", 8),
  "  goal",
].join(" ");

const lines = [header];
const details: string[] = [];
for (const size of SIZES) {
  const { cold, warm } = await sized(size);
  const big = size >= 2000 || process.env.BENCH_DETAILS === "1";
  lines.push(
    row(`${size} manifests, cold`, cold, big ? "≤ 10 REST, < 3 s to 1st write, < 300 MB" : "< 300 MB"),
  );
  lines.push(row(`${size} manifests, warm`, warm, "≤ 8 REST, < 300 MB"));
  if (big)
    details.push(
      `  ${size} cold: ${[...cold.routes].map(([k, v]) => `${v}× ${k}`).join(", ")}`,
      `  ${size} warm: ${[...warm.routes].map(([k, v]) => `${v}× ${k}`).join(", ")}`,
    );
}
if (HUGE_PR > 0) {
  const huge = await hugePullRequest(HUGE_PR);
  lines.push(row(`PR adding ${HUGE_PR}`, huge.cost, "< 30 REST, < 300 MB"));
  details.push(
    `  PR adding ${HUGE_PR}: ${huge.annotations} annotations posted; summary ends "${huge.summary}"`,
    `  PR adding ${HUGE_PR}: ${[...huge.cost.routes].map(([k, v]) => `${v}× ${k}`).join(", ")}`,
  );
}
process.stdout.write(`${lines.join("\n")}\nREST calls by route:\n${details.join("\n")}\n\n`);

// Acknowledgement latency: comments that are not commands, so the measure is the webhook path itself.
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
if (SECONDS > 0) {
  const fake = await startFakeGitHub();
  fake.addRepo({ owner: OWNER, name: REPO, files: asText(generatePlatformRepo(10)) });
  fake.openPullRequest({ owner: OWNER, repo: REPO, number: 1, files: { "README.md": "x\n" } });
  const server = await started(fake);
  try {
    const comment = fake.addComment(OWNER, REPO, 1, { user: "alice", body: "looks good to me" });
    const payload = JSON.stringify(fake.issueCommentEvent(OWNER, REPO, comment.id));
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
}
