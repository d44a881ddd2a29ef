import { boundGitRepository, isPlatformRepo } from "../bound-git-repository.ts";
import type { RepoConfig } from "../schemas/repo-config.ts";
import type { IntegrationBinding } from "../schemas/server-config.ts";
import type { Located } from "../snapshot.ts";
import { hasDotSegments, withinPrefix } from "../within-prefix.ts";
import type { CheckContext } from "./check-context.ts";

type Role = keyof RepoConfig["integrations"];
const ROLE_TYPES: Record<Role, readonly IntegrationBinding["type"][]> = {
  tracking: ["mlflow"],
  datasets: ["s3"],
  pipelines: ["kfp"],
  metrics: ["prometheus"],
  notifications: ["slack", "webhook"],
};

/**
 * Names of environments and integrations resolve: manifests to `.slipway.yml`, and `.slipway.yml` to
 * the server's binding for this repository (DESIGN.md §4: the repo names, the operator binds).
 */
export function checkBindings(ctx: CheckContext): void {
  const config = ctx.snapshot.config;
  if (!config) return;
  const { environments, integrations } = config.value;
  const seen = new Set<string>();
  for (const [i, env] of environments.entries()) {
    if (seen.has(env.name))
      ctx.report(
        config,
        ["environments", i, "name"],
        "SLW101",
        `environment \`${env.name}\` is declared twice`,
      );
    seen.add(env.name);
    if (env.production && env.preMergeApply) {
      ctx.report(
        config,
        ["environments", i, "preMergeApply"],
        "SLW180",
        "a production environment cannot take pre-merge applies",
      );
    }
  }
  checkManifestIntegrations(ctx, config.value);
  const binding = ctx.binding;
  if (!binding) {
    ctx.report(
      config,
      ["environments"],
      "SLW123",
      "environment names are not checked against server bindings",
      { target: "key" },
    );
    ctx.report(
      config,
      ["integrations"],
      "SLW123",
      "integration names are not checked against server bindings",
      { target: "key" },
    );
    return;
  }
  for (const [i, env] of environments.entries()) {
    // The operator's word on what is production wins: a repo cannot open it to pre-merge applies by
    // leaving out `production: true`.
    if (binding.environments[env.name]?.production && env.preMergeApply && !env.production) {
      ctx.report(
        config,
        ["environments", i, "preMergeApply"],
        "SLW180",
        `the server binds \`${env.name}\` as a production environment, which cannot take pre-merge applies`,
      );
    }
    if (!Object.hasOwn(binding.environments, env.name)) {
      const bound = Object.keys(binding.environments).join(", ") || "none";
      ctx.report(
        config,
        ["environments", i, "name"],
        "SLW121",
        `environment \`${env.name}\` is not bound for this repository (bound: ${bound})`,
      );
    }
  }
  for (const role of Object.keys(ROLE_TYPES) as Role[]) {
    const value = integrations[role];
    const names = value === undefined ? [] : Array.isArray(value) ? value : [value];
    for (const [i, name] of names.entries()) {
      const path = Array.isArray(value) ? ["integrations", role, i] : ["integrations", role];
      const bound = binding.integrations?.[name];
      if (!bound)
        ctx.report(config, path, "SLW122", `integration \`${name}\` is not bound for this repository`);
      else if (!ROLE_TYPES[role].includes(bound.type)) {
        ctx.report(
          config,
          path,
          "SLW125",
          `integration \`${name}\` is of type ${bound.type}; ${role} needs ${ROLE_TYPES[role].join(" or ")}`,
        );
      }
    }
  }
  checkDatasetPrefixes(ctx);
  checkDvcRepositories(ctx);
  checkNamespaces(ctx);
}

/** A DVC dataset in another repository reads only a repository the operator binds as `git`. */
function checkDvcRepositories(ctx: CheckContext): void {
  const binding = ctx.binding;
  if (!binding) return;
  for (const monitor of ctx.snapshot.manifests.Monitor.values())
    for (const side of ["reference", "current"] as const) {
      const repo = monitor.value.spec[side].dvc?.repo;
      if (isPlatformRepo(repo) || boundGitRepository(binding, repo as string)) continue;
      ctx.report(
        monitor,
        ["spec", side, "dvc", "repo"],
        "SLW122",
        `repository ${repo} is not bound for this repository's Monitors (the operator binds it as a \`git\` integration with this url)`,
      );
    }
}

