import type { BaselineSource } from "./types.ts";

/** A registry version named by one source of truth about what production serves. */
export interface VersionClaim {
  version: string;
}

/** What the registry says serves production: the alias holder, or the legacy stage's latest version. */
export interface RegistryClaim extends VersionClaim {
  via: "alias" | "stage";
  /** The alias or stage name, e.g. `champion` or `Production`. */
  name: string;
}

export interface BaselineCandidates {
  /** The version the last production deploy applied (none before the first deploy). */
  deployRecord: VersionClaim | null;
  /** The version the default branch's manifest declares, when the model exists there. */
  git: VersionClaim | null;
  registry: RegistryClaim | null;
}

export interface BaselineChoice {
  /** null: nothing serves production yet — a first deployment. */
  version: string | null;
  source: BaselineSource;
  /** Set when the sources disagree: the reviewer should know production may not be what git says. */
  note: string | null;
}

/**
 * Chooses the baseline a candidate is judged against (DESIGN.md §4): what production runs according
 * to the last deploy and git; the registry's alias or stage holder only when neither knows. A
 * registry that disagrees is not obeyed, it is reported — like any drift from git.
 */
export function chooseBaseline(candidates: BaselineCandidates): BaselineChoice {
  const { deployRecord, git, registry } = candidates;
  const chosen: { version: string; source: BaselineSource } | null = deployRecord
    ? { version: deployRecord.version, source: "deploy-record" }
    : git
      ? { version: git.version, source: "git" }
      : registry
        ? { version: registry.version, source: registry.via }
        : null;
  if (!chosen) return { version: null, source: "none", note: null };
  const notes: string[] = [];
  if (deployRecord && git && deployRecord.version !== git.version)
    notes.push(
      `the last deploy applied version ${deployRecord.version} but the default branch declares version ${git.version}`,
    );
  if (registry && registry.version !== chosen.version && chosen.source !== registry.via)
    notes.push(
      `the registry's ${registryWords(registry)} points at version ${registry.version}, not version ${chosen.version}`,
    );
  const note =
    notes.length === 0
      ? null
      : `Sources disagree: ${notes.join("; ")}. Judged against version ${chosen.version}.`;
  return { ...chosen, note };
}

function registryWords(claim: RegistryClaim): string {
  return claim.via === "alias" ? `alias \`${claim.name}\`` : `stage ${claim.name}`;
}
