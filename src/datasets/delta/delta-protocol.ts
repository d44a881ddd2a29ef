import type { DeltaMetadata, DeltaProtocol } from "./delta-actions.ts";

// What this reader implements of the Delta protocol (PROTOCOL.md, "Reader Version Requirements" and
// "Valid Feature Names in Table Features"), and the refusal, naming the feature, for everything else:
// a table that needs an unimplemented reader feature is never read, so it can never be read wrongly.
// Writer features are not a reader's concern. Pure.

/** Reader features this reader honours, each with what honouring it means here. */
export const READER_FEATURES: Readonly<Record<string, string>> = {
  columnMapping: "columns resolved by physical name (mode `name`) or by Parquet field id (mode `id`)",
  deletionVectors: "read only when no selected file carries a deletion vector",
  timestampNtz: "timestamps without time zone read as text",
  typeWidening: "widened columns read as numbers or text like their current type",
  "typeWidening-preview": "as typeWidening",
  v2Checkpoint: "V2 checkpoints and their sidecar files",
  vacuumProtocolCheck: "nothing to do when reading",
};

export const MAX_READER_VERSION = 3;

export type ColumnMappingMode = "none" | "name" | "id";

/** The column mapping mode the table uses, or why it cannot be read at all. */
export function checkProtocol(
  protocol: DeltaProtocol,
  metadata: DeltaMetadata,
): { mapping: ColumnMappingMode } | { problem: string } {
  const version = protocol.minReaderVersion;
  if (version < 1 || version > MAX_READER_VERSION)
    return {
      problem: `the table needs Delta reader version ${version}; Slipway's Delta reader implements versions 1 to ${MAX_READER_VERSION}`,
    };
  if (version === 3 && protocol.readerFeatures === undefined)
    return { problem: "the protocol has reader version 3 but lists no reader features (corrupt log)" };
  const features = version === 3 ? (protocol.readerFeatures ?? []) : [];
  const unknown = features.filter((f) => !(f in READER_FEATURES)).sort();
  if (unknown.length > 0)
    return {
      problem: `the table needs reader ${unknown.length === 1 ? "feature" : "features"} ${unknown.map((f) => `\`${f}\``).join(", ")}, which Slipway's Delta reader does not implement (it implements ${Object.keys(
        READER_FEATURES,
      )
        .map((f) => `\`${f}\``)
        .join(", ")})`,
    };
  if (metadata.provider.toLowerCase() !== "parquet")
    return { problem: `the table's data files are in format \`${metadata.provider}\`; only parquet is read` };
  // The mode property counts only where the protocol supports column mapping.
  const honoured = version === 2 || (version === 3 && features.includes("columnMapping"));
  const mode = honoured ? (metadata.configuration["delta.columnMapping.mode"] ?? "none") : "none";
  if (mode === "none" || mode === "name" || mode === "id") return { mapping: mode };
  return { problem: `the table has an unknown column mapping mode \`${mode}\`` };
}
