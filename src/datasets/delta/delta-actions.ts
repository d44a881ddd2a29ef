// The Delta log actions a reader needs (PROTOCOL.md, "Actions"), checked field by field: a log is
// untrusted input, so a malformed action is an error naming the field, never a guess. Unknown actions
// and fields are ignored, as the protocol requires. Numbers may arrive as bigint (from Parquet). Pure.

export interface DeltaProtocol {
  readonly minReaderVersion: number;
  readonly minWriterVersion: number;
  readonly readerFeatures: readonly string[] | undefined;
}

export interface DeltaMetadata {
  readonly id: string;
  readonly provider: string;
  readonly schemaString: string;
  readonly partitionColumns: readonly string[];
  readonly configuration: Readonly<Record<string, string>>;
}

export interface DeletionVector {
  /** `<storageType><pathOrInlineDv>[@<offset>]`: with the path, the key of a logical file. */
  readonly uniqueId: string;
}

export interface AddFile {
  /** As written in the log: a URI, relative to the table root or absolute. */
  readonly path: string;
  readonly partitionValues: Readonly<Record<string, string | null>>;
  readonly size: number;
  readonly deletionVector: DeletionVector | null;
}

export interface RemoveFile {
  readonly path: string;
  readonly deletionVector: DeletionVector | null;
}

export type DeltaAction =
  | { readonly type: "protocol"; readonly protocol: DeltaProtocol }
  | { readonly type: "metaData"; readonly metaData: DeltaMetadata }
  | { readonly type: "add"; readonly add: AddFile }
  | { readonly type: "remove"; readonly remove: RemoveFile }
  | { readonly type: "commitInfo"; readonly inCommitTimestamp: number | undefined }
  | { readonly type: "checkpointMetadata"; readonly version: number }
  | { readonly type: "sidecar"; readonly path: string; readonly sizeInBytes: number };

/** A malformed action: `detail` says which field and why. */
export class ActionError extends Error {
  override name = "ActionError";
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function text(o: Json, key: string, action: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new ActionError(`${action}.${key} is not a string`);
  return v;
}

function integer(o: Json, key: string, action: string, optional = false): number | undefined {
  const v = o[key];
  if ((v === undefined || v === null) && optional) return undefined;
  const n = typeof v === "bigint" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n))
    throw new ActionError(`${action}.${key} is not an integer`);
  return n;
}

function strings(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
    throw new ActionError(`${what} is not a list of strings`);
  return v as string[];
}

function stringMap(v: unknown, what: string, nullable: boolean): Record<string, string | null> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new ActionError(`${what} is not a map`);
  const out: Record<string, string | null> = Object.create(null);
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === "string" || (nullable && x === null)) out[k] = x;
    else if (x === undefined && nullable) out[k] = null;
    else throw new ActionError(`${what}.${k} is not a string`);
  }
  return out;
}

function deletionVector(v: unknown, action: string): DeletionVector | null {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw new ActionError(`${action}.deletionVector is not a struct`);
  // A Parquet checkpoint gives a struct of nulls for "no deletion vector".
  if (v.storageType === undefined || v.storageType === null) return null;
  const storage = text(v, "storageType", `${action}.deletionVector`);
  const where = text(v, "pathOrInlineDv", `${action}.deletionVector`);
  const offset = integer(v, "offset", `${action}.deletionVector`, true);
  return { uniqueId: `${storage}${where}${offset === undefined ? "" : `@${offset}`}` };
}

function protocol(o: Json): DeltaProtocol {
  const features = o.readerFeatures;
  return {
    minReaderVersion: integer(o, "minReaderVersion", "protocol") as number,
    minWriterVersion: integer(o, "minWriterVersion", "protocol") as number,
    readerFeatures:
      features === undefined || features === null ? undefined : strings(features, "protocol.readerFeatures"),
  };
}

function metaData(o: Json): DeltaMetadata {
  const format = o.format;
  if (!isObject(format)) throw new ActionError("metaData.format is not a struct");
  const partitionColumns = o.partitionColumns ?? [];
  return {
    id: typeof o.id === "string" ? o.id : "",
    provider: text(format, "provider", "metaData.format"),
    schemaString: text(o, "schemaString", "metaData"),
    partitionColumns: strings(partitionColumns, "metaData.partitionColumns"),
    configuration: stringMap(o.configuration, "metaData.configuration", false) as Record<string, string>,
  };
}

/** The actions of one log line or checkpoint row (normally one). */
export function parseActions(row: unknown): DeltaAction[] {
  if (!isObject(row)) throw new ActionError("an action is not a JSON object");
  const out: DeltaAction[] = [];
  const present = (key: string) =>
    isObject(row[key]) && Object.values(row[key] as Json).some((v) => v !== null && v !== undefined);
  if (present("protocol")) out.push({ type: "protocol", protocol: protocol(row.protocol as Json) });
  if (present("metaData")) out.push({ type: "metaData", metaData: metaData(row.metaData as Json) });
  if (present("add")) {
    const a = row.add as Json;
    const path = text(a, "path", "add");
    out.push({
      type: "add",
      add: {
        path,
        partitionValues: stringMap(a.partitionValues, "add.partitionValues", true),
        size: integer(a, "size", "add") as number,
        deletionVector: deletionVector(a.deletionVector, "add"),
      },
    });
  }
  if (present("remove")) {
    const r = row.remove as Json;
    out.push({
      type: "remove",
      remove: { path: text(r, "path", "remove"), deletionVector: deletionVector(r.deletionVector, "remove") },
    });
  }
  if (present("commitInfo")) {
    const c = row.commitInfo as Json;
    out.push({ type: "commitInfo", inCommitTimestamp: integer(c, "inCommitTimestamp", "commitInfo", true) });
  }
  if (present("checkpointMetadata"))
    out.push({
      type: "checkpointMetadata",
      version: integer(row.checkpointMetadata as Json, "version", "checkpointMetadata") as number,
    });
  if (present("sidecar")) {
    const s = row.sidecar as Json;
    out.push({
      type: "sidecar",
      path: text(s, "path", "sidecar"),
      sizeInBytes: integer(s, "sizeInBytes", "sidecar") as number,
    });
  }
  return out;
}
