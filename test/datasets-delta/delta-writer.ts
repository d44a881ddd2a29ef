import { mkdir, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";

// Writes Delta tables for the tests the way a Delta writer lays them out (PROTOCOL.md): Parquet data
// files, newline-delimited JSON commits `_delta_log/<20-digit version>.json`, Parquet checkpoints
// (classic and multi-part) with the checkpoint schema's nested structs and maps, `_last_checkpoint`.
// The same table goes to a local directory or to s3rver through a `put` function.

export type Put = (key: string, bytes: Uint8Array) => Promise<void>;

export function localPut(root: string, mtimes?: Map<string, Date>): Put {
  return async (key, bytes) => {
    const path = join(root, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    const at = mtimes?.get(key);
    if (at) await utimes(path, at, at);
  };
}

export type Column =
  | { name: string; type: "long" | "integer"; data: (number | null)[] }
  | { name: string; type: "double"; data: (number | null)[] }
  | { name: string; type: "string"; data: (string | null)[] };

/** A Parquet data file with these columns (each as its physical name). */
export function dataFile(columns: Column[]): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: columns.map((c) => ({
        name: c.name,
        data: c.type === "long" ? c.data.map((v) => (v === null ? null : BigInt(v))) : c.data,
        type:
          c.type === "long"
            ? "INT64"
            : c.type === "integer"
              ? "INT32"
              : c.type === "double"
                ? "DOUBLE"
                : "STRING",
      })),
    }),
  );
}

export interface Field {
  name: string;
  type: string;
  physicalName?: string;
}

export function schemaString(fields: Field[]): string {
  return JSON.stringify({
    type: "struct",
    fields: fields.map((f, i) => ({
      name: f.name,
      type: f.type,
      nullable: true,
      metadata: f.physicalName
        ? { "delta.columnMapping.id": i + 1, "delta.columnMapping.physicalName": f.physicalName }
        : {},
    })),
  });
}

export function protocol(minReaderVersion = 1, readerFeatures?: string[]) {
  return {
    protocol: {
      minReaderVersion,
      minWriterVersion: readerFeatures ? 7 : 2,
      ...(readerFeatures ? { readerFeatures, writerFeatures: readerFeatures } : {}),
    },
  };
}

export function metaData(
  fields: Field[],
  partitionColumns: string[] = [],
  configuration: Record<string, string> = {},
) {
  return {
    metaData: {
      id: "6d6e2a5c-0000-4000-8000-000000000001",
      format: { provider: "parquet", options: {} },
      schemaString: schemaString(fields),
      partitionColumns,
      configuration,
      createdTime: 1_700_000_000_000,
    },
  };
}

export function add(
  path: string,
  size: number,
  partitionValues: Record<string, string | null> = {},
  extra: object = {},
) {
  return {
    add: { path, partitionValues, size, modificationTime: 1_700_000_000_000, dataChange: true, ...extra },
  };
}

export function remove(path: string, extra: object = {}) {
  return { remove: { path, deletionTimestamp: 1_700_000_100_000, dataChange: true, ...extra } };
}

export function commitInfo(inCommitTimestamp?: number) {
  return {
    commitInfo: {
      timestamp: inCommitTimestamp ?? 1_700_000_000_000,
      operation: "WRITE",
      ...(inCommitTimestamp ? { inCommitTimestamp } : {}),
    },
  };
}

export function logKey(version: number, suffix = "json"): string {
  return `_delta_log/${String(version).padStart(20, "0")}.${suffix}`;
}

export function commitBytes(actions: object[]): Uint8Array {
  return new TextEncoder().encode(`${actions.map((a) => JSON.stringify(a)).join("\n")}\n`);
}

const STRING = { type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" } as const;
const stringField = (name: string) => ({ name, ...STRING });
const int = (name: string, type: "INT32" | "INT64") => ({ name, type, repetition_type: "OPTIONAL" }) as const;
const map = (name: string) => [
  { name, repetition_type: "OPTIONAL", converted_type: "MAP", num_children: 1 },
  { name: "key_value", repetition_type: "REPEATED", num_children: 2 },
  { name: "key", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
  { name: "value", ...STRING },
];
const list = (name: string) => [
  { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  { name: "element", ...STRING },
];
const deletionVector = [
  { name: "deletionVector", repetition_type: "OPTIONAL", num_children: 5 },
  stringField("storageType"),
  stringField("pathOrInlineDv"),
  int("offset", "INT32"),
  int("sizeInBytes", "INT32"),
  int("cardinality", "INT64"),
];

/** The Parquet schema of a checkpoint (PROTOCOL.md, "Checkpoint Schema"), V2 columns optional. */
function checkpointSchema(v2: boolean) {
  const groups = [
    [
      { name: "protocol", repetition_type: "OPTIONAL", num_children: 4 },
      int("minReaderVersion", "INT32"),
      int("minWriterVersion", "INT32"),
      ...list("readerFeatures"),
      ...list("writerFeatures"),
    ],
    [
      { name: "metaData", repetition_type: "OPTIONAL", num_children: 7 },
      stringField("id"),
      { name: "format", repetition_type: "OPTIONAL", num_children: 2 },
      stringField("provider"),
      ...map("options"),
      stringField("schemaString"),
      ...list("partitionColumns"),
      int("createdTime", "INT64"),
      ...map("configuration"),
      stringField("description"),
    ],
    [
      { name: "add", repetition_type: "OPTIONAL", num_children: 7 },
      stringField("path"),
      ...map("partitionValues"),
      int("size", "INT64"),
      int("modificationTime", "INT64"),
      { name: "dataChange", type: "BOOLEAN", repetition_type: "OPTIONAL" },
      stringField("stats"),
      ...deletionVector,
    ],
    [
      { name: "remove", repetition_type: "OPTIONAL", num_children: 4 },
      stringField("path"),
      int("deletionTimestamp", "INT64"),
      { name: "dataChange", type: "BOOLEAN", repetition_type: "OPTIONAL" },
      ...deletionVector,
    ],
    ...(v2
      ? [
          [
            { name: "checkpointMetadata", repetition_type: "OPTIONAL", num_children: 1 },
            int("version", "INT64"),
          ],
          [
            { name: "sidecar", repetition_type: "OPTIONAL", num_children: 3 },
            stringField("path"),
            int("sizeInBytes", "INT64"),
            int("modificationTime", "INT64"),
          ],
        ]
      : []),
  ];
  return {
    names: groups.map((g) => (g[0] as { name: string }).name),
    elements: [{ name: "spark_schema", num_children: groups.length }, ...groups.flat()],
  };
}

function bigints(value: unknown, key = ""): unknown {
  if (
    typeof value === "number" &&
    [
      "size",
      "modificationTime",
      "deletionTimestamp",
      "createdTime",
      "cardinality",
      "version",
      "sizeInBytes",
    ].includes(key)
  )
    return BigInt(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value;
  // Maps stay maps: their values are strings.
  if (["partitionValues", "configuration", "options", "tags"].includes(key)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bigints(v, k)]));
}

/** A Parquet checkpoint (or sidecar) holding these actions, one per row. */
export function checkpointBytes(actions: object[], v2 = false): Uint8Array {
  const { names, elements } = checkpointSchema(v2);
  const rows = actions.map((a) => bigints(a) as Record<string, unknown>);
  return new Uint8Array(
    parquetWriteBuffer({
      schema: elements as never,
      columnData: names.map((name) => ({ name, data: rows.map((r) => (r[name] as unknown) ?? null) })),
    }),
  );
}
