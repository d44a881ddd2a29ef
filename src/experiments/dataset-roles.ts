import type { DataChange, DatasetRef } from "./types.ts";

/** MLflow's `mlflow.data.context` values for data a model learns from. */
const TRAINING = new Set(["training", "train"]);
/** …and for data it is measured on: the data relative gates must share. */
const EVALUATION = new Set(["evaluation", "eval", "validation", "test", "testing", "holdout"]);

export type DatasetRole = "training" | "evaluation" | "other" | "untagged";

/** The role an input's context tag gives it, case and surrounding spaces ignored. */
export function roleOf(context: string | null): DatasetRole {
  if (context === null || context.trim() === "") return "untagged";
  const value = context.trim().toLowerCase();
  if (TRAINING.has(value)) return "training";
  if (EVALUATION.has(value)) return "evaluation";
  return "other";
}

export interface RunDatasets {
  training: DatasetRef[];
  evaluation: DatasetRef[];
  /** Another context, or untagged beside tagged inputs. */
  other: DatasetRef[];
  /** Untagged inputs were the run's only inputs and are taken as its evaluation data. */
  untaggedAsEvaluation: boolean;
}

/**
 * A run's inputs by role. Untagged inputs count as evaluation data only when they are all the run
 * logged: a run that tagged anything has said which data is which, and an untagged extra is lineage.
 */
export function splitByRole(inputs: readonly DatasetRef[]): RunDatasets {
  const out: RunDatasets = { training: [], evaluation: [], other: [], untaggedAsEvaluation: false };
  const unique = uniqueRefs(inputs);
  const allUntagged = unique.length > 0 && unique.every((i) => roleOf(i.context) === "untagged");
  for (const input of unique) {
    const role = roleOf(input.context);
    if (role === "training") out.training.push(input);
    else if (role === "evaluation" || (role === "untagged" && allUntagged)) out.evaluation.push(input);
    else out.other.push(input);
  }
  out.untaggedAsEvaluation = allUntagged;
  return out;
}

/** Whether two sides hold the same data: digests compared as sets; any unknown digest is "unknown". */
export function compareData(candidate: readonly DatasetRef[], baseline: readonly DatasetRef[]): DataChange {
  if (candidate.length === 0 || baseline.length === 0) return "unknown";
  if ([...candidate, ...baseline].some((d) => d.digest === null)) return "unknown";
  const left = new Set(candidate.map((d) => d.digest));
  const right = new Set(baseline.map((d) => d.digest));
  if (left.size !== right.size) return "changed";
  for (const digest of left) if (!right.has(digest)) return "changed";
  return "same";
}

/** Repeats removed (MLflow logs one input per `log_input` call), in name then digest order. */
function uniqueRefs(inputs: readonly DatasetRef[]): DatasetRef[] {
  const seen = new Map<string, DatasetRef>();
  for (const input of inputs) {
    const key = JSON.stringify([input.name, input.digest, input.context]);
    if (!seen.has(key)) seen.set(key, input);
  }
  return [...seen.values()].sort(byNameThenDigest);
}

export function byNameThenDigest(a: DatasetRef, b: DatasetRef): number {
  return cmp(a.name, b.name) || cmp(a.digest ?? "", b.digest ?? "");
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
