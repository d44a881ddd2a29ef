import type { Manifest, PlatformSnapshot } from "../../manifests/snapshot.ts";
import { canonicalJson } from "../../render/canonical.ts";

export interface ChangedModel {
  head: Manifest<"Model">;
  /** The model as the default branch declares it; null for a new model. */
  base: Manifest<"Model"> | null;
}

/**
 * Models whose manifest the pull request adds or changes (value compared, not text: a comment or
 * reformatting is no change), in name order. `only` narrows to one model, changed or not, for
 * `/slipway compare <model>`.
 */
export function changedModels(
  head: PlatformSnapshot,
  base: PlatformSnapshot | null,
  only?: string,
): ChangedModel[] {
  const out: ChangedModel[] = [];
  for (const [name, manifest] of [...head.manifests.Model].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const before = base?.manifests.Model.get(name) ?? null;
    if (only !== undefined) {
      if (name === only) out.push({ head: manifest, base: before });
      continue;
    }
    if (before && canonicalJson(before.value) === canonicalJson(manifest.value)) continue;
    out.push({ head: manifest, base: before });
  }
  return out;
}
