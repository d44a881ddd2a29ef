// The files of a Delta table's `_delta_log/` directory, told apart by name (PROTOCOL.md, "Delta Log
// Entries" and "Checkpoints"): commits `<v>.json`, classic checkpoints `<v>.checkpoint.parquet`,
// multi-part checkpoints `<v>.checkpoint.<o>.<p>.parquet`, UUID-named (V2) checkpoints
// `<v>.checkpoint.<uuid>.json|parquet`, and `_last_checkpoint`. Versions are zero-padded to 20
// digits, parts to 10. Anything else (checksums, compactions, temporary files) is not read. Pure.

export type LogFile =
  | {
      readonly kind: "commit";
      readonly version: number;
      readonly uri: string;
      readonly size: number;
      readonly modified?: number;
    }
  | {
      readonly kind: "checkpoint";
      readonly version: number;
      readonly uri: string;
      readonly size: number;
      /** classic: one Parquet file; multi-part: part `part` of `parts`; uuid: a V2 checkpoint. */
      readonly naming: "classic" | "multi-part" | "uuid";
      readonly part?: number;
      readonly parts?: number;
      readonly format: "parquet" | "json";
    };

const COMMIT = /^(\d{20})\.json$/;
const CLASSIC = /^(\d{20})\.checkpoint\.parquet$/;
const MULTI_PART = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/;
const UUID_NAMED =
  /^(\d{20})\.checkpoint\.([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.(json|parquet)$/;

/** A version as written in a file name, or undefined past JavaScript's exact integers. */
function versionOf(digits: string): number | undefined {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function padVersion(version: number): string {
  return String(version).padStart(20, "0");
}

/** One listed object of `_delta_log/` (its name after the directory), or undefined when not read. */
export function classifyLogFile(
  name: string,
  uri: string,
  size: number,
  modified?: number,
): LogFile | undefined {
  let m = COMMIT.exec(name);
  if (m) {
    const version = versionOf(m[1] as string);
    if (version === undefined) return undefined;
    return { kind: "commit", version, uri, size, ...(modified !== undefined ? { modified } : {}) };
  }
  m = CLASSIC.exec(name);
  if (m) {
    const version = versionOf(m[1] as string);
    return version === undefined
      ? undefined
      : { kind: "checkpoint", version, uri, size, naming: "classic", format: "parquet" };
  }
  m = MULTI_PART.exec(name);
  if (m) {
    const version = versionOf(m[1] as string);
    const part = Number(m[2]);
    const parts = Number(m[3]);
    if (version === undefined || parts < 2 || part < 1 || part > parts) return undefined;
    return { kind: "checkpoint", version, uri, size, naming: "multi-part", part, parts, format: "parquet" };
  }
  m = UUID_NAMED.exec(name);
  if (m) {
    const version = versionOf(m[1] as string);
    return version === undefined
      ? undefined
      : { kind: "checkpoint", version, uri, size, naming: "uuid", format: m[3] as "json" | "parquet" };
  }
  return undefined;
}
