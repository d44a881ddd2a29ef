import { connectBoundLiveMetrics } from "../../src/live-metrics/connect-bound-live-metrics.ts";
import { advanceDeploy } from "../../src/workflows/deploy/advance-deploy.ts";
import { drainEnvironment } from "../../src/workflows/deploy/run-executor.ts";
import { type FakePrometheus, startFakePrometheus } from "../fakes/prometheus/fake.ts";
import { onActivity } from "../helpers/activity.ts";
import { COMMIT_A, COMMIT_B, type DeployHarness, PR, startDeployHarness } from "./deploy-harness.ts";

export const COMMIT_C = "c3".repeat(20);
export const PROM_TOKEN = "prom-token-rollout-0123456789";

/** The template at version 7 walking 10% for 1m, then 50% for 10m, checked on its error rate and latency. */
export const ROLLOUT_MODEL = `    canary:
      steps: [10, { weight: 50, interval: 10m }]
      interval: 1m
      analysis:
        failureLimit: 0
        checks:
          - name: error-rate
            query: sum(rate(errors_total{namespace="{{namespace}}",track="{{track}}",version="{{version}}"}[{{interval}}]))
            vs: stable
            maxIncrease: 0.005
          - name: p95-latency
            query: latency_p95{track="{{track}}"}
            vs: stable
            maxRatio: 1.2
`;

export interface RolloutHarness extends DeployHarness {
  prom: FakePrometheus;
  /** The executors' clock: ISO 8601, moved on by `advance`. */
  clock: { now: number; advance(seconds: number): void };
  /** Answers per track: error rate and p95 latency of the canary and the stable version. */
  metrics: { canary: { errors: number; p95: number }; stable: { errors: number; p95: number } };
}

/** Seldon Core 2's side: a Model reports ModelReady once its generation is seen, as the scheduler does. */
function seldonReady(h: DeployHarness): () => void {
  const mark = () => {
    for (const fake of [h.clusters.staging.fake, h.clusters.production.fake])
      for (const object of fake.objects("Model")) {
        const generation = (object.metadata as { generation?: number }).generation ?? 1;
        const status = (object as { status?: { observedGeneration?: number } }).status;
        if (object.apiVersion.startsWith("mlops.seldon.io/") && status?.observedGeneration !== generation)
          fake.setStatus(object, {
            observedGeneration: generation,
            conditions: [{ type: "ModelReady", status: "True", reason: "ModelAvailable" }],
          });
      }
  };
  mark();
  return onActivity(mark);
}

/**
 * The deploy harness with commit C (the template at version 7 rolling out step by step), a fake
 * Prometheus behind the binding's `prometheus` integration (bearer token), and a clock the test moves.
 * Commit A (version 6) is deployed to staging first, so version 6 is the stable side.
 */
export async function startRolloutHarness(
  options: {
    knative?: boolean;
    canary?: string;
    seldon?: boolean;
    /** The Model edited for the rollout's commit (C), and for the one serving before (A). */
    model?: (text: string, commit: "A" | "C") => string;
    config?: (text: string) => string;
  } = {},
): Promise<RolloutHarness> {
  const h = await startDeployHarness();
  if (options.knative)
    for (const environment of Object.values(h.ports.binding?.environments ?? {}))
      environment.kserve = { deploymentMode: "Knative" };
  const prom = await startFakePrometheus({ token: PROM_TOKEN });
  const metrics = { canary: { errors: 0.01, p95: 0.04 }, stable: { errors: 0.01, p95: 0.04 } };
  prom.answer((query) => {
    const track = query.includes('track="canary"') ? metrics.canary : metrics.stable;
    return query.startsWith("latency_p95") ? track.p95 : track.errors;
  });
  const binding = h.ports.binding;
  if (!binding) throw new Error("the harness binds no repository");
  binding.integrations = {
    ...binding.integrations,
    prometheus: { type: "prometheus", endpoint: prom.url, token: { env: "PROM_TOKEN" } },
  };
  const clock = {
    now: Date.parse("2026-12-07T12:00:00.000Z"),
    advance(seconds: number) {
      clock.now += seconds * 1000;
    },
  };
  h.ports.now = () => new Date(clock.now).toISOString();
  h.ports.connectLiveMetrics = (integration) =>
    connectBoundLiveMetrics(binding, integration, async (ref) => {
      if ("env" in ref && ref.env === "PROM_TOKEN") return PROM_TOKEN;
      throw new Error("unset");
    });
  const seldon = (text: string) =>
    options.seldon ? text.replace("runtime: kserve", "runtime: seldon") : text;
  const runtime = (text: string, commit: "A" | "C" = "C") =>
    options.model ? options.model(seldon(text), commit) : seldon(text);
  const base = h.trees.get(COMMIT_A) ?? {};
  const template = h.trees.get(COMMIT_B) ?? {};
  const model = runtime(
    (template["models/fraud-detection.yaml"] ?? "").replace(
      "    canary:\n      percent: 10\n",
      options.canary ?? ROLLOUT_MODEL,
    ),
  );
  const stopSeldon = options.seldon ? seldonReady(h) : () => {};
  const config = (options.config ?? ((t: string) => t))(
    (template[".slipway.yml"] ?? "").replace(
      "  pipelines: kubeflow\n",
      "  pipelines: kubeflow\n  metrics: prometheus\n",
    ),
  );
  h.trees.set(COMMIT_A, {
    ...base,
    ".slipway.yml": config,
    "models/fraud-detection.yaml": runtime(base["models/fraud-detection.yaml"] ?? "", "A"),
  });
  h.trees.set(COMMIT_C, { ...template, ".slipway.yml": config, "models/fraud-detection.yaml": model });
  h.github.history = [COMMIT_A, COMMIT_C];
  h.github.merges.set(COMMIT_C, PR);
  // Version 6 serves in staging before the rollout.
  await advanceDeploy(h.ports, { commit: COMMIT_A, branch: "main", pr: null });
  await drainEnvironment(h.ports, "staging", h.options);
  h.reports.length = 0;
  const close = h.close;
  return {
    ...h,
    prom,
    clock,
    metrics,
    close: async () => {
      stopSeldon();
      await prom.close();
      await close();
    },
  };
}
