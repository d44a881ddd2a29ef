import { parseQuantity } from "../quantity.ts";
import { withinPrefix } from "../within-prefix.ts";
import type { CheckContext } from "./check-context.ts";

/** The repository's own policy (`.slipway.yml` on the default branch) holds for every manifest. */
export function checkPolicy(ctx: CheckContext): void {
  const policy = ctx.policy;
  if (!policy) return;
  const { manifests } = ctx.snapshot;
  for (const model of manifests.Model.values()) {
    const serving = model.value.spec.serving;
    const at = (...path: string[]) => ["spec", "serving", ...path];
    if (policy.namespaces && serving.namespace && !policy.namespaces.includes(serving.namespace)) {
      ctx.report(
        model,
        at("namespace"),
        "SLW160",
        `namespace \`${serving.namespace}\` is not allowed by policy (allowed: ${policy.namespaces.join(", ")})`,
      );
    }
    if (policy.runtimes && !policy.runtimes.includes(serving.runtime)) {
      ctx.report(
        model,
        at("runtime"),
        "SLW161",
        `runtime \`${serving.runtime}\` is not allowed by policy (allowed: ${policy.runtimes.join(", ")})`,
      );
    }
    if (
      policy.imageRegistries &&
      serving.image &&
      !policy.imageRegistries.some((p) => withinPrefix(serving.image as string, p))
    ) {
      ctx.report(
        model,
        at("image"),
        "SLW162",
        `the image is not from an allowed registry (allowed: ${policy.imageRegistries.join(", ")})`,
      );
    }
    if (policy.maxReplicas !== undefined && serving.replicas.max > policy.maxReplicas) {
      ctx.report(
        model,
        at("replicas", "max"),
        "SLW163",
        `replicas.max ${serving.replicas.max} exceeds the policy's maxReplicas ${policy.maxReplicas}`,
      );
    }
    const ceiling = policy.maxResources;
    const resources = serving.resources;
    if (ceiling && resources) {
      for (const key of ["cpu", "memory"] as const) {
        const asked = resources[key];
        const limit = ceiling[key];
        for (const [value, path] of [
          [asked, at("resources", key)],
          [resources.limits?.[key], at("resources", "limits", key)],
        ] as const) {
          if (value === undefined || limit === undefined) continue;
          const a = parseQuantity(value);
          const l = parseQuantity(limit);
          if (a !== null && l !== null && a > l) {
            ctx.report(
              model,
              [...path],
              "SLW164",
              `${key} ${String(value)} exceeds the policy's maximum ${String(limit)} per replica`,
            );
          }
        }
      }
      if (ceiling.gpu !== undefined && (resources.gpu ?? 0) > ceiling.gpu) {
        ctx.report(
          model,
          at("resources", "gpu"),
          "SLW164",
          `gpu ${resources.gpu} exceeds the policy's maximum ${ceiling.gpu} per replica`,
        );
      }
    }
  }
  for (const platform of manifests.Platform.values()) {
    for (const [name, component] of Object.entries(platform.value.spec.components)) {
      const at = ["spec", "components", name];
      if (policy.namespaces && !policy.namespaces.includes(component.namespace)) {
        ctx.report(
          platform,
          [...at, "namespace"],
          "SLW160",
          `namespace \`${component.namespace}\` is not allowed by policy (allowed: ${policy.namespaces.join(", ")})`,
        );
      }
      const repos = policy.chartRepositories;
      if (repos && !repos.some((r) => withinPrefix(component.chart.repository, r))) {
        ctx.report(
          platform,
          [...at, "chart", "repository"],
          "SLW165",
          `chart repository of \`${name}\` is not allowed by policy (allowed: ${repos.join(", ")})`,
        );
      }
    }
  }
}
