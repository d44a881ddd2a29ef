import type { ClusterPort } from "../../cluster/cluster-port.ts";

interface PredictorStatus {
  latestReadyRevision?: unknown;
  previousRolledoutRevision?: unknown;
  traffic?: { tag?: unknown; revisionName?: unknown }[];
}

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * KServe in Knative mode serves a split from two revisions of one InferenceService: its status names
 * them in `components.predictor.traffic` (tags `latest` for the new version, `prev` for the stable
 * one), else as `latestReadyRevision` and `previousRolledoutRevision`. Read for `{{revision}}`.
 */
export async function knativeRevisions(
  port: ClusterPort,
  namespace: string,
  name: string,
): Promise<{ canary?: string; stable?: string }> {
  const isvc = await port.get({
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    namespace,
    name,
  });
  const predictor = (isvc as { status?: { components?: { predictor?: PredictorStatus } } } | null)?.status
    ?.components?.predictor;
  if (!predictor) return {};
  const tagged = (tag: string) => text(predictor.traffic?.find((t) => t.tag === tag)?.revisionName);
  const canary = tagged("latest") ?? text(predictor.latestReadyRevision);
  const stable = tagged("prev") ?? text(predictor.previousRolledoutRevision);
  return { ...(canary ? { canary } : {}), ...(stable ? { stable } : {}) };
}
