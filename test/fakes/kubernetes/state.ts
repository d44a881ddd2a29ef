import type { KubeObject } from "../../../src/render/kube-object.ts";
import type { KindSpec } from "./catalog.ts";
import type { StatusCause } from "./status.ts";
import type { ObjectStore } from "./store.ts";

/**
 * An admission check the test installs (a CRD's schema, a webhook): problems found in an object about
 * to be written become a 422 `Invalid` Status naming each field. `old` is the stored object an update
 * replaces (undefined for a create), as a validating webhook's `oldObject`.
 */
export type AdmissionCheck = (
  object: KubeObject,
  spec: KindSpec,
  old: KubeObject | undefined,
) => readonly StatusCause[];

/** What the request handlers share. */
export interface FakeState {
  readonly store: ObjectStore;
  /** The kinds discovery serves now (`uninstall`/`install` change it). */
  served: KindSpec[];
  /** Continue tokens older than this revision answer 410 Gone (see `compact()`). */
  compactedRevision: number;
  readonly admission: AdmissionCheck[];
}
