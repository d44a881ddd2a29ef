import type { ModelManifest } from "../../manifests/schemas/model.ts";

/** One change to the MLflow registry after an environment is healthy. */
export type RegistryMove =
  | { kind: "alias"; model: string; registeredModel: string; alias: string; version: string }
  | {
      kind: "stage";
      model: string;
      registeredModel: string;
      stage: "Staging" | "Production";
      version: string;
      archiveExisting: boolean;
    };

/**
 * What the registry should say once `environment` serves `models` (pure). The promotion alias (e.g.
 * `champion`) moves when a production environment serves the version; with legacy stages, a
 * non-production environment moves the version to Staging and production to the declared stage,
 * archiving the versions there before (the seed's Staging → Production). Models that do not promote
 * through this environment, or already hold the target, move nothing.
 */
export function registryMoves(
  models: readonly { name: string; manifest: ModelManifest }[],
  environment: { name: string; production?: boolean },
  current: ReadonlyMap<string, { aliases: Record<string, string>; stages: Record<string, string[]> }>,
): RegistryMove[] {
  const moves: RegistryMove[] = [];
  for (const { name, manifest } of models) {
    const { registry, promotion } = manifest.spec;
    if (!promotion.environments.includes(environment.name)) continue;
    const version = String(registry.version);
    const holder = current.get(registry.name);
    if (promotion.alias) {
      if (!environment.production) continue;
      if (holder?.aliases[promotion.alias] === version) continue;
      moves.push({
        kind: "alias",
        model: name,
        registeredModel: registry.name,
        alias: promotion.alias,
        version,
      });
      continue;
    }
    if (promotion.stage) {
      const stage = environment.production ? promotion.stage : "Staging";
      if (holder?.stages[stage]?.length === 1 && holder.stages[stage]?.[0] === version) continue;
      moves.push({
        kind: "stage",
        model: name,
        registeredModel: registry.name,
        stage,
        version,
        archiveExisting: stage === "Production",
      });
    }
  }
  return moves;
}
