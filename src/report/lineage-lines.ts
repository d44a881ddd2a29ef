import type { DataVersion } from "../experiments/data-version.ts";
import { printable, shortDigest } from "../experiments/dataset-words.ts";
import type { Comparison, DatasetRef } from "../experiments/types.ts";

/** How names are set off: code spans in Markdown, bare in plain text. */
export interface LineageStyle {
  code(text: string): string;
  strong(text: string): string;
}

export const PLAIN_STYLE: LineageStyle = { code: (t) => printable(t), strong: (t) => t };

const ROWS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const SIGNED_ROWS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0, signDisplay: "exceptZero" });

/**
 * The evaluation-data line: the data relative gates are judged on, whether both runs share it, and
 * the gates matched on the dataset MLflow 3 recorded with the metric. Never claims a difference
 * between digests that were not recorded.
 */
export function evaluationLine(c: Comparison, s: LineageStyle): string {
  const e = c.lineage.evaluation;
  const label = c.baselineLabel;
  const untagged =
    e.untagged.candidate || e.untagged.baseline
      ? " (untagged inputs, taken as evaluation data because they are the run's only inputs)"
      : "";
  const perMetric = c.gates.flatMap((g) =>
    g.comparability?.basis === "dataset-metrics" && g.comparability.status === "same"
      ? [`${s.code(g.metric)} on ${refs(g.comparability.candidate, s)}`]
      : [],
  );
  const matched =
    perMetric.length > 0
      ? ` Matched per metric on the dataset MLflow recorded with it: ${[...new Set(perMetric)].join("; ")}.`
      : "";
  let body: string;
  if (e.baseline === null)
    body = e.candidate.length === 0 ? "not recorded" : `candidate ${refs(e.candidate, s)}`;
  else if (e.change === "same") body = `the same for both runs — ${refs(e.candidate, s)}`;
  else if (e.change === "changed")
    body = `${s.strong("different")} — candidate ${refs(e.candidate, s)}; ${label} ${refs(e.baseline, s)}`;
  else if (e.candidate.length === 0 && e.baseline.length === 0) body = "recorded by neither run";
  else
    body = `candidate ${sideOrNone(e.candidate, s)}; ${label} ${sideOrNone(e.baseline, s)}${unknownDigests(e.candidate, e.baseline)}`;
  return `Evaluation data: ${body}${untagged}.${matched}`;
}

/**
 * The training-data line: lineage, not a gate. A changed digest is a retrain on new data (expected);
 * the line says what changed — which dataset, its digest and row count.
 */
export function trainingLine(c: Comparison, s: LineageStyle): string {
  const t = c.lineage.training;
  const label = c.baselineLabel;
  if (t.baseline === null)
    return `Training data: ${t.candidate.length === 0 ? "not recorded" : `candidate ${refs(t.candidate, s)}`}.`;
  if (t.change === "same") return `Training data: the same as ${label}'s — ${refs(t.candidate, s)}.`;
  if (t.change === "changed")
    return `Training data: retrained on new data (expected) — ${changes(t.candidate, t.baseline, s).join("; ")}.`;
  if (t.candidate.length === 0 && t.baseline.length === 0) return "Training data: recorded by neither run.";
  return `Training data: candidate ${sideOrNone(t.candidate, s)}; ${label} ${sideOrNone(t.baseline, s)}${unknownDigests(t.candidate, t.baseline)}.`;
}

/** Inputs of another context (or untagged beside tagged ones): listed, never compared. */
export function otherInputsLine(c: Comparison, s: LineageStyle): string | null {
  const o = c.lineage.other;
  if (o.candidate.length === 0 && (o.baseline ?? []).length === 0) return null;
  const side = (list: DatasetRef[]) =>
    list.length === 0
      ? "none"
      : list.map((d) => `${ref(d, s)} as ${s.code(d.context ?? "untagged")}`).join(", ");
  const base = o.baseline === null ? "" : `; ${c.baselineLabel} ${side(o.baseline)}`;
  return `Other inputs (not compared): candidate ${side(o.candidate)}${base}.`;
}

