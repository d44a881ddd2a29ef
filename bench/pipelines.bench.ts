// Benchmark of the Kubeflow Pipelines sync against the fake KFP API server (real HTTP on 127.0.0.1):
// a repository of 200 scheduled Pipelines (the template's compiled package each), then
// 1. the first sync: experiment, one uploaded version per Pipeline, 200 recurring runs;
// 2. a sync of a later commit with the same spec — aim: zero writes, under 2 s;
// 3. a drift pass over the 200 recorded recurring runs — aim: one GET each, under 2 s;
// and the cost of reading the compiled package (bounded YAML) once.
// Prints wall times, requests by method, and the ratios against the aims.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { readCompiledPackage } from "../src/manifests/compiled-package.ts";
import { connectBoundPipelines } from "../src/pipelines/connect-bound-pipelines.ts";
import { memoryPipelineRecords } from "../src/state/pipeline-records-sqlite.ts";
import { detectPipelineDrift } from "../src/workflows/pipelines/pipeline-drift.ts";
import type { PipelineSyncPorts } from "../src/workflows/pipelines/pipeline-ports.ts";
import { syncPipelines } from "../src/workflows/pipelines/sync-pipelines.ts";
import { startFakeKfp } from "../test/fakes/kfp/fake.ts";

const PIPELINES = 200;
const AIM_MS = 2000;
const compiled = readFileSync(
  new URL("../platform-repo-template/packages/fraud-detection-retrain.yaml", import.meta.url),
);
const encoder = new TextEncoder();

function repo(readme: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  files.set(
    ".slipway.yml",
    encoder.encode(
      "version: 1\nenvironments:\n  - { name: staging, branch: main }\nintegrations: { pipelines: kubeflow }\n",
    ),
  );
  files.set("packages/retrain.yaml", new Uint8Array(compiled));
  files.set("README.yaml", encoder.encode(`note: ${readme}\n`));
  for (let i = 0; i < PIPELINES; i++)
    files.set(
      `pipelines/retrain-${i}.yaml`,
      encoder.encode(`apiVersion: slipway.dev/v1alpha1
kind: Pipeline
metadata: { name: retrain-${i} }
spec:
  integration: kubeflow
  package: { path: packages/retrain.yaml, version: v3 }
  experiment: retrain
  parameters: { register_model: model-${i}, learning_rate: 0.05 }
  schedule: "${i % 60} 3 * * *"
  serviceAccount: pipeline-runner
`),
    );
  return files;
}

const fake = await startFakeKfp();
const binding = {
  repository: "acme/bench",
  environments: { staging: { cluster: {}, namespaces: ["ml"] } },
  integrations: { kubeflow: { type: "kfp" as const, endpoint: fake.url } },
};
const commits = new Map([
  ["1".repeat(40), repo("first")],
  ["2".repeat(40), repo("second")],
]);
const ports: PipelineSyncPorts = {
  repo: "acme/bench",
  binding,
  records: memoryPipelineRecords(),
  readTree: async (sha) => ({ files: commits.get(sha) ?? new Map() }),
  connect: (name) => connectBoundPipelines(binding, name, {}, async () => ""),
  readPackage: async (source, tree) =>
    source.kind === "path" ? { bytes: tree.files.get(source.path) as Uint8Array } : { problem: "not here" },
  order: async (base, head) => (base < head ? "ahead" : base === head ? "identical" : "behind"),
  now: () => new Date().toISOString(),
};

const byMethod = (from: number) => {
  const counts: Record<string, number> = {};
  for (const r of fake.requests.slice(from)) counts[r.method] = (counts[r.method] ?? 0) + 1;
  return JSON.stringify(counts);
};

let t = performance.now();
const first = await syncPipelines(ports, "1".repeat(40));
const firstMs = performance.now() - t;
if (first.kind !== "synced" || first.failed > 0)
  throw new Error(`the first sync failed: ${first.kind === "synced" ? first.report : first.reason}`);
const afterFirst = fake.requests.length;
console.log(`first sync: ${PIPELINES} recurring runs in ${firstMs.toFixed(0)} ms, requests ${byMethod(0)}`);

t = performance.now();
await syncPipelines(ports, "2".repeat(40));
const noopMs = performance.now() - t;
const writes = fake.requests.slice(afterFirst).filter((r) => r.method !== "GET").length;
console.log(
  `no-op sync: ${noopMs.toFixed(0)} ms (aim < ${AIM_MS}: ${(noopMs / AIM_MS).toFixed(2)}×), writes ${writes} (aim 0), requests ${byMethod(afterFirst)}`,
);

const beforeDrift = fake.requests.length;
t = performance.now();
const drift = await detectPipelineDrift(ports);
const driftMs = performance.now() - t;
const gets = fake.requests.length - beforeDrift;
console.log(
  `drift pass: ${drift.checked} recurring runs read in ${driftMs.toFixed(0)} ms (aim < ${AIM_MS}: ${(driftMs / AIM_MS).toFixed(2)}×), ${gets} GETs (${(gets / PIPELINES).toFixed(2)} per run), ${drift.items.length} drifted`,
);

const rounds = 200;
t = performance.now();
for (let i = 0; i < rounds; i++) readCompiledPackage("retrain.yaml", compiled);
console.log(
  `compiled package read: ${((performance.now() - t) / rounds).toFixed(2)} ms per read (${compiled.length} bytes)`,
);
await fake.close();
