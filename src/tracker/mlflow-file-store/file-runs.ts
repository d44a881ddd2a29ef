import { join } from "node:path";
import { corrupt } from "../local/local-faults.ts";
import type { DatasetInput, KeyValue, Metric, Run, RunStatus } from "../tracker-types.ts";
import {
  type FileStoreLimits,
  isSafeSegment,
  listEntries,
  listKeyFiles,
  readBounded,
} from "./bounded-files.ts";
import { readMeta } from "./meta-yaml.ts";

/** The file store writes RunStatus as its protobuf number (`_make_persisted_run_info_dict`). */
const STATUS_BY_NUMBER: Readonly<Record<number, RunStatus>> = {
  1: "RUNNING",
  2: "SCHEDULED",
  3: "FINISHED",
  4: "FAILED",
  5: "KILLED",
};
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(nan|inf|infinity)$/i;

function toNumber(text: string): number {
  const lower = text.toLowerCase().replace(/^\+/, "");
  if (lower === "nan" || lower === "-nan") return Number.NaN;
  if (lower === "inf" || lower === "infinity") return Number.POSITIVE_INFINITY;
  if (lower === "-inf" || lower === "-infinity") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** Every line of a metric file: "timestamp value [step]" (logged-model metrics add more fields). */
export function parseMetricLines(file: string, key: string, text: string): Metric[] {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  if (lines.length === 0) throw corrupt(file, "is an empty metric file; MLflow writes one line per value.");
  return lines.map((line, i) => {
    const [ts = "", value = "", step = "0"] = line.trim().split(/\s+/);
    if (!/^-?\d+$/.test(ts) || !NUMBER.test(value) || !/^-?\d+$/.test(step))
      throw corrupt(file, `line ${i + 1} is not "timestamp value step".`);
    return { key, value: toNumber(value), timestamp: Number(ts), step: Number(step) };
  });
}

/** The latest point as the file store picks it: the largest (step, timestamp, value). */
function latest(points: Metric[]): Metric {
  return points.reduce((best, m) =>
    m.step !== best.step
      ? m.step > best.step
        ? m
        : best
      : m.timestamp !== best.timestamp
        ? m.timestamp > best.timestamp
          ? m
          : best
        : m.value > best.value
          ? m
          : best,
  );
}

/** `<dir>/<key>` files as key/value pairs (params and tags: the file's whole text is the value). */
export async function readKeyValues(dir: string, limits: FileStoreLimits): Promise<KeyValue[]> {
  const pairs: KeyValue[] = [];
  for (const key of await listKeyFiles(dir, limits.maxEntries))
    pairs.push({ key, value: (await readBounded(join(dir, key), limits.maxValueBytes)) ?? "" });
  return pairs;
}

async function readInputs(
  runDir: string,
  experimentDir: string,
  limits: FileStoreLimits,
): Promise<DatasetInput[]> {
  const inputs: DatasetInput[] = [];
  for (const entry of await listEntries(join(runDir, "inputs"), limits.maxEntries)) {
    const meta = await readMeta(join(runDir, "inputs", entry.name, "meta.yaml"), limits.maxMetaBytes);
    if (!meta) continue;
    if (meta.optText("source_type") !== "DATASET") continue;
    const datasetId = meta.text("source_id");
    if (!isSafeSegment(datasetId)) throw corrupt(meta.file, `"source_id" is not a dataset folder name.`);
    const dataset = await readMeta(
      join(experimentDir, "datasets", datasetId, "meta.yaml"),
      limits.maxMetaBytes,
    );
    if (!dataset) continue; // MLflow skips an input whose dataset folder is gone, with a warning.
    const optional = { schema: dataset.optText("schema"), profile: dataset.optText("profile") };
    inputs.push({
      tags: Object.entries(meta.stringMap("tags"))
        .map(([key, value]) => ({ key, value }))
        .sort((a, b) => (a.key < b.key ? -1 : 1)),
      dataset: {
        name: dataset.text("name"),
        digest: dataset.text("digest"),
        source_type: dataset.text("source_type"),
        source: dataset.text("source"),
        ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
      },
    });
  }
  return inputs.sort((a, b) =>
    `${a.dataset.name}/${a.dataset.digest}` < `${b.dataset.name}/${b.dataset.digest}` ? -1 : 1,
  );
}

/** A run folder as `FileStore._get_run_from_info` reads it; undefined when it holds no meta.yaml. */
export async function readRunDir(
  runDir: string,
  experimentDir: string,
  limits: FileStoreLimits,
): Promise<Run | undefined> {
  const meta = await readMeta(join(runDir, "meta.yaml"), limits.maxMetaBytes);
  if (!meta) return undefined;
  const raw = meta.raw("status") ?? 1;
  const status = typeof raw === "number" ? STATUS_BY_NUMBER[raw] : (raw as RunStatus);
  if (!status || !Object.values(STATUS_BY_NUMBER).includes(status))
    throw corrupt(meta.file, `"status" is ${JSON.stringify(raw)}, not a run status.`);
  const metricsDir = join(runDir, "metrics");
  const metrics: Metric[] = [];
  for (const key of await listKeyFiles(metricsDir, limits.maxEntries)) {
    const file = join(metricsDir, key);
    metrics.push(latest(parseMetricLines(file, key, (await readBounded(file, limits.maxMetricBytes)) ?? "")));
  }
  const tags = await readKeyValues(join(runDir, "tags"), limits);
  const runId = meta.optText("run_id") ?? meta.text("run_uuid");
  const optional = {
    run_name: meta.optText("run_name") || tags.find((t) => t.key === "mlflow.runName")?.value,
    user_id: meta.optText("user_id") || undefined,
    start_time: meta.optNumber("start_time"),
    end_time: meta.optNumber("end_time"),
    artifact_uri: meta.optText("artifact_uri"),
  };
  return {
    info: {
      run_id: runId,
      experiment_id: meta.text("experiment_id"),
      status,
      lifecycle_stage: meta.optText("lifecycle_stage") ?? "active",
      ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    },
    data: { metrics, params: await readKeyValues(join(runDir, "params"), limits), tags },
    inputs: { dataset_inputs: await readInputs(runDir, experimentDir, limits) },
  };
}
