import type { ModelManifest } from "../../manifests/schemas/model.ts";
import type { Tracker } from "../../tracker/tracker-port.ts";
import { type RegistryMove, registryMoves } from "./registry-moves.ts";

/**
 * Moves the MLflow registry to what the environment now serves: aliases, or legacy stages with
 * `archive_existing_versions` for production. Reads the registry first so a repeated step moves
 * nothing; a TrackerFault propagates (the caller records a partial deploy to retry).
 */
export async function applyRegistry(
  tracker: Tracker,
  models: readonly { name: string; manifest: ModelManifest }[],
  environment: { name: string; production?: boolean },
): Promise<RegistryMove[]> {
  const current = new Map<string, { aliases: Record<string, string>; stages: Record<string, string[]> }>();
  for (const { manifest } of models) {
    const name = manifest.spec.registry.name;
    if (current.has(name) || !manifest.spec.promotion.environments.includes(environment.name)) continue;
    const registered = await tracker.getRegisteredModel(name);
    const stages: Record<string, string[]> = {};
    for (const v of registered.latest_versions) {
      const list = stages[v.current_stage] ?? [];
      list.push(v.version);
      stages[v.current_stage] = list;
    }
    current.set(name, {
      aliases: Object.fromEntries(registered.aliases.map((a) => [a.alias, a.version])),
      stages,
    });
  }
  const moves = registryMoves(models, environment, current);
  for (const move of moves) {
    if (move.kind === "alias") await tracker.setAlias(move.registeredModel, move.alias, move.version);
    else await tracker.transitionStage(move.registeredModel, move.version, move.stage, move.archiveExisting);
  }
  return moves;
}
