import { durationMilliseconds } from "../../render/duration.ts";
import { builtinQuery, type MetricsRuntime, metricsRuntime } from "../../rollout/builtin-checks.ts";
import { PLACEHOLDERS, placeholdersIn } from "../../rollout/check-query.ts";
import type { CanaryCheck, CanarySpec } from "../schemas/canary.ts";
import type { Manifest } from "../snapshot.ts";
import type { CheckContext } from "./check-context.ts";

/** The shortest and longest wait a step may declare. */
const MIN_INTERVAL_SECONDS = 1;
const MAX_INTERVAL_SECONDS = 7 * 86_400;
const COMPARISONS = ["maxIncrease", "maxRatio", "maxDecrease", "minRatio"] as const;

/**
 * A Model's canary is something the deploy can walk (issue #22): a fixed `percent` or rising `steps`
 * with their waits, never both; checks that say what they measure and what bounds it, with queries whose
 * placeholders exist and built-ins each environment's runtime provides; a Prometheus integration named
 * when any check is declared.
 */
export function checkCanary(ctx: CheckContext): void {
  for (const model of ctx.snapshot.manifests.Model.values()) {
    const canary = model.value.spec.serving.canary;
    if (!canary) continue;
    const at = (...path: (string | number)[]) => ["spec", "serving", "canary", ...path];
    const report = (
      path: (string | number)[],
      code: "SLW146" | "SLW147" | "SLW148" | "SLW149",
      text: string,
    ) => ctx.report(model, at(...path), code, text);
    const runtime = model.value.spec.serving.runtime;

    if (canary.percent !== undefined && canary.steps)
      report(["steps"], "SLW146", "give `percent` (a fixed share) or `steps` (a rollout), not both");
    if (!canary.steps) {
      for (const field of ["interval", "shadow", "analysis"] as const)
        if (canary[field] !== undefined)
          report([field], "SLW146", `\`${field}\` belongs to a rollout: declare \`steps\` to use it`);
      continue;
    }
    let previous = 0;
    for (const [i, step] of canary.steps.entries()) {
      const share = typeof step === "number" ? step : step.weight;
      if (share <= previous)
        report(["steps", i], "SLW146", `the steps must rise: ${share}% comes after ${previous}%`);
      previous = Math.max(previous, share);
      const interval = (typeof step === "number" ? undefined : step.interval) ?? canary.interval;
      if (interval === undefined)
        report(["steps", i], "SLW146", `step ${i + 1} has no interval, and \`canary.interval\` is not set`);
    }
    for (const [path, interval] of intervals(canary)) {
      const seconds = durationMilliseconds(interval) / 1000;
      if (seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS)
        report(path, "SLW146", `an interval runs from 1s to 7d; ${interval} does not`);
    }
    if (canary.shadow && runtime !== "seldon")
      report(
        ["shadow"],
        "SLW146",
        `mirroring uses Seldon Core 2's Experiment mirror; runtime \`${runtime}\` has none`,
      );

    const analysis = canary.analysis;
    if (!analysis) continue;
    if (ctx.snapshot.config && !ctx.snapshot.config.value.integrations.metrics)
      report(
        ["analysis", "checks"],
        "SLW149",
        "canary checks query Prometheus: name the integration under `integrations.metrics` in .slipway.yml",
      );
    const runtimes = environmentRuntimes(ctx, model);
    const names = new Set<string>();
    for (const [i, check] of analysis.checks.entries()) {
      if (names.has(check.name))
        report(["analysis", "checks", i, "name"], "SLW147", `two checks are named \`${check.name}\``);
      names.add(check.name);
      checkOne(check, (path, code, text) => report(["analysis", "checks", i, ...path], code, text), runtimes);
    }
  }
}

function intervals(canary: CanarySpec): [(string | number)[], string][] {
  const out: [(string | number)[], string][] = [];
  if (canary.interval !== undefined) out.push([["interval"], canary.interval]);
  for (const [i, step] of (canary.steps ?? []).entries())
    if (typeof step !== "number" && step.interval !== undefined)
      out.push([["steps", i, "interval"], step.interval]);
  return out;
}

type Report = (path: string[], code: "SLW147" | "SLW148", text: string) => void;

function checkOne(check: CanaryCheck, report: Report, runtimes: Map<string, MetricsRuntime>): void {
  if ((check.query === undefined) === (check.builtin === undefined))
    report(
      [check.query === undefined ? "name" : "builtin"],
      "SLW147",
      "a check has a `query` or a `builtin`, one of the two",
    );
  const comparisons = COMPARISONS.filter((k) => check[k] !== undefined);
  if (
    check.max === undefined &&
    check.min === undefined &&
    comparisons.length === 0 &&
    check.vs === undefined
  )
    report(
      ["name"],
      "SLW147",
      `check \`${check.name}\` has no bound: give \`max\`, \`min\`, or \`vs: stable\` with a comparison`,
    );
  if (comparisons.length > 0 && check.vs !== "stable")
    report(
      [comparisons[0] as string],
      "SLW147",
      `\`${comparisons[0]}\` compares with the stable version: add \`vs: stable\``,
    );
  if (check.vs === "stable" && comparisons.length === 0)
    report(["vs"], "SLW147", "`vs: stable` needs `maxIncrease`, `maxRatio`, `maxDecrease` or `minRatio`");
  if (check.max !== undefined && check.min !== undefined && check.min > check.max)
    report(["min"], "SLW147", `min (${check.min}) is above max (${check.max})`);

  if (check.query !== undefined) {
    for (const name of placeholdersIn(check.query)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name))
        report(
          ["query"],
          "SLW147",
          `unknown placeholder {{${name}}} (known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")})`,
        );
      else if (name === "revision")
        for (const [environment, runtime] of runtimes)
          if (runtime !== "kserve-knative")
            report(
              ["query"],
              "SLW148",
              `{{revision}} names a KServe Knative revision; in \`${environment}\` the model runs on ${runtime}`,
            );
    }
  }
  if (check.builtin !== undefined)
    for (const [environment, runtime] of runtimes) {
      const query = builtinQuery(runtime, check.builtin);
      if (typeof query !== "string")
        report(
          ["builtin"],
          "SLW148",
          `\`${check.builtin}\` is not available in \`${environment}\` (${runtime}): ${query.unavailable}`,
        );
    }
}

/**
 * The model's runtime in each environment it is promoted to. Without a server configuration KServe's
 * mode is unknown: only what holds in every mode is checked then.
 */
function environmentRuntimes(ctx: CheckContext, model: Manifest<"Model">): Map<string, MetricsRuntime> {
  const out = new Map<string, MetricsRuntime>();
  const runtime = model.value.spec.serving.runtime;
  for (const environment of model.value.spec.promotion.environments) {
    if (runtime === "kserve" && !ctx.binding) continue;
    const bound = ctx.binding?.environments[environment];
    if (ctx.binding && !bound) continue;
    out.set(environment, metricsRuntime(runtime, bound?.kserve?.deploymentMode));
  }
  return out;
}
