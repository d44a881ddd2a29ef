import { modelFeatureRefs, parseFeatureRef } from "../../manifests/resolve-features.ts";
import type { ModelManifest } from "../../manifests/schemas/model.ts";
import type { PlatformSnapshot } from "../../manifests/snapshot.ts";

/**
 * The column names a model receives when served: its consumed features and the join keys of their
 * views' entities. null when the model declares no features (nothing to match a signature against).
 */
export function servedInputs(
  snapshot: PlatformSnapshot,
  model: ModelManifest,
): { features: string[]; joinKeys: string[] } | null {
  const refs = modelFeatureRefs(snapshot, model);
  if (refs.length === 0) return null;
  const features: string[] = [];
  const joinKeys = new Set<string>();
  for (const ref of refs) {
    const { view, feature } = parseFeatureRef(ref);
    features.push(feature);
    for (const entity of snapshot.manifests.FeatureView.get(view)?.value.spec.entities ?? [])
      for (const key of snapshot.manifests.Entity.get(entity)?.value.spec.joinKeys ?? []) joinKeys.add(key);
  }
  return { features: [...new Set(features)], joinKeys: [...joinKeys] };
}
