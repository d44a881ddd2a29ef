import type { ModelGate } from "../schemas/model.ts";
import type { Manifest } from "../snapshot.ts";
import type { CheckContext } from "./check-context.ts";

// Matched against whole words of the metric name (`val_loss`, `p95LatencyMs`, `ndcg@10`), so that
// `referral_rate` is not read as an error and `uptime` not as a duration.
const LOWER_IS_BETTER = new Set([
  "loss",
  "logloss",
  "error",
  "err",
  "latency",
  "rmse",
  "mse",
  "mae",
  "mape",
  "brier",
  "duration",
  "time",
  "ms",
  "seconds",
  "cost",
  "fpr",
  "fnr",
  "wer",
  "cer",
  "perplexity",
]);
const HIGHER_IS_BETTER = new Set([
  "accuracy",
  "acc",
  "precision",
  "recall",
  "f1",
  "auc",
  "roc",
  "r2",
  "ndcg",
  "map",
  "mrr",
  "bleu",
  "rouge",
  "throughput",
  "tpr",
  "specificity",
  "sensitivity",
]);

function metricWords(metric: string): string[] {
  return metric
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase());
}

/** Promotion targets, environment order and gates are coherent. */
export function checkPromotion(ctx: CheckContext): void {
  const order = ctx.snapshot.config?.value.environments.map((e) => e.name) ?? null;
  for (const model of ctx.snapshot.manifests.Model.values()) {
    const promotion = model.value.spec.promotion;
    if ((promotion.alias === undefined) === (promotion.stage === undefined)) {
      const both = promotion.alias !== undefined;
      ctx.report(
        model,
        ["spec", "promotion", ...(both ? ["stage"] : [])],
        "SLW144",
        both
          ? "give either `promotion.alias` or `promotion.stage`, not both"
          : "`promotion` needs an MLflow `alias` (or a legacy `stage`) to move when a version is promoted",
        { target: both ? "value" : "key" },
      );
    }
    if (order) checkEnvironmentOrder(ctx, model, promotion.environments, order);
    checkGates(ctx, model, promotion.gates ?? []);
  }
}

function checkEnvironmentOrder(
  ctx: CheckContext,
  model: Manifest<"Model">,
  envs: string[],
  order: string[],
): void {
  let last = -1;
  for (const [i, env] of envs.entries()) {
    const position = order.indexOf(env);
    const path = ["spec", "promotion", "environments", i];
    if (position < 0) {
      ctx.report(
        model,
        path,
        "SLW120",
        `environment \`${env}\` is not declared in .slipway.yml (declared: ${order.join(", ")})`,
      );
      continue;
    }
    if (position < last) {
      ctx.report(
        model,
        path,
        "SLW126",
        `\`${env}\` comes before \`${order[last]}\` in .slipway.yml, so it cannot follow it here`,
      );
    }
    last = Math.max(last, position);
  }
}

function checkGates(ctx: CheckContext, model: Manifest<"Model">, gates: ModelGate[]): void {
  const seen = new Map<string, number>();
  for (const [i, gate] of gates.entries()) {
    const at = (field?: string) => ["spec", "promotion", "gates", i, ...(field ? [field] : [])];
    const first = seen.get(gate.metric);
    if (first !== undefined) {
      ctx.report(
        model,
        at("metric"),
        "SLW143",
        `metric \`${gate.metric}\` already has a gate (gates[${first}])`,
      );
    }
    seen.set(gate.metric, i);
    const relative = gate.maxDrop !== undefined || gate.maxDropRatio !== undefined;
    if (gate.min === undefined && gate.max === undefined && gate.vs === undefined && !relative) {
      ctx.report(model, at(), "SLW140", `gate on \`${gate.metric}\` has no bound`);
    }
    if (gate.min !== undefined && gate.max !== undefined && gate.min > gate.max) {
      ctx.report(
        model,
        at("min"),
        "SLW141",
        `gate on \`${gate.metric}\` has min ${gate.min} above max ${gate.max}`,
      );
    }
    if (gate.vs === "production" && !relative) {
      ctx.report(
        model,
        at("vs"),
        "SLW142",
        `gate on \`${gate.metric}\` compares with production but gives no maxDrop or maxDropRatio`,
      );
    }
    if (relative && gate.vs !== "production") {
      ctx.report(
        model,
        at(gate.maxDrop !== undefined ? "maxDrop" : "maxDropRatio"),
        "SLW142",
        `gate on \`${gate.metric}\` sets a drop but not \`vs: production\``,
      );
    }
    if (gate.maxDrop !== undefined && gate.maxDropRatio !== undefined) {
      ctx.report(
        model,
        at("maxDropRatio"),
        "SLW142",
        `gate on \`${gate.metric}\` gives both maxDrop and maxDropRatio; keep one`,
      );
    }
    const words = metricWords(gate.metric);
    const lower = words.some((w) => LOWER_IS_BETTER.has(w));
    const higher = words.some((w) => HIGHER_IS_BETTER.has(w));
    if (gate.goal === "maximize" && lower && !higher) {
      ctx.report(
        model,
        at("goal"),
        "SLW145",
        `\`${gate.metric}\` reads like a metric where lower is better, but the goal is maximize`,
      );
    } else if (gate.goal === "minimize" && higher && !lower) {
      ctx.report(
        model,
        at("goal"),
        "SLW145",
        `\`${gate.metric}\` reads like a metric where higher is better, but the goal is minimize`,
      );
    }
  }
}