function checkManifestIntegrations(ctx: CheckContext, config: RepoConfig): void {
  const { manifests } = ctx.snapshot;
  const datasets = config.integrations.datasets ?? [];
  const expect = (
    at: Located<unknown>,
    path: (string | number)[],
    name: string,
    allowed: readonly string[],
    role: Role,
  ) => {
    if (allowed.includes(name)) return;
    ctx.report(
      at,
      path,
      "SLW124",
      `integration \`${name}\` is not listed under integrations.${role} in .slipway.yml`,
    );
  };
  for (const monitor of manifests.Monitor.values()) {
    for (const side of ["reference", "current"] as const) {
      expect(
        monitor,
        ["spec", side, "integration"],
        monitor.value.spec[side].integration,
        datasets,
        "datasets",
      );
    }
    for (const [i, alert] of (monitor.value.spec.alerts ?? []).entries()) {
      if (alert.integration)
        expect(
          monitor,
          ["spec", "alerts", i, "integration"],
          alert.integration,
          config.integrations.notifications ?? [],
          "notifications",
        );
    }
  }
  for (const view of manifests.FeatureView.values()) {
    const integration = view.value.spec.source.integration;
    if (integration) expect(view, ["spec", "source", "integration"], integration, datasets, "datasets");
  }
  const pipelines = config.integrations.pipelines;
  for (const pipeline of manifests.Pipeline.values()) {
    expect(
      pipeline,
      ["spec", "integration"],
      pipeline.value.spec.integration,
      pipelines ? [pipelines] : [],
      "pipelines",
    );
  }
}

function checkDatasetPrefixes(ctx: CheckContext): void {
  for (const monitor of ctx.snapshot.manifests.Monitor.values()) {
    for (const side of ["reference", "current"] as const) {
      const ref = monitor.value.spec[side];
      const location = ref.path ?? ref.prefix;
      const bound = ctx.binding?.integrations?.[ref.integration];
      if (location === undefined || !bound || bound.type !== "s3") continue;
      const allowed = bound.allowedPrefixes ?? [];
      const field = ref.path !== undefined ? "path" : "prefix";
      if (hasDotSegments(location)) {
        ctx.report(
          monitor,
          ["spec", side, field],
          "SLW127",
          `\`${side}.${field}\` has '.' or '..' segments; give the location without them`,
        );
      } else if (!allowed.some((prefix) => withinPrefix(location, prefix))) {
        ctx.report(
          monitor,
          ["spec", side, field],
          "SLW127",
          `\`${side}.${field}\` is outside the prefixes integration \`${ref.integration}\` allows (${allowed.join(", ") || "none"})`,
        );
      }
    }
  }
}

function checkNamespaces(ctx: CheckContext): void {
  // Components are installed in their namespace in every environment they list.
  for (const platform of ctx.snapshot.manifests.Platform.values()) {
    for (const [name, component] of Object.entries(platform.value.spec.components)) {
      if (!component.enabled) continue;
      for (const env of component.environments ?? []) {
        const bound = ctx.binding?.environments[env];
        if (bound && !bound.namespaces.includes(component.namespace)) {
          ctx.report(
            platform,
            ["spec", "components", name, "namespace"],
            "SLW160",
            `namespace \`${component.namespace}\` is not one Slipway may write in \`${env}\` (bound: ${bound.namespaces.join(", ")})`,
          );
        }
      }
    }
  }
  for (const model of ctx.snapshot.manifests.Model.values()) {
    const namespace = model.value.spec.serving.namespace;
    if (!namespace) continue;
    for (const env of model.value.spec.promotion.environments) {
      const bound = ctx.binding?.environments[env];
      if (bound && !bound.namespaces.includes(namespace)) {
        ctx.report(
          model,
          ["spec", "serving", "namespace"],
          "SLW160",
          `namespace \`${namespace}\` is not one Slipway may write in \`${env}\` (bound: ${bound.namespaces.join(", ")})`,
        );
      }
    }
  }
}
