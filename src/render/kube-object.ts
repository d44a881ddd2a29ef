/**
 * A Kubernetes object as plain data: what render produces, what the plan compares and what an applier
 * would send with server-side apply. Kept structural (no client library types) so the core stays pure.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** Identity of an object in a cluster: API group, kind, namespace and name (the version is not part of it). */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
}

export function refOf(object: KubeObject): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace ?? null,
    name: object.metadata.name,
  };
}

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → core ""). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/**
 * A stable key for matching desired and live objects. Like the Kubernetes API it ignores the version:
 * `autoscaling/v2` and `autoscaling/v1` name the same stored object.
 */
export function objectKey(ref: ObjectRef): string {
  return `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
}

/** `Kind namespace/name`, as `kubectl` prints objects. */
export function displayName(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}
