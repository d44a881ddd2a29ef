import type { Manifest } from "../snapshot.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * A drift trigger (issue #19) is complete: its options belong to `on: drift`, the environments it counts
 * are declared in `.slipway.yml`, and the Pipeline names the model whose candidate pull request the
 * retrained version becomes. A monitor of another model is allowed (upstream data shared by two models)
 * but said, because its drift is rarely a reason to retrain this one.
 */
export function checkDriftTrigger(ctx: CheckContext, pipeline: Manifest<"Pipeline">, index: number): void {
  const spec = pipeline.value.spec;
  const trigger = spec.triggers?.[index];
  if (!trigger) return;
  const at = (key: string) => ["spec", "triggers", index, key];
  if (trigger.on !== "drift") {
    for (const key of ["conditions", "environments", "cooldown"] as const)
      if (trigger[key] !== undefined)
        ctx.report(pipeline, at(key), "SLW156", `\`${key}\` applies to \`on: drift\` triggers only`, {
          target: "key",
        });
    return;
  }
  if (!spec.model)
    ctx.report(
      pipeline,
      at("on"),
      "SLW156",
      "a drift trigger needs `spec.model`: the version the run registers is proposed to that model",
    );
  const declared = ctx.snapshot.config?.value.environments.map((e) => e.name);
  if (declared)
    for (const [i, environment] of (trigger.environments ?? []).entries())
      if (!declared.includes(environment))
        ctx.report(
          pipeline,
          [...at("environments"), i],
          "SLW156",
          `\`${environment}\` is not an environment of .slipway.yml (${declared.join(", ") || "none declared"})`,
        );
  const monitor = trigger.monitor ? ctx.snapshot.manifests.Monitor.get(trigger.monitor) : undefined;
  const watched = monitor?.value.spec.model;
  // A monitor naming an undeclared model is already an error on the monitor; saying here that it
  // watches another model would be a consequence of that typo, not a second finding.
  if (monitor && spec.model && watched !== spec.model && ctx.snapshot.manifests.Model.has(watched ?? ""))
    ctx.report(
      pipeline,
      at("monitor"),
      "SLW157",
      `monitor \`${monitor.name}\` watches model \`${watched}\`, not \`${spec.model}\` which this Pipeline retrains`,
    );
}
