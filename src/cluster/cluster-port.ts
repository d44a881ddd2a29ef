import type { KubeObject, ObjectRef } from "../render/kube-object.ts";

/** How the API serves one kind: found by discovery (`/api/v1`, `/apis/<group>/<version>`). */
export interface KindInfo {
  apiVersion: string;
  kind: string;
  /** The resource name in URLs, e.g. `inferenceservices`. */
  plural: string;
  namespaced: boolean;
}

export interface ApplyOptions {
  /** `dryRun=All`: the API server validates, defaults and merges, and stores nothing. */
  dryRun: boolean;
  /** Take fields other managers own (only on objects Slipway owns). */
  force: boolean;
}

export type DeletePropagation = "Foreground" | "Background" | "Orphan";

/** A delete the API server took but that waits for finalizers: since when, and which remain. */
export interface DeletionPending {
  readonly since: string;
  readonly finalizers: readonly string[];
}

/** A selector over one kind in one namespace (null: cluster-scoped kinds). */
export interface ListScope {
  apiVersion: string;
  kind: string;
  namespace: string | null;
}

/**
 * What Slipway needs from a Kubernetes cluster. One implementation on `@kubernetes/client-node`
 * (`kube-cluster.ts`); tests reach it through a fake API server speaking the real protocol. Every method
 * rejects with a `ClusterFault` (never another error); no method logs or returns a credential.
 */
export interface ClusterPort {
  /** Discovery for one kind; null when the cluster does not serve it (e.g. a CRD not installed). */
  kindInfo(apiVersion: string, kind: string): Promise<KindInfo | null>;
  /**
   * The kind at a version the cluster serves it at — the group's preferred version first — whatever
   * version it was written with: one object is the same at every served version. null when no version
   * serves it. How objects inventoried at a version the cluster has stopped serving are still found.
   */
  servedKind(group: string, kind: string): Promise<KindInfo | null>;
  /** One LIST per call, filtered by a label selector (`a=b,c=d`). */
  list(scope: ListScope, labelSelector: string): Promise<KubeObject[]>;
  /** null when the object does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | null>;
  /** Server-side apply with field manager `slipway`; returns the object as the server stored (or would store) it. */
  apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject>;
  /**
   * Creates the object (`POST`); a "conflict" fault when one of that name exists. The race-free first
   * write of an object several writers share; later writes are `apply` with the resourceVersion read,
   * which the API server refuses with a "conflict" when the object changed since.
   */
  create(object: KubeObject): Promise<KubeObject>;
  /**
   * "absent" when it was already gone (404), which is success for a prune; the deletion's mark when the
   * object stays until its finalizers are done (the API server answers with the object then).
   */
  delete(
    ref: ObjectRef,
    options: { propagation: DeletePropagation; dryRun: boolean },
  ): Promise<"deleted" | "absent" | DeletionPending>;
}

export type ClusterFaultKind =
  | "unreachable"
  | "timeout"
  | "auth"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "invalid"
  | "server";

/** The only error a ClusterPort rejects with; the message names the object and the API status, never a token. */
export class ClusterFault extends Error {
  override readonly name = "ClusterFault";
  readonly kind: ClusterFaultKind;
  readonly status: number | undefined;
  /** The object the request was about, as `Kind namespace/name`. */
  readonly object: string | undefined;

  constructor(kind: ClusterFaultKind, message: string, details: { status?: number; object?: string } = {}) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.object = details.object;
  }

  /** Transient: worth retrying with backoff (5xx, 429, timeouts, connection refused). */
  get retryable(): boolean {
    return this.kind === "unreachable" || this.kind === "timeout" || this.kind === "server";
  }
}

export function isClusterFault(error: unknown): error is ClusterFault {
  return error instanceof ClusterFault;
}
