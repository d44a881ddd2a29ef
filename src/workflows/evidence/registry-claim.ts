import type { RegistryClaim } from "../../experiments/baseline.ts";
import type { ModelManifest } from "../../manifests/schemas/model.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import { orNull } from "./resolve-version.ts";

/** Which version the registry says serves production: the promotion alias's holder, or the stage's latest. */
export async function registryClaim(tracker: Tracker, model: ModelManifest): Promise<RegistryClaim | null> {
  const { registry, promotion } = model.spec;
  if (promotion.alias) {
    const holder = await orNull(tracker.getModelVersionByAlias(registry.name, promotion.alias));
    return holder ? { via: "alias", name: promotion.alias, version: holder.version } : null;
  }
  if (promotion.stage) {
    const latest = await orNull(tracker.getLatestVersions(registry.name, [promotion.stage]));
    const holder = latest?.find((v) => v.current_stage === promotion.stage);
    return holder ? { via: "stage", name: promotion.stage, version: holder.version } : null;
  }
  return null;
}
