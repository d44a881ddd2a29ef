import type { PlatformSnapshot } from "../manifests/snapshot.ts";

/** A promotion alias a Model owns in an environment, and the version git says it points at there. */
export interface OwnedAlias {
  readonly model: string;
  readonly registeredModel: string;
  readonly alias: string;
  readonly version: string;
}

export interface AliasDrift extends OwnedAlias {
  /** What the registry says now; null when the alias was deleted. */
  readonly live: string | null;
}

/**
 * The aliases a production environment owns at the commit it runs (DESIGN.md §4: the alias moves last,
 * after a healthy deploy): every Model promoted to it with `promotion.alias`, at the version that
 * commit declares. Stages are not aliases and are not judged here; nor are non-production environments,
 * which move no alias.
 */
export function ownedAliases(snapshot: PlatformSnapshot, environment: string): OwnedAlias[] {
  const declared = snapshot.config?.value.environments.find((e) => e.name === environment);
  if (!declared?.production) return [];
  const out: OwnedAlias[] = [];
  for (const [name, manifest] of [...snapshot.manifests.Model].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { registry, promotion } = manifest.value.spec;
    if (!promotion.alias || !promotion.environments.includes(environment)) continue;
    out.push({
      model: name,
      registeredModel: registry.name,
      alias: promotion.alias,
      version: String(registry.version),
    });
  }
  return out;
}

/** The owned aliases the registry does not point where git says (moved or deleted by hand). */
export function aliasDrift(
  owned: readonly OwnedAlias[],
  live: ReadonlyMap<string, Readonly<Record<string, string>>>,
): AliasDrift[] {
  return owned.flatMap((o) => {
    const now = live.get(o.registeredModel)?.[o.alias] ?? null;
    return now === o.version ? [] : [{ ...o, live: now }];
  });
}
