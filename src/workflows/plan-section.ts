import type { ServerBinding } from "../manifests/schemas/server-config.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import { buildPlan } from "../plan/build-plan.ts";
import { declaredAsCurrent, planRecurringRuns } from "../plan/pipeline-plan.ts";
import type { Plan } from "../plan/plan.ts";
import { desiredRecurringRuns } from "../plan/recurring-runs.ts";
import { servedVersionsFrom } from "../plan/served-versions.ts";
import { DEFAULT_BINDING, type ServedVersion } from "../render/render-context.ts";
import { renderEnvironment } from "../render/render-environment.ts";
import { renderPipelinePlanMarkdown } from "../report/pipeline-plan-markdown.ts";
import { renderPlanMarkdown } from "../report/plan-markdown.ts";
import { summaryLine } from "../report/plan-values.ts";
import { rolloutPlanMarkdown } from "../report/rollout-plan-markdown.ts";
import type { CommentSection } from "../report/sticky-comment.ts";
import { metricsRuntime } from "../rollout/builtin-checks.ts";
import { describeSteps } from "../rollout/canary-steps.ts";
import { rolloutTargets } from "../rollout/rollout-targets.ts";

export interface PlanSectionInput {
  head: { snapshot: PlatformSnapshot; sha: string };
  /** The default branch as rendered: the offline stand-in for what each environment runs. */
  base: { snapshot: PlatformSnapshot; sha: string } | null;
  binding: ServerBinding | null;
  /** Servable URIs resolved through MLflow for the head's models, by Model name. */
  artifactUris?: ReadonlyMap<string, string>;
}

/**
 * The plan section of the sticky comment: for each environment the change affects, what would change
 * if it merged, against the default branch rendered the same way (offline: no cluster is read); the
 * environments it leaves alone are named in one line.
 * Environments the server does not bind are left out; validation already reports them.
 */
export function planSection(input: PlanSectionInput): CommentSection {
  const environments = input.head.snapshot.config?.value.environments.map((e) => e.name) ?? [];
  const parts: string[] = [];
  const compact: string[] = [];
  const unaffected: string[] = [];
  for (const environment of environments) {
    const planned = plannedEnvironment(input, environment);
    if (!planned) continue;
    const { plan } = planned;
    const { create, update, delete: deletes } = plan.summary;
    if (create + update + deletes === 0) {
      unaffected.push(environment);
      continue;
    }
    parts.push(renderPlanMarkdown(plan, { headingLevel: 4, maxDiffChars: 20_000 }));
    const rollout = rolloutPart(input, environment, planned.served);
    if (rollout) parts.push(rollout.markdown);
    compact.push(
      `- \`${environment}\`: ${summaryLine(plan)} · plan \`${plan.hash}\`${rollout ? ` · rollout ${rollout.summary}` : ""}`,
    );
  }
  if (unaffected.length > 0) {
    const line = `No changes to ${unaffected.map((e) => `\`${e}\``).join(", ")}.`;
    parts.push(line);
    compact.push(line);
  }
  const pipelines = pipelinePlanPart(input);
  if (pipelines) {
    parts.push(pipelines.markdown);
    compact.push(`- Kubeflow Pipelines: ${pipelines.summary}`);
  }
  const intro = input.base
    ? "What merging would change, against the default branch rendered the same way (no cluster was read)."
    : "The default branch could not be rendered, so every object is shown as new.";
  const head = `### Plan\n${intro}`;
  if (parts.length === 0)
    return { id: "plan", body: `${head}\n\nNo environment is bound for this repository.`, compact: head };
  return { id: "plan", body: `${head}\n\n${parts.join("\n")}`, compact: `${head}\n\n${compact.join("\n")}` };
}

/**
 * One environment's offline plan, exactly as the plan section shows it (and hashes it): the head against
 * the default branch rendered the same way. `/slipway apply` recomputes it to refuse a stale plan.
 * Null when the server does not bind the environment.
 */
