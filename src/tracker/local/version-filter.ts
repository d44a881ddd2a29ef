import { checkClause, filterError, matches, parsed } from "./clause-match.ts";
import { parseFilterClauses } from "./filter-parser.ts";
import type { StoredModelVersion } from "./local-store.ts";

/** The subset of MLflow's model version search syntax (`SearchModelVersionUtils`) the local stores answer. */
export const VERSION_FILTER_SUBSET =
  "name, run_id, source_path with = != LIKE ILIKE and a quoted string (run_id also IN); version_number " +
  "with = != > >= < <= and a number; tags.<key> with = != LIKE ILIKE; clauses joined by AND";

const STRING_KEYS = ["name", "run_id", "source_path"];

function versionValue(v: StoredModelVersion, tag: boolean, key: string): string | number | undefined {
  if (tag) return v.tags.find((t) => t.key === key)?.value;
  if (key === "version_number") return Number(v.version);
  if (key === "source_path") return v.source;
  if (key === "run_id") return v.run_id;
  return v.name;
}

export interface VersionFilter {
  readonly test: (version: StoredModelVersion) => boolean;
  /** The model named by a `name = '…'` clause, so a store need read only that model. */
  readonly exactName: string | undefined;
}

export function compileVersionFilter(filter: string | undefined): VersionFilter {
  const text = filter ?? "";
  let exactName: string | undefined;
  const clauses = parsed(text, () => parseFilterClauses(text)).map((clause) => {
    const entity = clause.entity?.toLowerCase();
    const tag = entity === "tags" || entity === "tag";
    if (clause.entity !== undefined && !tag && entity !== "attributes" && entity !== "attribute")
      throw filterError(text, clause.at, `model versions are searched by ${VERSION_FILTER_SUBSET}`);
    const key = clause.key;
    if (tag) checkClause(text, clause, `tags.${key}`, "string");
    else if (key === "version_number") checkClause(text, clause, key, "number");
    else if (STRING_KEYS.includes(key))
      checkClause(text, clause, key, "string", key === "run_id" ? ["IN", "NOT IN"] : []);
    else throw filterError(text, clause.at, `unknown key ${JSON.stringify(key)}; ${VERSION_FILTER_SUBSET}`);
    if (!tag && key === "name" && clause.op === "=" && typeof clause.value === "string")
      exactName = clause.value;
    return { tag, key, op: clause.op, value: clause.value };
  });
  return {
    test: (v) => clauses.every((c) => matches(versionValue(v, c.tag, c.key), c.op, c.value)),
    exactName,
  };
}
