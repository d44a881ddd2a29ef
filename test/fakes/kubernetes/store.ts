import type { KubeObject } from "../../../src/render/kube-object.ts";
import type { KindSpec } from "./catalog.ts";
import { type FieldPath, fromKey, pathKey, toFieldsV1 } from "./field-set.ts";

/** One field manager's claim on an object (`metadata.managedFields[]`). */
export interface ManagerEntry {
  readonly manager: string;
  readonly operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  /** Owned field paths, as `pathKey` strings. */
  readonly fields: Set<string>;
}

export interface StoredObject {
  readonly spec: KindSpec;
  /** The object without `metadata.managedFields` (rendered from `managers` on the way out). */
  object: KubeObject;
  managers: ManagerEntry[];
}

/** Metadata the server sets and nobody owns. */
export const SERVER_METADATA = [
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
];

/** The objects, keyed like etcd (`group/plural/namespace/name`), and the resourceVersion counter. */
export class ObjectStore {
  readonly objects = new Map<string, StoredObject>();
  revision = 100;
  #uids = 0;
  readonly clock: () => number;

  constructor(clock: () => number) {
    this.clock = clock;
  }

  static key(spec: KindSpec, namespace: string | null, name: string): string {
    return `${spec.group}/${spec.plural}/${namespace ?? ""}/${name}`;
  }

  nextRevision(): string {
    this.revision += 1;
    return String(this.revision);
  }

  /** Deterministic uids, shaped like the API server's (RFC 4122 text). */
  nextUid(): string {
    this.#uids += 1;
    return `00000000-0000-4000-8000-${this.#uids.toString(16).padStart(12, "0")}`;
  }

  /** RFC 3339 in whole seconds, as `metav1.Time` serialises. */
  now(): string {
    return new Date(Math.floor(this.clock() / 1000) * 1000).toISOString().replace(".000Z", "Z");
  }

  hasNamespace(name: string): boolean {
    return this.objects.has(`/namespaces//${name}`);
  }

  /** Sorted by key, as a LIST from etcd returns them. */
  list(spec: KindSpec, namespace: string | null): StoredObject[] {
    const prefix = `${spec.group}/${spec.plural}/${namespace === null ? "" : `${namespace}/`}`;
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, stored]) => stored);
  }
}

/**
 * The object as the API server returns it, `managedFields` included — at the version `as` when the
 * request named another served version of the kind (the fake converts nothing but `apiVersion`).
 */
export function render(stored: Pick<StoredObject, "object" | "managers">, as?: KindSpec): KubeObject {
  const out = structuredClone(stored.object);
  if (as) out.apiVersion = as.group === "" ? as.version : `${as.group}/${as.version}`;
  if (stored.managers.length > 0)
    out.metadata.managedFields = stored.managers.map((m) => ({
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      time: m.time,
      fieldsType: "FieldsV1",
      fieldsV1: toFieldsV1([...m.fields].map(fromKey)),
    }));
  return out;
}

export function ownedPaths(entry: ManagerEntry): FieldPath[] {
  return [...entry.fields].map(fromKey);
}

export function keysOf(paths: readonly FieldPath[]): Set<string> {
  return new Set(paths.map(pathKey));
}
