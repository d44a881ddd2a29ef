import type { LeaseRecord, StoredLease } from "./lease-record.ts";

/**
 * Reads and conditional writes of one namespace's Leases: all leader election needs from a cluster.
 * Every method rejects with a `ClusterFault`; a write that lost a race (the name exists, or the
 * resourceVersion is stale) rejects with kind `conflict`.
 */
export interface LeaseStore {
  /** null when there is no such Lease. */
  get(name: string): Promise<StoredLease | null>;
  /** Creates the Lease; `conflict` when it already exists. */
  create(name: string, record: LeaseRecord): Promise<StoredLease>;
  /** Replaces the Lease if it still has `resourceVersion`; `conflict` otherwise. */
  update(name: string, record: LeaseRecord, resourceVersion: string): Promise<StoredLease>;
}
