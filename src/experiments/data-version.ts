// Which version of versioned data an MLflow dataset input names, from its `source_type` and `source`
// JSON. MLflow's Delta source (`source_type: delta_table`, DeltaDatasetSource.to_dict) records `path`
// or `delta_table_name` and `delta_table_version` (left out for version 0 and for "latest"); `delta`
// with `version` is read too. DVC has no MLflow source type: a run that logged
// `dvc.api.get_url(path, rev=…)` records the remote object's URL, whose name is the md5 (DVC 3's
// `…/files/md5/xx/…`, DVC 2's `…/xx/…`); a custom source with `md5` (and `path`, `rev`, `repo`) is read
// as it says. Pure.

export type DataVersion =
  | {
      readonly kind: "delta";
      /** The table's path, or its catalog name. */
      readonly table: string;
      /** null: the run did not record which version (MLflow omits version 0 and the latest). */
      readonly version: number | null;
    }
  | {
      readonly kind: "dvc";
      readonly md5: string;
      /** The object URL the run recorded, or null. */
      readonly url: string | null;
      readonly path: string | null;
      readonly rev: string | null;
    };

const MAX_SOURCE_CHARS = 64 * 1024;
const DVC_OBJECT = /(?:^|\/)(?:files\/md5\/)?([0-9a-f]{2})\/([0-9a-f]{30})(\.dir)?$/;

function parse(source: string | undefined): Record<string, unknown> | null {
  if (source === undefined || source.length > MAX_SOURCE_CHARS) return null;
  try {
    const value = JSON.parse(source) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

function versionNumber(v: unknown): number | null {
  const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export function dataVersionOf(
  sourceType: string | undefined,
  source: string | undefined,
): DataVersion | null {
  const json = parse(source);
  if (json === null) return null;
  const type = (sourceType ?? "").toLowerCase();
  if (type === "delta_table" || type === "delta") {
    const table = text(json.path) ?? text(json.delta_table_name) ?? text(json.table);
    if (table === null) return null;
    return { kind: "delta", table, version: versionNumber(json.delta_table_version ?? json.version) };
  }
  const md5 = text(json.md5);
  if (md5 !== null && /^[0-9a-f]{32}(\.dir)?$/.test(md5))
    return { kind: "dvc", md5, url: null, path: text(json.path), rev: text(json.rev) };
  for (const key of ["uri", "url", "path"]) {
    const url = text(json[key]);
    const m = url === null ? null : DVC_OBJECT.exec(url);
    if (m && url) return { kind: "dvc", md5: `${m[1]}${m[2]}${m[3] ?? ""}`, url, path: null, rev: null };
  }
  return null;
}

/** `Delta table s3://…/train version 12`, `DVC md5 3f2a…` — for lineage lines. */
export function describeDataVersion(v: DataVersion): string {
  if (v.kind === "delta")
    return `Delta table ${v.table} ${v.version === null ? "(version not recorded)" : `version ${v.version}`}`;
  const where = v.path ? ` of ${v.path}${v.rev ? `@${v.rev}` : ""}` : "";
  return `DVC md5 ${v.md5}${where}`;
}
