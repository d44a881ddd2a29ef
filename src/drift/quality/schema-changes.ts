import type { ColumnType, Table } from "../columns.ts";
import { type Finding, quoteName, type SettingSeverity } from "../monitor-report/finding.ts";
import { type Dtype, describeType, profileSample, type SampleProfile } from "./sample-profile.ts";

// Schema comparison, reported before any statistic (issue #6: schema changes are the most common
// production failure). A retyped column is left out of every later stage: its two samples cannot be
// compared value by value.

export interface SchemaColumn {
  name: string;
  dtype: Dtype;
  type: ColumnType;
}

export interface SchemaRetype {
  name: string;
  reference: { dtype: Dtype; type: ColumnType };
  current: { dtype: Dtype; type: ColumnType };
}

export interface SchemaComparison {
  /** In the current data only, in its column order. */
  added: SchemaColumn[];
  /** In the reference data only, in its column order. */
  removed: SchemaColumn[];
  retyped: SchemaRetype[];
  /** Columns in both samples with the same storage type. */
  unchanged: number;
}

export interface TableProfiles {
  reference: ReadonlyMap<string, SampleProfile>;
  current: ReadonlyMap<string, SampleProfile>;
}

export function profileTables(reference: Table, current: Table): TableProfiles {
  const profile = (t: Table) =>
    new Map([...t.columns].map(([name, values]) => [name, profileSample(values)]));
  return { reference: profile(reference), current: profile(current) };
}

/**
 * A column is retyped when numbers became text or text became numbers, or when a column of whole
 * numbers now holds fractions (pandas: int64 → float64 with non-integral values). A float column whose
 * current sample happens to hold whole numbers is not retyped, and an empty sample has no type to
 * compare: its missing share says what happened.
 */
export function isRetyped(reference: Dtype, current: Dtype): boolean {
  if (reference === "empty" || current === "empty") return false;
  if ((reference === "text") !== (current === "text")) return true;
  return reference === "integer" && current === "float";
}

export function compareSchema(profiles: TableProfiles): SchemaComparison {
  const column = (name: string, p: SampleProfile): SchemaColumn => ({ name, dtype: p.dtype, type: p.type });
  const added: SchemaColumn[] = [];
  const removed: SchemaColumn[] = [];
  const retyped: SchemaRetype[] = [];
  let unchanged = 0;
  for (const [name, ref] of profiles.reference) {
    const cur = profiles.current.get(name);
    if (!cur) removed.push(column(name, ref));
    else if (isRetyped(ref.dtype, cur.dtype))
      retyped.push({
        name,
        reference: { dtype: ref.dtype, type: ref.type },
        current: { dtype: cur.dtype, type: cur.type },
      });
    else unchanged++;
  }
  for (const [name, cur] of profiles.current)
    if (!profiles.reference.has(name)) added.push(column(name, cur));
  return { added, removed, retyped, unchanged };
}

/** Columns the later stages must leave out: removed, added and retyped ones. */
export function changedColumns(schema: SchemaComparison): Set<string> {
  return new Set([...schema.added, ...schema.removed, ...schema.retyped].map((c) => c.name));
}

/** One finding per change, at the Monitor's `quality.schemaChanges` severity (default error). */
/**
 * `classificationColumns`: the Monitor's target, prediction and score. A reference without them (training
 * data without the model's output) is expected: their appearance in the current data is info, not a
 * schema change that fails the monitor.
 */
export function schemaFindings(
  schema: SchemaComparison,
  setting: SettingSeverity = "error",
  classificationColumns: ReadonlySet<string> = new Set(),
): Finding[] {
  if (setting === "ignore") return [];
  const at = (code: Finding["code"], column: string, message: string): Finding => ({
    area: "schema",
    severity: code === "column-added" && classificationColumns.has(column) ? "info" : setting,
    code,
    column,
    message,
  });
  return [
    ...schema.removed.map((c) =>
      at(
        "column-removed",
        c.name,
        `column ${quoteName(c.name)} is missing from the current data (was ${describeType(c)})`,
      ),
    ),
    ...schema.added.map((c) =>
      at(
        "column-added",
        c.name,
        classificationColumns.has(c.name)
          ? `column ${quoteName(c.name)} is new in the current data (${describeType(c)}); it is a classification column the reference does not have`
          : `column ${quoteName(c.name)} is new in the current data (${describeType(c)})`,
      ),
    ),
    ...schema.retyped.map((c) =>
      at(
        "column-retyped",
        c.name,
        `column ${quoteName(c.name)} changed type: ${describeType(c.reference)} in the reference data, ${describeType(c.current)} in the current data`,
      ),
    ),
  ];
}
