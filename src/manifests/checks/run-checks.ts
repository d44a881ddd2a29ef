import type { Diagnostic } from "../diagnostic.ts";
import type { RepoPolicy } from "../schemas/repo-config.ts";
import type { ServerBinding } from "../schemas/server-config.ts";
import type { PlatformSnapshot } from "../snapshot.ts";
import { checkBindings } from "./check-bindings.ts";
import { checkCanary } from "./check-canary.ts";
import { type Check, createContext } from "./check-context.ts";
import { checkDataSources } from "./check-data-sources.ts";
import { checkDtypes } from "./check-dtypes.ts";
import { checkPipelines, checkRepositoryPackages } from "./check-pipelines.ts";
import { checkPolicy } from "./check-policy.ts";
import { checkPromotion } from "./check-promotion.ts";
import { checkReferences } from "./check-references.ts";
import { checkSchedules } from "./check-schedules.ts";
import { checkServing } from "./check-serving.ts";

/** The repository-wide checks, in the order their findings are most useful. */
export const CHECKS: readonly Check[] = [
  checkReferences,
  checkDtypes,
  checkServing,
  checkCanary,
  checkPromotion,
  checkSchedules,
  checkDataSources,
  checkBindings,
  checkPipelines,
  checkPolicy,
];

export function runChecks(
  snapshot: PlatformSnapshot,
  binding: ServerBinding | null,
  policy: { from: RepoPolicy | undefined } | null = null,
  files: ReadonlyMap<string, Uint8Array> = new Map(),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx = createContext(snapshot, binding, out, policy ? policy.from : snapshot.config?.value.policy);
  for (const check of CHECKS) check(ctx);
  checkRepositoryPackages(ctx, files);
  return out;
}
