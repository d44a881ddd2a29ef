import type { ObjectMeta } from "./kube-object.ts";
import type { RenderContext } from "./render-context.ts";

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "slipway";
export const ENVIRONMENT_LABEL = "slipway.dev/environment";
export const COMPONENT_LABEL = "slipway.dev/component";
export const MANIFEST_KIND_LABEL = "slipway.dev/manifest-kind";
export const MANIFEST_NAME_LABEL = "slipway.dev/manifest-name";
export const MANIFEST_PATH_ANNOTATION = "slipway.dev/manifest-path";
export const SOURCE_COMMIT_ANNOTATION = "slipway.dev/source-commit";

/** What part of the platform an object belongs to; the plan applies them in this order. */
export type Component = "serving" | "feature-store" | "monitoring" | "platform";

/** The manifest(s) an object is rendered from. Feature-store objects come from several. */
export interface ObjectSource {
  kind: string;
  name: string;
  /** Files (with the document index when a file holds several) the object is rendered from. */
  paths: readonly string[];
  /** The manifest's own `metadata.labels`, copied first so Slipway's labels always win. */
  labels?: Readonly<Record<string, string>>;
}

/**
 * Metadata every rendered object carries: who manages it (the `app.kubernetes.io/managed-by` label
 * Kubernetes recommends), which environment and manifest it comes from, and the source commit. The
 * label set is what the applier selects on to find Slipway's objects; paths and commit are annotations
 * because they are not valid label values.
 */
export function objectMeta(
  name: string,
  namespace: string | null,
  component: Component,
  source: ObjectSource,
  ctx: RenderContext,
  extraAnnotations: Record<string, string> = {},
): ObjectMeta {
  const meta: ObjectMeta = {
    name,
    labels: {
      ...source.labels,
      [MANAGED_BY_LABEL]: MANAGED_BY,
      [ENVIRONMENT_LABEL]: ctx.environment,
      [COMPONENT_LABEL]: component,
      [MANIFEST_KIND_LABEL]: source.kind,
      [MANIFEST_NAME_LABEL]: source.name,
    },
    annotations: {
      ...extraAnnotations,
      [MANIFEST_PATH_ANNOTATION]: source.paths.join(","),
      [SOURCE_COMMIT_ANNOTATION]: ctx.commit,
    },
  };
  if (namespace !== null) meta.namespace = namespace;
  return meta;
}

/** `file` or `file#index` for the second and later documents of a file. */
export function manifestPath(file: string, index: number): string {
  return index === 0 ? file : `${file}#${index}`;
}

/** Labels a workload's pods carry and its Service/selector match: stable across versions. */
export function selectorLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, [MANAGED_BY_LABEL]: MANAGED_BY };
}
