import type { KubeObject } from "../../render/kube-object.ts";

/** What a `coordination.k8s.io/v1` Lease says about its holder (client-go's `LeaderElectionRecord`). */
export interface LeaseRecord {
  /** Empty when nobody holds it (a released lease). */
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  /** Milliseconds since the epoch; null when the Lease has none. */
  readonly acquireTime: number | null;
  readonly renewTime: number | null;
  readonly leaseTransitions: number;
}

/** A Lease as last read or written, with the resourceVersion that makes the next write conditional. */
export interface StoredLease {
  readonly record: LeaseRecord;
  readonly resourceVersion: string;
}

/**
 * `metav1.MicroTime` as the API server parses it (`RFC3339Micro`, exactly six fraction digits, UTC).
 * JavaScript clocks have milliseconds, so the last three digits are always zero.
 */
export function toMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function fromMicroTime(text: unknown): number | null {
  if (typeof text !== "string") return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The Lease object for a record; `resourceVersion` makes a replace conditional on what was read. */
export function leaseObject(
  name: string,
  namespace: string,
  record: LeaseRecord,
  resourceVersion?: string,
): KubeObject {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name, namespace, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
    spec: {
      holderIdentity: record.holderIdentity,
      leaseDurationSeconds: record.leaseDurationSeconds,
      ...(record.acquireTime === null ? {} : { acquireTime: toMicroTime(record.acquireTime) }),
      ...(record.renewTime === null ? {} : { renewTime: toMicroTime(record.renewTime) }),
      leaseTransitions: record.leaseTransitions,
    },
  };
}

const count = (value: unknown, fallback: number): number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : fallback;

/**
 * The record in a Lease read from the API server. A Lease written by someone else may lack fields
 * (kubectl, another elector): missing ones read as nobody holding it, as client-go's LeaseLock does.
 */
export function readLease(object: KubeObject): StoredLease {
  const spec = (typeof object.spec === "object" && object.spec !== null ? object.spec : {}) as Record<
    string,
    unknown
  >;
  return {
    resourceVersion: String(object.metadata.resourceVersion ?? ""),
    record: {
      holderIdentity: typeof spec.holderIdentity === "string" ? spec.holderIdentity : "",
      leaseDurationSeconds: count(spec.leaseDurationSeconds, 0),
      acquireTime: fromMicroTime(spec.acquireTime),
      renewTime: fromMicroTime(spec.renewTime),
      leaseTransitions: count(spec.leaseTransitions, 0),
    },
  };
}

export function sameRecord(a: LeaseRecord, b: LeaseRecord | undefined): boolean {
  return (
    b !== undefined &&
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}
