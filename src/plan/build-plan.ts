import { createHash } from "node:crypto";
import { canonicalJson, compareCodePoints } from "../render/canonical.ts";
import { type KubeObject, objectKey, refOf } from "../render/kube-object.ts";
import {
  ENVIRONMENT_LABEL,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  MANIFEST_PATH_ANNOTATION,
} from "../render/labels.ts";
import type { RenderResult } from "../render/render-result.ts";
import { type Tier, tierOf, tierRank } from "./apply-order.ts";
import { allFields, fieldDiff } from "./field-diff.ts";
import { listKeysOf } from "./list-keys.ts";
import { maskSecretPair } from "./mask-secrets.ts";
import { normalize } from "./normalize.ts";
import type { Baseline, Deleting, Plan, PlannedChange, PlanSummary } from "./plan.ts";

export interface PlanInput {
  desired: RenderResult;
  /**
   * What the environment holds now: objects read from the cluster, or the last inventory (the objects
   * of the last successful apply) when planning offline. Absent: nothing is known, everything is created.
   */
  live?: { baseline: Exclude<Baseline, "nothing">; objects: readonly KubeObject[] };
}

/**
 * Desired objects + live objects (or the last inventory) → a Plan. Pure: no cluster, no clock. Against
 * a cluster, only objects labelled as Slipway's for this environment can be deleted, and fields only
 * the live object has (server defaults, other managers' fields) are not differences.
 */
export function buildPlan(input: PlanInput): Plan {
  const { desired } = input;
  const baseline: Baseline = input.live?.baseline ?? "nothing";
  const live = new Map<string, KubeObject>();
  for (const object of input.live?.objects ?? []) {
    if (baseline === "cluster" && !ownedHere(object, desired.environment)) continue;
    live.set(objectKey(refOf(object)), object);
  }
  const applies: PlannedChange[] = [];
  const seen = new Set<string>();
  for (const object of desired.objects) {
    const key = objectKey(refOf(object));
    seen.add(key);
    const current = live.get(key);
    const masked = maskSecretPair(normalize(object), current && normalize(current));
    const after = masked.desired as KubeObject;
    const digest = sha256(canonicalJson(after));
    const deleting = current && deletingOf(current);
    if (!masked.live || deleting) {
      // An object being deleted goes once its finalizers are done, whatever it holds now: it is
      // created again, after it has gone — planning it unchanged would let it vanish.
      applies.push(change("create", object, allFields(after, "after"), digest, deleting));
      continue;
    }
    const diff = fieldDiff(
      masked.live,
      after,
      baseline === "cluster",
      listKeysOf(object.apiVersion, object.kind),
    );
    applies.push(change(diff.length === 0 ? "unchanged" : "update", object, diff, digest));
  }
  const deletes: PlannedChange[] = [];
  for (const [key, object] of live) {
    if (seen.has(key)) continue;
    const before = maskSecretPair(undefined, normalize(object)).live as KubeObject;
    deletes.push(change("delete", object, allFields(before, "before"), null, deletingOf(object)));
  }
  applies.sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || compareRefs(a, b));
  deletes.sort((a, b) => tierRank(b.tier) - tierRank(a.tier) || compareRefs(a, b));
  const changes = [...applies, ...deletes];
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const c of changes) summary[c.action]++;
  const body = {
    version: 1 as const,
    environment: desired.environment,
    baseline,
    changes,
    skipped: desired.skipped,
  };
  return { ...body, commit: desired.commit, summary, hash: `sha256:${sha256(canonicalJson(body))}` };
}

function change(
  action: PlannedChange["action"],
  object: KubeObject,
  diff: PlannedChange["diff"],
  digest: string | null,
  deleting?: Deleting,
): PlannedChange {
  const tier: Tier = tierOf(object);
  return {
    action,
    ref: refOf(object),
    tier,
    source: object.metadata.annotations?.[MANIFEST_PATH_ANNOTATION] ?? null,
    diff,
    digest,
    ...(deleting ? { deleting } : {}),
  };
}

/** When the live object is marked for deletion: since when, and the finalizers holding it. */
export function deletingOf(object: KubeObject): Deleting | undefined {
  const since = object.metadata.deletionTimestamp;
  if (typeof since !== "string") return undefined;
  const finalizers = object.metadata.finalizers;
  return {
    since,
    finalizers: Array.isArray(finalizers) ? finalizers.filter((f): f is string => typeof f === "string") : [],
  };
}

function ownedHere(object: KubeObject, environment: string): boolean {
  const labels = object.metadata.labels ?? {};
  return labels[MANAGED_BY_LABEL] === MANAGED_BY && labels[ENVIRONMENT_LABEL] === environment;
}

function compareRefs(a: PlannedChange, b: PlannedChange): number {
  return (
    compareCodePoints(a.ref.kind, b.ref.kind) ||
    compareCodePoints(a.ref.namespace ?? "", b.ref.namespace ?? "") ||
    compareCodePoints(a.ref.name, b.ref.name) ||
    compareCodePoints(a.ref.apiVersion, b.ref.apiVersion)
  );
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
