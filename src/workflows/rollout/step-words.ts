import { rolloutStepMarkdown } from "../../report/rollout-step-markdown.ts";
import { formatNumber } from "../../rollout/check-bound.ts";
import { stepsOf } from "../../rollout/rollout-pins.ts";
import type { RolloutModel } from "../../state/environment-state.ts";
import type { PinnedContext } from "./apply-pinned.ts";
import type { Evaluated } from "./evaluate-model.ts";

/** A Model's evaluation as the merged pull request reads it: the step, the checks' table, what follows. */
export function stepTable(context: PinnedContext, e: Evaluated, models: readonly RolloutModel[]): string {
  const steps = stepsOf(context.snapshot, e.model.model);
  const step = steps[e.model.step];
  const after = models.find((m) => m.model === e.model.model);
  const upcoming = after ? steps[after.step] : undefined;
  const then =
    e.decision.kind === "rollback"
      ? `Rolled back: all traffic returns to version ${e.model.stable.version}.`
      : e.decision.kind === "hold"
        ? `A check failed within its failure limit: this step runs another ${step?.interval ?? "interval"}.`
        : upcoming
          ? `Next: ${upcoming.mirror ? "a mirror of all traffic" : `${upcoming.share}%`} for ${upcoming.interval}.`
          : `Next: version ${e.model.version} takes all traffic.`;
  return rolloutStepMarkdown({
    model: e.model.model,
    stableVersion: e.model.stable.version,
    version: e.model.version,
    step: e.model.step + 1,
    steps: steps.length,
    share: step?.mirror ? "mirror" : `${step?.share ?? 0}%`,
    interval: step?.interval ?? "0s",
    rows: e.rows,
    next: then,
  });
}

/** The failed checks with their numbers, for the held revision and the failed Deployment. */
export function failureWords(failed: readonly Evaluated[]): string {
  const words = failed.flatMap((e) =>
    e.rows
      .filter((r) => r.result.verdict !== "pass")
      .map((r) => {
        const n = (v: number | null) => (v === null ? "no data" : formatNumber(v));
        const numbers =
          r.result.verdict === "error"
            ? (r.note ?? "error")
            : `canary ${n(r.result.canary)}, stable ${n(r.result.stable)}, bound ${r.bound}`;
        return `\`${e.model.model}\` check \`${r.result.check}\` failed at step ${e.model.step + 1} (${numbers})`;
      }),
  );
  return words.join("; ");
}
