import type { KubeObject } from "../render/kube-object.ts";

export const MASK_SAME = "(masked)";
export const MASK_BEFORE = "(masked, old)";
export const MASK_AFTER = "(masked, new)";

const SECRET_FIELDS = ["data", "stringData"] as const;

/**
 * Replaces the values of Secrets before anything is compared or printed, keeping only whether a value
 * changed (as Argo CD's gitops-engine `HideSecretData` does): equal values become the same mask, values
 * that differ get distinct masks. Nothing derived from a secret value — not even a hash — reaches the plan.
 */
export function maskSecretPair(
  desired: KubeObject | undefined,
  live: KubeObject | undefined,
): { desired: KubeObject | undefined; live: KubeObject | undefined } {
  const isSecret = (o: KubeObject | undefined) =>
    o !== undefined && o.kind === "Secret" && o.apiVersion === "v1";
  if (!isSecret(desired) && !isSecret(live)) return { desired, live };
  const d = desired && structuredClone(desired);
  const l = live && structuredClone(live);
  for (const field of SECRET_FIELDS) {
    const dv = d?.[field] as Record<string, unknown> | undefined;
    const lv = l?.[field] as Record<string, unknown> | undefined;
    for (const key of new Set([...Object.keys(dv ?? {}), ...Object.keys(lv ?? {})])) {
      const same = dv !== undefined && lv !== undefined && key in dv && key in lv && dv[key] === lv[key];
      if (dv && key in dv) dv[key] = same ? MASK_SAME : MASK_AFTER;
      if (lv && key in lv) lv[key] = same ? MASK_SAME : MASK_BEFORE;
    }
  }
  return { desired: d, live: l };
}
