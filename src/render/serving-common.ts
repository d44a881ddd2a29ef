import type { Manifest } from "../manifests/snapshot.ts";
import { durationSeconds } from "./duration.ts";
import { manifestPath, type ObjectSource } from "./labels.ts";
import type { RenderContext } from "./render-context.ts";

type Model = Manifest<"Model">;
type Serving = Model["value"]["spec"]["serving"];

export const ARTIFACT_URI_ANNOTATION = "slipway.dev/artifact-uri";
export const MODEL_VERSION_ANNOTATION = "slipway.dev/model-version";
/** On an InferenceService splitting traffic in Standard mode: the version its stable predictor serves. */
export const STABLE_VERSION_ANNOTATION = "slipway.dev/stable-version";
export const MODEL_LOAD_TIMEOUT_ANNOTATION = "slipway.dev/model-load-timeout";
/** Extended resource requested for GPUs when a manifest names none (NVIDIA's device plugin). */
export const DEFAULT_GPU_RESOURCE = "nvidia.com/gpu";

export function modelSource(model: Model): ObjectSource {
  const source: ObjectSource = {
    kind: "Model",
    name: model.name,
    paths: [manifestPath(model.file, model.index)],
  };
  if (model.value.metadata.labels) source.labels = model.value.metadata.labels;
  return source;
}

export function modelNamespace(model: Model, ctx: RenderContext): string {
  return model.value.spec.serving.namespace ?? ctx.binding.namespaces[0] ?? "default";
}

/**
 * The artifact URI to serve and what the annotation says about it. Until MLflow resolved the version
 * (`model-versions/get-download-uri`), the URI is the placeholder `models:/<name>/<version>` — MLflow's
 * own model URI form, which no serving runtime downloads — and the annotation says so, so a reviewer
 * never mistakes it for a resolved location.
 */
export function artifactUri(model: Model, ctx: RenderContext): { uri: string; annotation: string } {
  const resolved = ctx.artifactUris.get(model.name);
  if (resolved !== undefined) return { uri: resolved, annotation: "resolved through MLflow" };
  const { name, version } = model.value.spec.registry;
  return {
    uri: placeholderUri(name, String(version)),
    annotation: "placeholder: resolved through MLflow get-download-uri before apply",
  };
}

export function placeholderUri(registryName: string, version: string): string {
  return `models:/${encodeURIComponent(registryName)}/${version}`;
}

/** Container requests and limits; a GPU count goes to both, as Kubernetes requires for extended resources. */
export function containerResources(serving: Serving): Record<string, Record<string, string>> | undefined {
  const r = serving.resources;
  if (!r) return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (r.cpu !== undefined) requests.cpu = String(r.cpu);
  if (r.memory !== undefined) requests.memory = String(r.memory);
  if (r.limits?.cpu !== undefined) limits.cpu = String(r.limits.cpu);
  if (r.limits?.memory !== undefined) limits.memory = String(r.limits.memory);
  if (r.gpu) {
    const gpu = r.gpuResource ?? DEFAULT_GPU_RESOURCE;
    requests[gpu] = String(r.gpu);
    limits[gpu] = String(r.gpu);
  }
  const out: Record<string, Record<string, string>> = {};
  if (Object.keys(requests).length > 0) out.requests = requests;
  if (Object.keys(limits).length > 0) out.limits = limits;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Node placement for GPU workloads, from the environment's binding (the operator knows its nodes). */
export function gpuPlacement(serving: Serving, ctx: RenderContext): Record<string, unknown> {
  if (!serving.resources?.gpu || !ctx.binding.gpu) return {};
  const out: Record<string, unknown> = {};
  const { nodeSelector, tolerations } = ctx.binding.gpu;
  if (nodeSelector && Object.keys(nodeSelector).length > 0) out.nodeSelector = { ...nodeSelector };
  if (tolerations && tolerations.length > 0) out.tolerations = tolerations.map((t) => ({ ...t }));
  return out;
}

/** Container env: literal values as given, secret values as `secretKeyRef`s (never the value). */
export function containerEnv(serving: Serving): Record<string, unknown>[] | undefined {
  if (!serving.env || serving.env.length === 0) return undefined;
  return serving.env.map((e) =>
    e.valueFrom
      ? {
          name: e.name,
          valueFrom: { secretKeyRef: { name: e.valueFrom.secretRef.name, key: e.valueFrom.secretRef.key } },
        }
      : { name: e.name, value: e.value ?? "" },
  );
}

export function modelLoadTimeoutSeconds(serving: Serving): number | undefined {
  return serving.modelLoadTimeout === undefined ? undefined : durationSeconds(serving.modelLoadTimeout);
}

/** Annotations every serving object carries: the version served, its artifact URI note, the load timeout. */
export function servingAnnotations(model: Model, ctx: RenderContext): Record<string, string> {
  const out: Record<string, string> = {
    [MODEL_VERSION_ANNOTATION]: `${model.value.spec.registry.name}/${model.value.spec.registry.version}`,
    [ARTIFACT_URI_ANNOTATION]: artifactUri(model, ctx).annotation,
  };
  const timeout = model.value.spec.serving.modelLoadTimeout;
  if (timeout !== undefined) out[MODEL_LOAD_TIMEOUT_ANNOTATION] = timeout;
  return out;
}
