import type { ObjectRef } from "../render/kube-object.ts";
import type { SkippedManifest } from "../render/render-result.ts";
import type { Tier } from "./apply-order.ts";

export type Action = "create" | "update" | "delete" | "unchanged";

/**
 * One changed field. `before` absent: the field is added; `after` absent: it is removed. Paths are
 * dotted, with `[i]` for list positions, `[name=x]` for list entries matched by name (as server-side
 * apply matches containers, env vars, ports and volumes) and `["k"]` for keys that are not identifiers.
 */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface PlannedChange {
  action: Action;
  ref: ObjectRef;
  tier: Tier;
  /** The manifest file(s) the object is rendered from, when it carries Slipway's annotation. */
  source: string | null;
  /** Field-level differences; empty for `unchanged`, the whole object's fields for `create`/`delete`. */
  diff: FieldChange[];
  /** sha256 of the object as it would be applied (secret values masked); null for a delete. */
  digest: string | null;
  /**
   * The live object is being deleted (`deletionTimestamp` set, finalizers still at work): a desired one
   * is re-created once it has gone (`create`, never `unchanged`), a pruned one is already going.
   */
  deleting?: Deleting;
}

/** An object marked for deletion that its finalizers hold back: since when, and which. */
export interface Deleting {
  since: string;
  finalizers: string[];
}

/** What the desired objects were compared with. */
export type Baseline = "cluster" | "inventory" | "nothing";

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
}

/**
 * A typed, serialisable plan: what applying the desired objects would do to one environment. A dry
 * run is this value rendered; an applier executes `changes` in order. `hash` covers everything but
 * itself and the commit, so an unchanged plan keeps its hash across commits that do not affect it.
 */
export interface Plan {
  version: 1;
  environment: string;
  commit: string;
  baseline: Baseline;
  /** Creates and updates (and unchanged objects) in apply order, then deletes in reverse order. */
  changes: PlannedChange[];
  skipped: SkippedManifest[];
  summary: PlanSummary;
  hash: string;
}
