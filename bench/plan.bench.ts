// Benchmark of the apply engine against the fake Kubernetes API server (real HTTP on 127.0.0.1):
// a generated platform repo of 1,000 Models, 200 FeatureViews and 1,000 Monitors rendered for one
// environment (about 4,000 objects), then
// 1. a full first apply with bounded concurrency (dry run of every object, then the stages), and
// 2. a no-op reconcile of the same commit — aim: at most one LIST per kind and namespace, zero
//    writes, under 2 s.
// Prints wall times, requests by verb, and the ratios against the aim.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyEnvironment } from "../src/cluster/apply/apply-environment.ts";
import { applySettings } from "../src/cluster/apply/apply-settings.ts";
import { inventoryLocation } from "../src/cluster/inventory/inventory-store.ts";
import { connectKubeCluster } from "../src/cluster/kube-cluster.ts";
import { validateRepo } from "../src/manifests/validate-repo.ts";
import type { EnvironmentBinding } from "../src/render/render-context.ts";
import { renderEnvironment } from "../src/render/render-environment.ts";
import { startFakeKubernetes } from "../test/fakes/kubernetes/fake.ts";
import { countByVerb, type RecordedRequest } from "../test/fakes/kubernetes/recorder.ts";
import { generatePlatformRepo } from "./generate-platform-repo.ts";

const MODELS = 1000;
const VIEWS = 200;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const NOOP_AIM_MS = 2000;

/** The generator makes one FeatureView per Model; keep 200 and point the Models' services at them. */
function platformRepo(): Map<string, Uint8Array> {
  const files = generatePlatformRepo(MODELS * 5);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  for (let i = 0; i < MODELS; i++) {
    files.delete(`pipelines/pipeline-${i}.yaml`);
    if (i < VIEWS) continue;
    files.delete(`features/view-${i}.yaml`);
    files.delete(`features/service-${i}.yaml`);
    const model = decoder.decode(files.get(`models/model-${i}.yaml`));
    files.set(
      `models/model-${i}.yaml`,
      encoder.encode(model.replace(`service: service_${i} }`, `service: service_${i % VIEWS} }`)),
    );
  }
  return files;
}

const binding: EnvironmentBinding = {
  cluster: { kubeconfig: "(bench)" },
  namespaces: ["ml-serving", "feast", "monitoring"],
  kserve: { deploymentMode: "Standard" },
};
const validated = validateRepo({ files: platformRepo() }, { binding: null });
if (!validated.ok) throw new Error(`the generated repository is invalid: ${validated.summary.errors} errors`);
const desired = renderEnvironment({
  snapshot: validated.snapshot,
  environment: "staging",
  binding,
  commit: "c".repeat(40),
});
const namespaces = new Set([
  ...binding.namespaces,
  ...desired.objects.map((o) => o.metadata.namespace ?? ""),
]);
namespaces.delete("");

const fake = await startFakeKubernetes();
fake.namespaces(...namespaces);
const dir = mkdtempSync(join(tmpdir(), "slipway-bench-"));
const kubeconfig = join(dir, "config");
writeFileSync(kubeconfig, fake.kubeconfig({ context: "bench" }));
try {
  const port = connectKubeCluster({ kubeconfig, context: "bench" }, { env: {}, retry: { maxAttempts: 1 } });
  const settings = applySettings(port, inventoryLocation("staging", binding.namespaces), {
    concurrency: CONCURRENCY,
  });
  const scopes = new Set(
    desired.objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}`),
  ).size;

  const run = async () => {
    const before = fake.requests.length;
    const start = performance.now();
    const report = await applyEnvironment(desired, settings);
    const ms = performance.now() - start;
    const requests = fake.requests.slice(before);
    return { report, ms, requests, counts: countByVerb(requests) };
  };
  const describe = (requests: readonly RecordedRequest[]) => {
    const dry = requests.filter((r) => r.verb === "patch" && r.query.dryRun === "All").length;
    const c = countByVerb(requests);
    return `discovery ${c.discovery}, list ${c.list}, get ${c.get}, patch ${c.patch - dry} (+${dry} dry run), delete ${c.delete}`;
  };

  const first = await run();
  const noop = await run();
  const writes = noop.counts.patch + noop.counts.delete;
  // A paged LIST is one list: its continuation requests carry `continue`.
  const lists = noop.requests.filter((r) => r.verb === "list" && !r.query.continue).length;
  const lines = [
    `apply engine on ${desired.objects.length} objects (${MODELS} models, ${VIEWS} feature views, ${MODELS} monitors) against the fake API server`,
    `  first apply (concurrency ${CONCURRENCY}): ${first.ms.toFixed(0)} ms, ${first.report.outcome}, ${first.requests.length} requests: ${describe(first.requests)}`,
    `    ${((desired.objects.length / first.ms) * 1000).toFixed(0)} objects/s`,
    `  no-op reconcile: ${noop.ms.toFixed(0)} ms, ${noop.report.outcome}, ${noop.requests.length} requests: ${describe(noop.requests)}`,
    `    LISTs: ${lists} for ${scopes} kind/namespace scopes (ratio ${(lists / scopes).toFixed(2)}, aim ≤ 1.00); ` +
      `${noop.counts.list} LIST requests with the continuation pages (500 objects a page, as kubectl)`,
    `    writes: ${writes} (aim 0); GETs: ${noop.counts.get} (the inventory only)`,
    `    wall time: ${noop.ms.toFixed(0)} ms (ratio ${(noop.ms / NOOP_AIM_MS).toFixed(2)} of the ${NOOP_AIM_MS} ms aim)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (
    first.report.outcome !== "applied" ||
    noop.report.outcome !== "no-op" ||
    writes > 0 ||
    noop.counts.list > scopes
  )
    process.exitCode = 1;
} finally {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
