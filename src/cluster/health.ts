import { groupOf, type KubeObject } from "../render/kube-object.ts";

export type HealthState = "ready" | "progressing" | "failed";

export interface Health {
  readonly state: HealthState;
  /** One line a reviewer can act on, from the controller's own condition reason and message. */
  readonly reason: string;
}

interface Condition {
  type?: unknown;
  status?: unknown;
  reason?: unknown;
  message?: unknown;
}

type Fields = Record<string, unknown>;

const fields = (value: unknown): Fields =>
  typeof value === "object" && value !== null ? (value as Fields) : {};
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const text = (value: unknown): string => (typeof value === "string" ? value : "");

function condition(object: KubeObject, type: string): Condition | undefined {
  const list = fields(object.status).conditions;
  return Array.isArray(list) ? (list as Condition[]).find((c) => fields(c).type === type) : undefined;
}

/** `Reason: message`, or whichever of the two the controller filled in. */
function said(c: Condition | undefined): string {
  const parts = [text(c?.reason), text(c?.message)].filter((p) => p !== "");
  return parts.join(": ");
}

const ready = (reason: string): Health => ({ state: "ready", reason });
const progressing = (reason: string): Health => ({ state: "progressing", reason });
const failed = (reason: string): Health => ({ state: "failed", reason });

/** The controller has not caught up with the latest spec (status describes an older generation). */
function staleGeneration(object: KubeObject, observed: unknown): Health | undefined {
  const generation = num(object.metadata.generation);
  const seen = num(observed);
  if (generation === undefined || (seen !== undefined && seen >= generation)) return undefined;
  return progressing(
    `waiting for the controller to observe generation ${generation} (it has seen ${seen ?? "none"})`,
  );
}

/**
 * KServe: `Ready` True for the generation applied (KServe writes `status.observedGeneration`). A model
 * that cannot load is `modelStatus.transitionStatus` BlockedByFailedLoad or InvalidSpec, with
 * `lastFailureInfo`; a False `Ready` alone is often a rollout still under way.
 */
function inferenceService(object: KubeObject): Health {
  const status = fields(object.status);
  // Checked first: right after a fix is applied, the failure of the previous generation is still shown.
  const stale = staleGeneration(object, status.observedGeneration);
  if (stale) return stale;
  const model = fields(status.modelStatus);
  const transition = text(model.transitionStatus);
  if (transition === "BlockedByFailedLoad" || transition === "InvalidSpec") {
    const failure = fields(model.lastFailureInfo);
    return failed(`${transition}${said(failure) ? `: ${said(failure)}` : ""}`);
  }
  const c = condition(object, "Ready");
  if (c?.status === "True") return ready("InferenceService Ready");
  return progressing(`InferenceService not Ready yet${said(c) ? ` (${said(c)})` : ""}`);
}

/**
 * Seldon Core 2: the `ModelReady` condition. Seldon writes the model's state name (ModelFailed,
 * ScheduleFailed, ModelProgressing…) into the condition's message and the detail into its reason, so
 * both are read.
 */
function seldonModel(object: KubeObject): Health {
  const stale = staleGeneration(object, fields(object.status).observedGeneration);
  if (stale) return stale;
  const c = condition(object, "ModelReady");
  if (c?.status === "True") return ready("Model ModelReady");
  const states = [text(c?.message), text(c?.reason)];
  if (states.some((s) => /^(ModelFailed|ScheduleFailed|ModelTerminateFailed)\b/.test(s)))
    return failed(`Model not ready: ${said(c)}`);
  return progressing(`Model not ready yet${said(c) ? ` (${said(c)})` : ""}`);
}

/** `kubectl rollout status`'s rules, plus the Available condition. */
function deployment(object: KubeObject): Health {
  const status = fields(object.status);
  const stale = staleGeneration(object, status.observedGeneration);
  if (stale) return stale;
  const progress = condition(object, "Progressing");
  if (progress?.reason === "ProgressDeadlineExceeded")
    return failed(
      `Deployment exceeded its progress deadline${text(progress.message) ? `: ${text(progress.message)}` : ""}`,
    );
  const wanted = num(fields(object.spec).replicas) ?? 1;
  const updated = num(status.updatedReplicas) ?? 0;
  const total = num(status.replicas) ?? 0;
  const available = num(status.availableReplicas) ?? 0;
  if (updated < wanted) return progressing(`${updated} of ${wanted} replicas updated`);
  if (total > updated) return progressing(`${total - updated} old replicas pending termination`);
  if (available < updated) return progressing(`${available} of ${updated} updated replicas available`);
  const availableCondition = condition(object, "Available");
  if (availableCondition?.status !== "True")
    return progressing(
      `Deployment not Available yet${said(availableCondition) ? ` (${said(availableCondition)})` : ""}`,
    );
  return ready(`${available} of ${wanted} replicas available`);
}

function job(object: KubeObject): Health {
  const failure = condition(object, "Failed");
  if (failure?.status === "True") return failed(`Job failed${said(failure) ? `: ${said(failure)}` : ""}`);
  if (condition(object, "Complete")?.status === "True") return ready("Job complete");
  if (fields(object.spec).suspend === true) return progressing("Job suspended");
  return progressing(`Job running (${num(fields(object.status).active) ?? 0} active)`);
}

/** Whether a live object is serving what was applied; kinds without a readiness contract are ready once they exist. */
export function healthOf(object: KubeObject): Health {
  const group = groupOf(object.apiVersion);
  if (group === "serving.kserve.io" && object.kind === "InferenceService") return inferenceService(object);
  if (group === "mlops.seldon.io" && object.kind === "Model") return seldonModel(object);
  if (group === "apps" && object.kind === "Deployment") return deployment(object);
  if (group === "batch" && object.kind === "Job") return job(object);
  return ready(`${object.kind} exists`);
}
