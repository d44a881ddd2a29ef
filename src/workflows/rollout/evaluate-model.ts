import type { LiveMetrics } from "../../live-metrics/live-metrics-port.ts";
import { metricsRuntime } from "../../rollout/builtin-checks.ts";
import { stepsOf } from "../../rollout/rollout-pins.ts";
import { decideStep, type StepDecision } from "../../rollout/step-decision.ts";
import type { RolloutModel } from "../../state/environment-state.ts";
import type { DeployPorts } from "../deploy/deploy-ports.ts";
import type { PinnedContext } from "./apply-pinned.ts";
import { type EvaluatedCheck, evaluateChecks } from "./evaluate-checks.ts";
import { knativeRevisions } from "./knative-revisions.ts";

/** One Model's evaluation at the end of its step: the checks' rows and what they decide. */
export interface Evaluated {
  model: RolloutModel;
  rows: EvaluatedCheck[];
  decision: StepDecision;
  failures: Record<string, number>;
}

/**
 * Evaluates one Model whose step came due: its checks on live metrics (each an error with the reason
 * when no metrics source could be connected), then the step's verdict against `failureLimit`.
 */
export async function evaluateModel(
  ports: DeployPorts,
  context: PinnedContext,
  environment: string,
  model: RolloutModel,
  metrics: LiveMetrics | null,
  unavailable: string,
  now: string,
): Promise<Evaluated> {
  const manifest = context.snapshot.manifests.Model.get(model.model);
  const spec = manifest?.value.spec;
  const analysis = spec?.serving.canary?.analysis;
  const checks = analysis?.checks ?? [];
  const step = stepsOf(context.snapshot, model.model)[model.step];
  let rows: EvaluatedCheck[] = [];
  if (spec && step && checks.length > 0) {
    const runtime = metricsRuntime(spec.serving.runtime, context.binding.kserve?.deploymentMode);
    const namespace = spec.serving.namespace ?? context.binding.namespaces[0] ?? "default";
    const port = ports.cluster(environment, context.binding);
    const revisions =
      runtime === "kserve-knative" && port
        ? await knativeRevisions(port, namespace, model.model).catch(() => ({}))
        : {};
    rows = metrics
      ? await evaluateChecks(
          metrics,
          checks,
          {
            model: model.model,
            namespace,
            runtime,
            version: model.version,
            stableVersion: model.stable.version,
            step,
            revisions,
          },
          Math.floor(Date.parse(now) / 1000),
        )
      : checks.map((c) => ({
          result: {
            model: model.model,
            check: c.name,
            canary: null,
            stable: null,
            verdict: "error" as const,
          },
          query: "",
          bound: "",
          note: unavailable,
        }));
  }
  const { decision, failures } = decideStep(
    rows.map((r) => r.result),
    model.failures,
    analysis?.failureLimit ?? 0,
  );
  return { model, rows, decision, failures };
}
