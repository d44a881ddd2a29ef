import { buildPlan } from "../../plan/build-plan.ts";
import type { FieldChange } from "../../plan/plan.ts";
import { type KubeObject, type ObjectRef, objectKey, refOf } from "../../render/kube-object.ts";
import type { RenderResult } from "../../render/render-result.ts";

/**
 * How one object differs from git: `changed` (a field Slipway applies has another value live, or is
 * gone), `missing` (rendered but not in the cluster), `orphan` (in the inventory and live, but no longer
 * rendered by the commit the environment runs — the next apply would prune it).
 */
export type DriftKind = "changed" | "missing" | "orphan";

export interface DriftedObject {
  ref: ObjectRef;
  kind: DriftKind;
  /** The manifest the object is rendered from, when known. */
  source: string | null;
  /** For `changed`: the fields, `before` live and `after` as git renders it (Secret values masked). */
  fields: FieldChange[];
}

/** Config drift of one environment: what differs between the commit it runs and the live cluster. */
export interface ConfigDrift {
  environment: string;
  commit: string;
  /** In apply order, then orphans. */
  objects: DriftedObject[];
  /** Rendered objects found live and equal to git. */
  inSync: number;
}

export interface CompareInput {
  /** The render of the applied commit (with the artifact URIs the deploy resolved). */
  desired: RenderResult;
  /** Objects read from the cluster, labelled as this environment's. */
  live: readonly KubeObject[];
  /** Object keys of the environment's inventory. */
  tracked: ReadonlySet<string>;
  /**
   * Objects whose server-side dry run stores exactly the live object: the API server's defaults and
   * normalisation explain the difference, so they are in sync (see live-plan.ts).
   */
  serverNoop?: ReadonlySet<string>;
}

/**
 * Desired vs live, as the apply engine's plan sees it (DESIGN.md §4; issue #10). Only fields Slipway
 * applies count: server-side apply leaves fields another manager added alone, so they are not drift,
 * while a value of Slipway's field that someone else changed (`kubectl edit`, which takes the field
 * over) is. Secret values are masked by the plan before anything is compared. Pure.
 */
export function compareLive(input: CompareInput): ConfigDrift {
  const { desired } = input;
  const wanted = new Set(desired.objects.map((o) => objectKey(refOf(o))));
  // Labelled objects neither rendered nor inventoried are someone else's copies: shown by plans, never drift.
  const live = input.live.filter((o) => {
    const key = objectKey(refOf(o));
    return wanted.has(key) || input.tracked.has(key);
  });
  const plan = buildPlan({ desired, live: { baseline: "cluster", objects: live } });
  const objects: DriftedObject[] = [];
  let inSync = 0;
  for (const change of plan.changes) {
    const drifted = (kind: DriftKind, fields: FieldChange[]) =>
      objects.push({ ref: change.ref, kind, source: change.source, fields });
    if (change.action === "create") drifted("missing", []);
    else if (change.action === "delete") drifted("orphan", []);
    else if (change.action === "update" && !input.serverNoop?.has(objectKey(change.ref)))
      drifted("changed", change.diff);
    else inSync++;
  }
  return { environment: desired.environment, commit: desired.commit, objects, inSync };
}
