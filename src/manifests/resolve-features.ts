import type { DTYPES } from "./schemas/common.ts";
import type { ModelManifest } from "./schemas/model.ts";
import type { PlatformSnapshot } from "./snapshot.ts";

export interface ResolvedFeature {
  view: string;
  name: string;
  dtype: (typeof DTYPES)[number];
}

/** Splits `view:feature`. */
export function parseFeatureRef(ref: string): { view: string; feature: string } {
  const at = ref.indexOf(":");
  return { view: ref.slice(0, at), feature: ref.slice(at + 1) };
}

/** The feature references a model consumes, through its feature service or its own refs. */
export function modelFeatureRefs(snapshot: PlatformSnapshot, model: ModelManifest): string[] {
  const features = model.spec.features;
  if (!features) return [];
  if (features.refs) return features.refs;
  if (features.service)
    return snapshot.manifests.FeatureService.get(features.service)?.value.spec.features ?? [];
  return [];
}

/** Resolves feature refs to typed features; refs that do not resolve are left out (checks report them). */
export function resolveFeatures(snapshot: PlatformSnapshot, refs: readonly string[]): ResolvedFeature[] {
  const out: ResolvedFeature[] = [];
  for (const ref of refs) {
    const { view, feature } = parseFeatureRef(ref);
    const field = snapshot.manifests.FeatureView.get(view)?.value.spec.features.find(
      (f) => f.name === feature,
    );
    if (field) out.push({ view, name: feature, dtype: field.dtype });
  }
  return out;
}
