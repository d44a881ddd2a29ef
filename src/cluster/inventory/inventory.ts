import { compareCodePoints } from "../../render/canonical.ts";
import { type ObjectRef, objectKey } from "../../render/kube-object.ts";

/** One object Slipway applied (or is about to apply) to an environment. */
export interface InventoryEntry {
  ref: ObjectRef;
  /** The plan's digest of the object as last applied; null when unknown (written ahead, or kept for a retry). */
  digest: string | null;
}

/**
 * Where an environment stands: `applying` is written ahead of the first write of an apply, so a
 * re-run after a crash finds it; `failed` and `rolled-back` hold the failed commit, which the reconcile
 * loop never re-applies by itself (DESIGN.md §4, environment state machine).
 */
export type InventoryPhase = "applying" | "applied" | "failed" | "rolled-back";

/** The objects Slipway owns in one environment, kept in the cluster (see inventory-codec.ts). */
export interface Inventory {
  version: 1;
  environment: string;
  phase: InventoryPhase;
  /** The commit being applied (`applying`) or whose objects the environment runs. */
  commit: string | null;
  /** The last commit applied and found healthy: what a rollback re-renders. */
  lastGoodCommit: string | null;
  /** The commit that failed health or apply, while the environment holds it back. */
  failedCommit: string | null;
  /** Sorted by object key; one entry per object. */
  entries: InventoryEntry[];
}

export function emptyInventory(environment: string): Inventory {
  return {
    version: 1,
    environment,
    phase: "applied",
    commit: null,
    lastGoodCommit: null,
    failedCommit: null,
    entries: [],
  };
}

/**
 * Entries of several sources merged by object key; a later source's digest wins when it knows one.
 * This is how the write-ahead record old ∪ new is formed.
 */
export function unionEntries(...sources: readonly (readonly InventoryEntry[])[]): InventoryEntry[] {
  const byKey = new Map<string, InventoryEntry>();
  for (const source of sources) {
    for (const entry of source) {
      const key = objectKey(entry.ref);
      const known = byKey.get(key);
      byKey.set(key, { ref: entry.ref, digest: entry.digest ?? known?.digest ?? null });
    }
  }
  return sortEntries([...byKey.values()]);
}

export function sortEntries(entries: InventoryEntry[]): InventoryEntry[] {
  return entries.sort((a, b) => compareCodePoints(objectKey(a.ref), objectKey(b.ref)));
}

export function entryKeys(entries: readonly InventoryEntry[]): Set<string> {
  return new Set(entries.map((e) => objectKey(e.ref)));
}

/** True when two inventories record the same state (what decides whether a settle needs a write). */
export function sameInventory(a: Inventory, b: Inventory): boolean {
  if (
    a.phase !== b.phase ||
    a.commit !== b.commit ||
    a.lastGoodCommit !== b.lastGoodCommit ||
    a.failedCommit !== b.failedCommit ||
    a.entries.length !== b.entries.length
  )
    return false;
  return a.entries.every((e, i) => {
    const f = b.entries[i];
    return f !== undefined && objectKey(e.ref) === objectKey(f.ref) && e.digest === f.digest;
  });
}
