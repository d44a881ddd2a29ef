import { join } from "node:path";
import { corrupt } from "../local/local-faults.ts";
import type { LoggedModel, LoggedModelStatus, Metric } from "../tracker-types.ts";
import { type FileStoreLimits, isSafeSegment, listKeyFiles, readBounded } from "./bounded-files.ts";
import { experimentDirs } from "./file-experiments.ts";
import { parseMetricLines, readKeyValues } from "./file-runs.ts";
import { readMeta } from "./meta-yaml.ts";

const STATUSES: readonly LoggedModelStatus[] = [
  "LOGGED_MODEL_STATUS_UNSPECIFIED",
  "LOGGED_MODEL_PENDING",
  "LOGGED_MODEL_READY",
  "LOGGED_MODEL_UPLOAD_FAILED",
];
/** Short names (`LoggedModelStatus` values) and what `str()` of the Python enum may have written. */
const SHORT: Readonly<Record<string, LoggedModelStatus>> = {
  UNSPECIFIED: "LOGGED_MODEL_STATUS_UNSPECIFIED",
  PENDING: "LOGGED_MODEL_PENDING",
  READY: "LOGGED_MODEL_READY",
  FAILED: "LOGGED_MODEL_UPLOAD_FAILED",
};

/** A logged model's status as written: the protobuf number, its name, or the Python enum's name. */
function status(raw: unknown, file: string): LoggedModelStatus {
  if (typeof raw === "number" && STATUSES[raw]) return STATUSES[raw];
  const text = typeof raw === "string" ? raw.replace(/^LoggedModelStatus\./, "") : "";
  const found = SHORT[text] ?? STATUSES.find((s) => s === text);
  if (!found) throw corrupt(file, `"status" is ${JSON.stringify(raw)}, not a logged model status.`);
  return found;
}

/**
 * A logged model's metric line is "timestamp value step run_id", followed by the dataset's name and
 * digest when the value was logged with a dataset (MLflow 3's file store); those fields are added.
 */
function withModelFields(points: Metric[], text: string, modelId: string): Metric[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  return points.map((point, i) => {
    const [, , , runId, datasetName, datasetDigest] = (lines[i] ?? "").trim().split(/\s+/);
    return {
      ...point,
      model_id: modelId,
      ...(runId ? { run_id: runId } : {}),
      ...(datasetDigest ? { dataset_name: datasetName ?? "", dataset_digest: datasetDigest } : {}),
    };
  });
}

/**
 * MLflow 3 keeps logged models at `<experiment>/models/<model_id>/` with meta.yaml, `params/`,
 * `tags/` and `metrics/` (one line per logged value, extra fields after the step).
 */
export async function readLoggedModel(
  root: string,
  modelId: string,
  limits: FileStoreLimits,
): Promise<LoggedModel | undefined> {
  if (!isSafeSegment(modelId)) return undefined;
  for (const experiment of await experimentDirs(root, limits)) {
    const dir = join(experiment, "models", modelId);
    const meta = await readMeta(join(dir, "meta.yaml"), limits.maxMetaBytes);
    if (!meta) continue;
    const metrics: Metric[] = [];
    for (const key of await listKeyFiles(join(dir, "metrics"), limits.maxEntries)) {
      const file = join(dir, "metrics", key);
      const text = (await readBounded(file, limits.maxMetricBytes)) ?? "";
      metrics.push(...withModelFields(parseMetricLines(file, key, text), text, modelId));
    }
    const sourceRun = meta.optText("source_run_id");
    const modelType = meta.optText("model_type");
    return {
      model_id: meta.text("model_id"),
      experiment_id: meta.text("experiment_id"),
      name: meta.text("name"),
      artifact_uri: meta.text("artifact_location"),
      status: status(meta.raw("status"), meta.file),
      tags: await readKeyValues(join(dir, "tags"), limits),
      params: await readKeyValues(join(dir, "params"), limits),
      metrics,
      ...(sourceRun ? { source_run_id: sourceRun } : {}),
      ...(modelType ? { model_type: modelType } : {}),
    };
  }
  return undefined;
}
