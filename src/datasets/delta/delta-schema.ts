import type { ColumnMappingMode } from "./delta-protocol.ts";

// A Delta table's schema (`metaData.schemaString`, Spark's JSON schema: PROTOCOL.md, "Schema
// Serialization Format") as the top-level columns the drift model reads: each column's logical name,
// the physical name its data files and partition values use under column mapping, and how its values
// read — numbers (integers apart), text, or never stored (`void`). Nested types read as text, as the
// Parquet reader reads them. Pure.

export type ColumnReading = "integer" | "number" | "text" | "void";

export interface DeltaColumn {
  /** The name reports and Monitors use. */
  readonly name: string;
  /** The name in data files and partition values (the logical name without column mapping). */
  readonly physical: string;
  /** Column mapping mode `id`: the Parquet field id its data files carry. */
  readonly fieldId?: number;
  /** The Delta type, e.g. `long`, `decimal(10,2)`, `date`, or `struct` for nested types. */
  readonly type: string;
  readonly reading: ColumnReading;
}

const INTEGERS = new Set(["byte", "short", "integer", "long"]);
const FLOATS = new Set(["float", "double"]);

function readingOf(type: string): ColumnReading {
  if (INTEGERS.has(type)) return "integer";
  if (FLOATS.has(type) || /^decimal\(\s*\d+\s*,\s*\d+\s*\)$/.test(type)) return "number";
  if (type === "void") return "void";
  return "text";
}

/** The schema's top-level columns, or why the schema cannot be used. */
export function parseDeltaSchema(
  schemaString: string,
  mapping: ColumnMappingMode,
): { columns: DeltaColumn[] } | { problem: string } {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaString);
  } catch {
    return { problem: "metaData.schemaString is not JSON" };
  }
  const fields = (schema as { type?: unknown; fields?: unknown })?.fields;
  if ((schema as { type?: unknown })?.type !== "struct" || !Array.isArray(fields))
    return { problem: "metaData.schemaString is not a struct schema" };
  const columns: DeltaColumn[] = [];
  const seen = new Set<string>();
  for (const [i, field] of fields.entries()) {
    const f = field as { name?: unknown; type?: unknown; metadata?: Record<string, unknown> };
    if (typeof f?.name !== "string" || f.name === "")
      return { problem: `field ${i} of metaData.schemaString has no name` };
    if (seen.has(f.name.toLowerCase()))
      return { problem: `metaData.schemaString names column '${f.name}' twice` };
    seen.add(f.name.toLowerCase());
    const type =
      typeof f.type === "string"
        ? f.type
        : typeof (f.type as { type?: unknown })?.type === "string"
          ? ((f.type as { type: string }).type as string)
          : "";
    if (type === "") return { problem: `column '${f.name}' of metaData.schemaString has no type` };
    let physical = f.name;
    let fieldId: number | undefined;
    if (mapping !== "none") {
      const named = f.metadata?.["delta.columnMapping.physicalName"];
      if (typeof named !== "string" || named === "")
        return { problem: `column '${f.name}' has no delta.columnMapping.physicalName under column mapping` };
      physical = named;
    }
    if (mapping === "id") {
      const id = f.metadata?.["delta.columnMapping.id"];
      if (typeof id !== "number" || !Number.isSafeInteger(id))
        return { problem: `column '${f.name}' has no delta.columnMapping.id under column mapping mode id` };
      fieldId = id;
    }
    columns.push({
      name: f.name,
      physical,
      type,
      reading: readingOf(type),
      ...(fieldId !== undefined ? { fieldId } : {}),
    });
  }
  return { columns };
}
