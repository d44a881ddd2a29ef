// Benchmark of a canary step's evaluation (issue #22) against the fake Prometheus HTTP API (real HTTP on
// 127.0.0.1, bearer token): 50 Models rolling out together, 5 checks each, every check asked for the
// canary and the stable version — 500 instant queries — judged and tabled. Aim: one evaluation of all
// of them under 2 s, so a step's verdict is never late by more than a rounding of its interval.
// Prints the wall time, the queries per second, and the ratio against the aim.
import { performance } from "node:perf_hooks";
import { prometheusLiveMetrics } from "../src/live-metrics/prometheus-http.ts";
import type { CanaryCheck } from "../src/manifests/schemas/canary.ts";
import { evaluateChecks } from "../src/workflows/rollout/evaluate-checks.ts";
import { startFakePrometheus } from "../test/fakes/prometheus/fake.ts";

const MODELS = 50;
const CHECKS = 5;
const AIM_MS = 2000;
const TOKEN = "bench-token-0123456789";

const prom = await startFakePrometheus({ token: TOKEN });
prom.answer((query) => (query.includes('track="canary"') ? 0.011 : 0.01));
const metrics = prometheusLiveMetrics({ endpoint: prom.url, headers: { authorization: `Bearer ${TOKEN}` } });
const checks: CanaryCheck[] = Array.from({ length: CHECKS }, (_, i) => ({
  name: `check-${i}`,
  query: `sum(rate(errors_${i}_total{namespace="{{namespace}}",model="{{model}}",track="{{track}}"}[{{interval}}]))`,
  vs: "stable",
  maxIncrease: 0.005,
}));
const step = { share: 10, mirror: false, seconds: 300, interval: "5m" };

async function evaluation(): Promise<number> {
  let passed = 0;
  for (let m = 0; m < MODELS; m++) {
    const rows = await evaluateChecks(
      metrics,
      checks,
      {
        model: `model-${m}`,
        namespace: "ml-serving",
        runtime: "seldon",
        version: "7",
        stableVersion: "6",
        step,
      },
      1_700_000_000,
    );
    passed += rows.filter((r) => r.result.verdict === "pass").length;
  }
  return passed;
}

await evaluation(); // warm-up: connections, JIT
const runs: number[] = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  const passed = await evaluation();
  runs.push(performance.now() - started);
  if (passed !== MODELS * CHECKS) throw new Error(`expected every check to pass, ${passed} did`);
}
await prom.close();
const median = [...runs].sort((a, b) => a - b)[2] ?? 0;
const queries = MODELS * CHECKS * 2;
console.log(`rollout step evaluation: ${MODELS} models × ${CHECKS} checks = ${queries} instant queries`);
console.log(`  median ${median.toFixed(0)} ms (runs: ${runs.map((r) => r.toFixed(0)).join(", ")} ms)`);
console.log(`  ${((queries / median) * 1000).toFixed(0)} queries/s`);
console.log(`  aim < ${AIM_MS} ms: ${(median / AIM_MS).toFixed(2)} of the aim`);
