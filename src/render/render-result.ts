import type { KubeObject } from "./kube-object.ts";

/** A manifest (or part of one) that produced no object in this environment, and why. */
export interface SkippedManifest {
  kind: string;
  name: string;
  path: string;
  reason: string;
}

export interface RenderResult {
  environment: string;
  commit: string;
  /** Sorted by apiVersion, kind, namespace and name; keys sorted inside each object. */
  objects: KubeObject[];
  /** Sorted by kind, name and reason. */
  skipped: SkippedManifest[];
}
