import { ClusterFault, type DeletionPending } from "./cluster-port.ts";

/** How the API server's answers say what happened, beyond the status code (for `kube-cluster.ts`). */

/** A version discovered earlier is no longer served (its URL answers 404 for the whole resource). */
export class StaleDiscovery extends ClusterFault {
  constructor(message: string, object: string) {
    super("not-found", message, { status: 404, object });
  }
}

/** Whether a 404's Status body names an object (`deployments.apps "x" not found`), not only a path. */
export function namesObject(body: unknown): boolean {
  if (typeof body !== "string") return false;
  try {
    const details = (JSON.parse(body) as { details?: { name?: unknown } }).details;
    return typeof details?.name === "string" && details.name !== "";
  } catch {
    return false;
  }
}

/** The deletion mark of a DELETE's answer that is the object still there, else undefined. */
export function pendingOf(answer: unknown): DeletionPending | undefined {
  if (typeof answer !== "object" || answer === null || (answer as { kind?: unknown }).kind === "Status")
    return undefined;
  const meta = (answer as { metadata?: { deletionTimestamp?: unknown; finalizers?: unknown } }).metadata;
  if (typeof meta?.deletionTimestamp !== "string") return undefined;
  const finalizers = Array.isArray(meta.finalizers)
    ? meta.finalizers.filter((f) => typeof f === "string")
    : [];
  return finalizers.length > 0 ? { since: meta.deletionTimestamp, finalizers } : undefined;
}