/** What changed between two sets of training datasets, paired by name. */
function changes(candidate: DatasetRef[], baseline: DatasetRef[], s: LineageStyle): string[] {
  const out: string[] = [];
  const names = (list: DatasetRef[]) => new Set(list.map((d) => d.name));
  const cNames = names(candidate);
  const bNames = names(baseline);
  for (const name of [...cNames].filter((n) => bNames.has(n))) {
    const now = candidate.filter((d) => d.name === name);
    const before = baseline.filter((d) => d.name === name);
    const digests = (list: DatasetRef[]) =>
      list.map((d) => s.code(shortDigest(d.digest ?? "unknown"))).join(", ");
    if (digests(now) === digests(before)) continue;
    const rows = rowChange(sum(before), sum(now));
    const version =
      now.length === 1 && before.length === 1 ? versionChange(before[0]?.version, now[0]?.version, s) : "";
    out.push(`${s.code(name)}: digest ${digests(before)} → ${digests(now)}${rows}${version}`);
  }
  const added = candidate.filter((d) => !bNames.has(d.name));
  const dropped = baseline.filter((d) => !cNames.has(d.name));
  const [only] = added;
  const [gone] = dropped;
  if (added.length === 1 && dropped.length === 1 && only && gone)
    out.push(`${ref(only, s)} replaces ${ref(gone, s)}`);
  else {
    for (const d of added) out.push(`added ${ref(d, s)}`);
    for (const d of dropped) out.push(`dropped ${ref(d, s)}`);
  }
  return out;
}

function rowChange(before: number | null, after: number | null): string {
  if (before === null || after === null) return "";
  if (before === after) return `, ${ROWS.format(after)} rows`;
  return `, ${ROWS.format(before)} → ${ROWS.format(after)} rows (${SIGNED_ROWS.format(after - before)})`;
}

function sum(list: DatasetRef[]): number | null {
  let total = 0;
  for (const d of list) {
    if (d.rows === null) return null;
    total += d.rows;
  }
  return total;
}

function unknownDigests(a: DatasetRef[], b: DatasetRef[]): string {
  return a.length > 0 && b.length > 0 ? " — digests not recorded, so whether they differ is unknown" : "";
}

function sideOrNone(list: DatasetRef[], s: LineageStyle): string {
  return list.length === 0 ? "not recorded" : refs(list, s);
}

function refs(list: DatasetRef[], s: LineageStyle): string {
  return list.map((d) => ref(d, s)).join(", ");
}

/**
 * `name` (digest `d`, 1,204 rows); an unrecorded digest reads "digest unknown"; a versioned source
 * adds which version it was (`Delta table s3://… version 12`, `DVC md5 …`).
 */
function ref(d: DatasetRef, s: LineageStyle): string {
  const digest = d.digest === null ? "digest unknown" : `digest ${s.code(shortDigest(d.digest))}`;
  const rows = d.rows === null ? "" : `, ${ROWS.format(d.rows)} rows`;
  const version = d.version ? `, ${versionWords(d.version, s)}` : "";
  return `${s.code(d.name)} (${digest}${rows}${version})`;
}

/** `, Delta table `t` version 12 → 14` (or `, DVC md5 a → b`) when a side names its version. */
function versionChange(
  before: DataVersion | undefined,
  after: DataVersion | undefined,
  s: LineageStyle,
): string {
  if (!before && !after) return "";
  if (before?.kind === "delta" && after?.kind === "delta" && before.table === after.table) {
    const v = (x: number | null) => (x === null ? "not recorded" : s.code(String(x)));
    return `, Delta table ${s.code(after.table)} version ${v(before.version)} → ${v(after.version)}`;
  }
  if (before?.kind === "dvc" && after?.kind === "dvc")
    return `, DVC md5 ${s.code(before.md5)} → ${s.code(after.md5)}`;
  return `, ${before ? versionWords(before, s) : "version not recorded"} → ${after ? versionWords(after, s) : "version not recorded"}`;
}

function versionWords(v: DataVersion, s: LineageStyle): string {
  if (v.kind === "delta")
    return `Delta table ${s.code(v.table)} ${v.version === null ? "version not recorded" : `version ${s.code(String(v.version))}`}`;
  const where = v.path ? ` of ${s.code(`${v.path}${v.rev ? `@${v.rev}` : ""}`)}` : "";
  return `DVC md5 ${s.code(v.md5)}${where}`;
}