export function environmentPlan(input: PlanSectionInput, environment: string): Plan | null {
  return plannedEnvironment(input, environment)?.plan ?? null;
}

/** The plan, and the versions the default branch serves there (the stable side of any rollout). */
function plannedEnvironment(
  input: PlanSectionInput,
  environment: string,
): { plan: Plan; served: ReadonlyMap<string, ServedVersion> } | null {
  const binding = input.binding ? input.binding.environments[environment] : DEFAULT_BINDING;
  if (!binding) return null;
  const headUris = input.artifactUris ?? new Map<string, string>();
  // A version the default branch serves too resolves to the same artifacts: no spurious URI change.
  const baseUris = new Map(
    [...headUris].filter(
      ([name]) =>
        String(input.base?.snapshot.manifests.Model.get(name)?.value.spec.registry.version) ===
        String(input.head.snapshot.manifests.Model.get(name)?.value.spec.registry.version),
    ),
  );
  const base = input.base
    ? renderEnvironment({
        snapshot: input.base.snapshot,
        environment,
        binding,
        commit: input.base.sha,
        artifactUris: baseUris,
      })
    : null;
  const served = servedVersionsFrom(base?.objects ?? []);
  const desired = renderEnvironment({
    snapshot: input.head.snapshot,
    environment,
    binding,
    commit: input.head.sha,
    artifactUris: headUris,
    servedVersions: served,
  });
  const plan = buildPlan({
    desired,
    ...(base ? { live: { baseline: "inventory" as const, objects: base.objects } } : {}),
  });
  return { plan, served };
}

/** The steps and checks merging would walk in the environment, with a one-line summary; null when none. */
function rolloutPart(
  input: PlanSectionInput,
  environment: string,
  served: ReadonlyMap<string, ServedVersion>,
): { markdown: string; summary: string } | null {
  const snapshot = input.head.snapshot;
  const targets = rolloutTargets(snapshot, environment, served);
  if (targets.length === 0) return null;
  const mode = (input.binding ? input.binding.environments[environment] : DEFAULT_BINDING)?.kserve
    ?.deploymentMode;
  const markdown = rolloutPlanMarkdown({
    environment,
    metrics: snapshot.config?.value.integrations.metrics,
    targets: targets.flatMap((target) => {
      const manifest = snapshot.manifests.Model.get(target.model);
      if (!manifest) return [];
      return [{ target, manifest, runtime: metricsRuntime(manifest.value.spec.serving.runtime, mode) }];
    }),
  });
  const summary = targets.map((t) => `\`${t.model}\` ${describeSteps(t.steps)}`).join(", ");
  return { markdown, summary };
}

/** The plan section when the head does not validate: nothing is rendered from invalid manifests. */
export function planSkippedSection(): CommentSection {
  const body = "### Plan\nNot computed: fix the validation errors first.";
  return { id: "plan", body, compact: body };
}

/**
 * The recurring runs merging would create, change, enable or disable in Kubeflow Pipelines: the head's
 * Pipelines against the default branch's, offline like the rest of the plan (a pull request never
 * touches KFP). Null when none would change.
 */
function pipelinePlanPart(input: PlanSectionInput): { markdown: string; summary: string } | null {
  const options = {
    repository: "",
    mlflowPlugin: (name: string) => input.binding?.integrations?.[name]?.mlflowPlugin === true,
  };
  const head = desiredRecurringRuns(input.head.snapshot, options);
  const base = input.base ? desiredRecurringRuns(input.base.snapshot, options) : [];
  const plan = planRecurringRuns(head, declaredAsCurrent(base));
  const markdown = renderPipelinePlanMarkdown(plan);
  if (!markdown) return null;
  const { create, update, enable, disable } = plan.summary;
  return {
    markdown,
    summary: `${create} to create, ${update} to change, ${enable} to enable, ${disable} to disable`,
  };
}
