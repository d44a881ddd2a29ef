import type { KubeObject } from "../render/kube-object.ts";
import { SOURCE_COMMIT_ANNOTATION } from "../render/labels.ts";

/** Metadata the API server sets and owns; never part of what Slipway declares. */
const SERVER_METADATA = [
  "managedFields",
  "resourceVersion",
  "uid",
  "generation",
  "creationTimestamp",
  "selfLink",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
] as const;

/**
 * Annotations written by other tools or controllers: kubectl's client-side apply record, the
 * Deployment controller's revision counter. The source commit changes on every commit of the platform
 * repo; a plan that showed it would call every object updated, so it is left out of the comparison and
 * the applier re-stamps it on every apply.
 */
const IGNORED_ANNOTATIONS = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  "deployment.kubernetes.io/revision",
  SOURCE_COMMIT_ANNOTATION,
]);

/** A copy of an object with server-managed fields and volatile annotations removed. */
export function normalize(object: KubeObject): KubeObject {
  const copy = structuredClone(object) as KubeObject;
  delete copy.status;
  for (const field of SERVER_METADATA) delete copy.metadata[field];
  const annotations = copy.metadata.annotations;
  if (annotations) {
    for (const key of Object.keys(annotations)) if (IGNORED_ANNOTATIONS.has(key)) delete annotations[key];
    if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}
