import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import type { RolloutPin } from "./canary-split.ts";
import { canonical, compareCodePoints } from "./canonical.ts";
import { type KubeObject, objectKey, refOf } from "./kube-object.ts";
import { manifestPath } from "./labels.ts";
import {
  DEFAULT_IMAGES,
  defaultNamespace,
  type EnvironmentBinding,
  type RenderContext,
  type RenderImages,
  type ServedVersion,
} from "./render-context.ts";
import { renderDeployment } from "./render-deployment.ts";
import { renderFeast } from "./render-feast.ts";
import { renderInferenceService } from "./render-inference-service.ts";
import { renderMonitor } from "./render-monitor.ts";
import { renderPlatform } from "./render-platform.ts";
import type { RenderResult, SkippedManifest } from "./render-result.ts";
import { renderSeldon } from "./render-seldon-model.ts";
import { modelNamespace } from "./serving-common.ts";

export interface RenderInput {
  snapshot: PlatformSnapshot;
  environment: string;
  binding: EnvironmentBinding;
  commit: string;
  artifactUris?: ReadonlyMap<string, string>;
  servedVersions?: ReadonlyMap<string, ServedVersion>;
  /** A rollout in progress: the split each of its Models is at (the environment's state). */
  rollout?: ReadonlyMap<string, RolloutPin>;
  images?: Partial<RenderImages>;
}

/**
 * The platform repo at one commit, as the Kubernetes objects of one environment. Pure and
 * deterministic: the same input gives the same objects, in the same order, with the same key order.
 * A Model is rendered where its promotion lists the environment; a Monitor where its Model is.
 */
export function renderEnvironment(input: RenderInput): RenderResult {
  const { snapshot, environment } = input;
  const ctx: RenderContext = {
    environment,
    binding: input.binding,
    commit: input.commit,
    policy: snapshot.config?.value.policy,
    artifactUris: input.artifactUris ?? new Map(),
    servedVersions: input.servedVersions ?? new Map(),
    ...(input.rollout ? { rollout: input.rollout } : {}),
    images: { ...DEFAULT_IMAGES, ...input.binding.images, ...input.images },
  };
  const objects: KubeObject[] = [];
  const skipped: SkippedManifest[] = [];
  const servedModels = new Map<string, string>();

  for (const model of snapshot.manifests.Model.values()) {
    const path = manifestPath(model.file, model.index);
    if (!model.value.spec.promotion.environments.includes(environment)) {
      skipped.push({ kind: "Model", name: model.name, path, reason: `not promoted to ${environment}` });
      continue;
    }
    servedModels.set(model.name, modelNamespace(model, ctx));
    const runtime = model.value.spec.serving.runtime;
    if (runtime === "kserve") objects.push(renderInferenceService(model, ctx));
    else if (runtime === "seldon") objects.push(...renderSeldon(model, ctx));
    else objects.push(...renderDeployment(model, ctx));
  }
  for (const monitor of snapshot.manifests.Monitor.values()) {
    const namespace = servedModels.get(monitor.value.spec.model);
    if (namespace === undefined) {
      const path = manifestPath(monitor.file, monitor.index);
      const reason = `its model ${monitor.value.spec.model} is not served in ${environment}`;
      skipped.push({ kind: "Monitor", name: monitor.name, path, reason });
      continue;
    }
    // A monitor Job holds the Monitor's definition, not the repository its DVC files are in: it could
    // only fail on every schedule. Reviews and `slipway drift --monitor` read such data (issue #23).
    const spec = monitor.value.spec;
    if (spec.reference.dvc !== undefined || spec.current.dvc !== undefined) {
      skipped.push({
        kind: "Monitor",
        name: monitor.name,
        path: manifestPath(monitor.file, monitor.index),
        reason:
          "it reads DVC-tracked data, which a scheduled monitor Job cannot resolve (it has no git repository); its drift is computed in reviews and by slipway drift --monitor",
      });
      continue;
    }
    objects.push(...renderMonitor(monitor, namespace, ctx));
  }
  objects.push(...renderFeast(snapshot, feastNamespace(snapshot) ?? defaultNamespace(ctx), ctx));
  for (const platform of snapshot.manifests.Platform.values()) {
    const rendered = renderPlatform(platform, ctx);
    objects.push(...rendered.objects);
    skipped.push(...rendered.skipped);
  }
  for (const pipeline of snapshot.manifests.Pipeline.values()) {
    skipped.push({
      kind: "Pipeline",
      name: pipeline.name,
      path: manifestPath(pipeline.file, pipeline.index),
      reason: "handled by the pipelines integration (Kubeflow Pipelines), not rendered",
    });
  }
  return {
    environment,
    commit: input.commit,
    objects: objects.map(canonical).sort((a, b) => compareObjects(a, b)),
    skipped: skipped.sort(
      (a, b) =>
        compareCodePoints(a.kind, b.kind) ||
        compareCodePoints(a.name, b.name) ||
        compareCodePoints(a.reason, b.reason),
    ),
  };
}

/** Feature-store objects go where the platform installs Feast, so the Jobs reach its registry. */
function feastNamespace(snapshot: PlatformSnapshot): string | undefined {
  for (const platform of snapshot.manifests.Platform.values()) {
    const feast = platform.value.spec.components.feast;
    if (feast) return feast.namespace;
  }
  return undefined;
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  return (
    compareCodePoints(a.apiVersion, b.apiVersion) ||
    compareCodePoints(a.kind, b.kind) ||
    compareCodePoints(objectKey(refOf(a)), objectKey(refOf(b)))
  );
}
