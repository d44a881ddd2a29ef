import { parsePartitionPattern } from "../s3/partition-pattern.ts";
import { type TimeWindow, windowPartitions } from "../s3/partition-window.ts";
import type { AddFile } from "./delta-actions.ts";
import type { DeltaColumn } from "./delta-schema.ts";

// A current window on a Delta table's partition columns. The Monitor's `partition` pattern names
// them the way Hive-style directories would — `dt={date}` or `dt={date}/hour={hour}` — but the values
// come from each file's `partitionValues` in the log (a Delta table's directories need not match its
// partitions). {date} takes a `date` column, a string column holding YYYY-MM-DD, or a timestamp
// column (its UTC day); {hour} an integer column or a string of one or two digits, 0–23. The window
// selects whole partitions exactly as for a prefix (partition-window.ts). Pure.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface PartitionSelection {
  accept(file: AddFile): boolean;
  /** The partitions a window selected (the pattern filled in), oldest first; empty without a window. */
  readonly partitions: readonly string[];
}

function dayOf(value: string, column: DeltaColumn): number | undefined {
  if (column.type === "timestamp" || column.type === "timestamp_ntz") {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(\.\d{1,9})?)(Z)?$/.exec(value);
    if (!m) return undefined;
    const t = Date.parse(`${m[1]}T${(m[2] as string).slice(0, 12)}Z`);
    return Number.isNaN(t) ? undefined : Math.floor(t / DAY_MS) * DAY_MS;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value ? t : undefined;
}

function hourOf(value: string): number | undefined {
  if (!/^\d{1,2}$/.test(value)) return undefined;
  const h = Number(value);
  return h <= 23 ? h : undefined;
}

export function deltaPartitionSelection(
  pattern: string,
  window: TimeWindow | undefined,
  now: Date,
  columns: readonly DeltaColumn[],
  partitionColumns: readonly string[],
): PartitionSelection | { problem: string } {
  const compiled = parsePartitionPattern(pattern);
  if ("error" in compiled) return { problem: compiled.error };
  const slots: { column: DeltaColumn; placeholder: "date" | "hour" }[] = [];
  for (const segment of pattern.split("/")) {
    const m = /^([^={}]+)=\{(date|hour)\}$/.exec(segment);
    if (!m)
      return {
        problem: `partition \`${pattern}\`: on a Delta table each segment names a partition column, as \`dt={date}\` or \`dt={date}/hour={hour}\``,
      };
    const name = m[1] as string;
    const column = columns.find((c) => c.name === name);
    if (!column || !partitionColumns.includes(name))
      return {
        problem: `partition \`${pattern}\`: '${name}' is not a partition column of the table (its partition columns: ${partitionColumns.map((c) => `'${c}'`).join(", ") || "none"})`,
      };
    const placeholder = m[2] as "date" | "hour";
    const fits =
      placeholder === "date"
        ? ["date", "string", "timestamp", "timestamp_ntz"].includes(column.type)
        : column.reading === "integer" || column.type === "string";
    if (!fits)
      return {
        problem: `partition \`${pattern}\`: column '${name}' is of type ${column.type}, which {${placeholder}} cannot read`,
      };
    slots.push({ column, placeholder });
  }
  const startOf = (file: AddFile): number | undefined => {
    let day: number | undefined;
    let hour = 0;
    for (const { column, placeholder } of slots) {
      const value = file.partitionValues[column.physical];
      if (value === null || value === undefined || value === "") return undefined;
      if (placeholder === "date") {
        day = dayOf(value, column);
        if (day === undefined) return undefined;
      } else {
        const h = hourOf(value);
        if (h === undefined) return undefined;
        hour = h;
      }
    }
    return day === undefined ? undefined : day + hour * HOUR_MS;
  };
  if (window === undefined) return { accept: (file) => startOf(file) !== undefined, partitions: [] };
  const selected = windowPartitions(compiled, window, now);
  if ("error" in selected) return { problem: selected.error };
  const starts = new Set(selected.starts);
  return {
    accept(file) {
      const start = startOf(file);
      return start !== undefined && starts.has(start);
    },
    partitions: selected.starts.map((t) => compiled.expand(t)),
  };
}
