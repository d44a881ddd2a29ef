import type { DatasetRef } from "../schemas/monitor.ts";
import type { Manifest } from "../snapshot.ts";
import type { CheckContext } from "./check-context.ts";

const P_VALUE_TESTS = new Set(["ks", "chisquare", "z"]);

/** Sources name one place to read, in a way their reader understands. */
export function checkDataSources(ctx: CheckContext): void {
  const { manifests } = ctx.snapshot;
  for (const view of manifests.FeatureView.values()) {
    const source = view.value.spec.source;
    if (source.type === "file" && !source.path) {
      ctx.report(view, ["spec", "source", "type"], "SLW134", "a file source needs `path`");
    }
    if (source.type !== "file" && !source.table && !source.query) {
      ctx.report(
        view,
        ["spec", "source", "type"],
        "SLW134",
        `a ${source.type} source needs \`table\` or \`query\``,
      );
    }
    if (source.table && source.query) {
      ctx.report(view, ["spec", "source", "query"], "SLW134", "give either `table` or `query`, not both");
    }
  }
  for (const monitor of manifests.Monitor.values()) {
    const spec = monitor.value.spec;
    checkDataset(ctx, monitor, "reference", spec.reference);
    checkDataset(ctx, monitor, "current", spec.current);
    checkThreshold(ctx, monitor, ["spec", "drift", "threshold"], spec.drift.method, spec.drift.threshold);
    for (const [i, column] of (spec.columns ?? []).entries()) {
      checkThreshold(
        ctx,
        monitor,
        ["spec", "columns", i, "threshold"],
        column.method ?? spec.drift.method,
        column.threshold,
      );
    }
    const names = (spec.columns ?? []).map((c) => c.name);
    const seen = new Set<string>();
    for (const [i, name] of names.entries()) {
      if (seen.has(name))
        ctx.report(monitor, ["spec", "columns", i, "name"], "SLW101", `column \`${name}\` is listed twice`);
      seen.add(name);
    }
  }
  for (const pipeline of manifests.Pipeline.values()) {
    const pkg = pipeline.value.spec.package;
    const sources = [pkg.path, pkg.uri, pkg.pipeline].filter((s) => s !== undefined).length;
    if (sources !== 1) {
      ctx.report(
        pipeline,
        ["spec", "package"],
        "SLW136",
        "`package` needs exactly one of `path`, `uri` and `pipeline`",
      );
    }
  }
}

function checkDataset(
  ctx: CheckContext,
  monitor: Manifest<"Monitor">,
  side: "reference" | "current",
  ref: DatasetRef,
): void {
  const at = (field?: string) => ["spec", side, ...(field ? [field] : [])];
  if (ref.dvc !== undefined) {
    checkDvc(ctx, monitor, side, ref);
    return;
  }
  const delta = ref.format === "delta";
  if (delta) {
    if (ref.prefix !== undefined)
      ctx.report(
        monitor,
        at("prefix"),
        "SLW135",
        "a Delta table is named by `path`: its root directory, which holds _delta_log/",
      );
    else if (ref.path === undefined)
      ctx.report(monitor, at(), "SLW135", `\`${side}\` needs \`path\`: the Delta table's root directory`);
    if (ref.version !== undefined && ref.timestamp !== undefined)
      ctx.report(monitor, at("timestamp"), "SLW135", "give `version` or `timestamp`, not both");
  } else {
    if ((ref.path === undefined) === (ref.prefix === undefined))
      ctx.report(monitor, at(), "SLW135", `\`${side}\` needs exactly one of \`path\` and \`prefix\``);
    if (ref.path !== undefined && (ref.partition !== undefined || ref.window !== undefined))
      ctx.report(
        monitor,
        at(ref.partition !== undefined ? "partition" : "window"),
        "SLW135",
        "`partition` and `window` apply to a `prefix`, not a single `path`",
      );
    for (const field of ["version", "timestamp"] as const)
      if (ref[field] !== undefined)
        ctx.report(
          monitor,
          at(field),
          "SLW135",
          `\`${field}\` reads a Delta table as of a version; this dataset's format is ${ref.format}`,
        );
  }
  if (ref.window !== undefined && ref.partition === undefined && (delta || ref.prefix !== undefined)) {
    ctx.report(
      monitor,
      at("window"),
      "SLW135",
      delta
        ? "a time `window` needs a `partition` pattern naming the table's date partition column, e.g. dt={date}"
        : "a time `window` needs a `partition` pattern with {date} to select partitions",
    );
  }
  const problem =
    ref.partition === undefined
      ? null
      : (partitionProblem(ref.partition) ?? (delta ? deltaPartitionProblem(ref.partition) : null));
  if (problem) ctx.report(monitor, at("partition"), "SLW135", problem);
}

/** `dvc` names the data by its DVC-tracked path; nothing else may name a location beside it. */
function checkDvc(
  ctx: CheckContext,
  monitor: Manifest<"Monitor">,
  side: "reference" | "current",
  ref: DatasetRef,
): void {
  const dvc = ref.dvc as NonNullable<DatasetRef["dvc"]>;
  for (const field of ["path", "prefix", "partition", "window", "version", "timestamp"] as const)
    if (ref[field] !== undefined)
      ctx.report(
        monitor,
        ["spec", side, field],
        "SLW135",
        `\`${field}\` does not go with \`dvc\`, which names the data itself`,
      );
  if (ref.format === "delta")
    ctx.report(
      monitor,
      ["spec", side, "format"],
      "SLW135",
      "a DVC-tracked dataset is read as csv, jsonl or parquet, not delta",
    );
  const path = dvc.path.replace(/^\.\//, "").replace(/\/+$/, "");
  if (
    path === "" ||
    path.startsWith("/") ||
    path.includes("\\") ||
    path.split("/").some((s) => s === "" || s === "." || s === "..")
  )
    ctx.report(
      monitor,
      ["spec", side, "dvc", "path"],
      "SLW135",
      "`dvc.path` is a path inside the repository, without '.' or '..' segments",
    );
}

/** On a Delta table a pattern names partition columns, one `column={placeholder}` per segment. */
function deltaPartitionProblem(partition: string): string | null {
  if (partition.split("/").every((segment) => /^[^={}]+=\{(date|hour)\}$/.test(segment))) return null;
  return "on a Delta table each segment of `partition` names a partition column, as `dt={date}` or `dt={date}/hour={hour}`";
}

/**
 * The placeholders the dataset reader understands: {date} always, {hour} optionally below it. A
 * pattern with {hour} alone names no day, so the reader could never select a partition by time.
 */
function partitionProblem(partition: string): string | null {
  const names = [...partition.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as string);
  const unknown = names.find((n) => n !== "date" && n !== "hour");
  if (unknown !== undefined)
    return `\`partition\` has an unknown placeholder {${unknown}}; use {date} and optionally {hour}`;
  if (names.length !== new Set(names).size) return "`partition` repeats a placeholder";
  if (names.includes("date")) return null;
  if (names.includes("hour"))
    return "`partition` has {hour} but no {date}: an hour names no day (e.g. dt={date}/hour={hour})";
  return "`partition` needs a {date} placeholder (and optionally {hour})";
}

function checkThreshold(
  ctx: CheckContext,
  monitor: Manifest<"Monitor">,
  path: (string | number)[],
  method: string,
  threshold: number | undefined,
): void {
  if (threshold === undefined || !P_VALUE_TESTS.has(method)) return;
  if (threshold <= 0 || threshold >= 1) {
    ctx.report(
      monitor,
      path,
      "SLW137",
      `threshold ${threshold} is a p-value for ${method}; it must be between 0 and 1`,
    );
  }
}
