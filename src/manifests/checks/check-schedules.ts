import { cronProblem, kfpCron } from "../cron.ts";
import type { CheckContext } from "./check-context.ts";
import { checkDriftTrigger } from "./check-triggers.ts";

/** Every schedule is a cron expression a Kubernetes CronJob accepts. */
export function checkSchedules(ctx: CheckContext): void {
  const { manifests } = ctx.snapshot;
  const check = (
    at: Parameters<CheckContext["report"]>[0],
    path: string[],
    expression: string | undefined,
  ) => {
    if (expression === undefined) return;
    const problem = cronProblem(expression);
    if (problem)
      ctx.report(at, path, "SLW150", `\`${path.join(".")}\` is not a valid cron schedule: ${problem}`);
  };
  for (const monitor of manifests.Monitor.values())
    check(monitor, ["spec", "schedule"], monitor.value.spec.schedule);
  for (const pipeline of manifests.Pipeline.values()) {
    const spec = pipeline.value.spec;
    // KFP reads schedules with robfig/cron: standard five fields, or its own six (seconds first).
    const kfp = spec.schedule === undefined ? null : kfpCron(spec.schedule);
    if (kfp && "problem" in kfp)
      ctx.report(
        pipeline,
        ["spec", "schedule"],
        "SLW150",
        `\`spec.schedule\` is not a valid cron schedule: ${kfp.problem}`,
      );
    for (const [i, trigger] of (spec.triggers ?? []).entries()) {
      if (trigger.on === "schedule" && !spec.schedule) {
        ctx.report(
          pipeline,
          ["spec", "triggers", i, "on"],
          "SLW150",
          "a schedule trigger needs `spec.schedule`",
        );
      }
      if (trigger.on === "drift" && !trigger.monitor) {
        ctx.report(pipeline, ["spec", "triggers", i, "on"], "SLW102", "a drift trigger needs `monitor`");
      }
      checkDriftTrigger(ctx, pipeline, i);
    }
  }
  for (const view of manifests.FeatureView.values()) {
    check(view, ["spec", "materialization", "schedule"], view.value.spec.materialization?.schedule);
    if (view.value.spec.materialization && !view.value.spec.online) {
      ctx.report(
        view,
        ["spec", "materialization"],
        "SLW151",
        "materialization only applies to views with `online: true`",
      );
    }
  }
}
