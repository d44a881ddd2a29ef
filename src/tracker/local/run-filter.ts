import type { Run } from "../tracker-types.ts";
import { checkClause, filterError, matches, parsed } from "./clause-match.ts";
import { parseFilterClauses } from "./filter-parser.ts";

type Kind = "metrics" | "params" | "tags" | "attributes";

/** MLflow's identifier prefixes and their synonyms (`SearchUtils._VALID_IDENTIFIERS`, aliases). */
const ENTITIES: Readonly<Record<string, Kind>> = {
  metrics: "metrics",
  metric: "metrics",
  params: "params",
  param: "params",
  parameter: "params",
  parameters: "params",
  tags: "tags",
  tag: "tags",
  attributes: "attributes",
  attribute: "attributes",
  attr: "attributes",
  run: "attributes",
};

const STRING_ATTRIBUTES = ["run_id", "run_name", "status", "user_id", "artifact_uri"];
const NUMBER_ATTRIBUTES = ["start_time", "end_time"];
/** MLflow's alternate attribute names (`_ALTERNATE_ATTRIBUTE_KEYS`). */
const ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = {
  created: "start_time",
  Created: "start_time",
  "run name": "run_name",
  "Run name": "run_name",
  "Run Name": "run_name",
};

/** The subset of MLflow's run search syntax the local stores answer, for messages and docs. */
export const RUN_FILTER_SUBSET =
  "metrics.<key> with = != > >= < <= and a number; params.<key> and tags.<key> with = != LIKE ILIKE and a " +
  "quoted string; attributes run_id, run_name, status, user_id, artifact_uri (strings; run_id also IN) " +
  "and start_time, end_time (numbers); clauses joined by AND";

function runValue(run: Run, kind: Kind, key: string): string | number | undefined {
  if (kind === "metrics") return run.data.metrics.find((m) => m.key === key)?.value;
  if (kind === "params") return run.data.params.find((p) => p.key === key)?.value;
  if (kind === "tags") return run.data.tags.find((t) => t.key === key)?.value;
  return (run.info as unknown as Readonly<Record<string, string | number | undefined>>)[key];
}

/** Compiles a run filter into a predicate; throws a located SearchQueryError for anything unsupported. */
export function compileRunFilter(filter: string | undefined): (run: Run) => boolean {
  const text = filter ?? "";
  const clauses = parsed(text, () => parseFilterClauses(text)).map((clause) => {
    const kind = ENTITIES[(clause.entity ?? "attributes").toLowerCase()];
    if (!kind)
      throw filterError(
        text,
        clause.at,
        `the local store does not search by ${JSON.stringify(clause.entity)}; it supports ${RUN_FILTER_SUBSET}`,
      );
    let key = clause.key;
    if (kind === "metrics") checkClause(text, clause, `metrics.${key}`, "number");
    else if (kind !== "attributes") checkClause(text, clause, `${kind}.${key}`, "string");
    else {
      key = ATTRIBUTE_ALIASES[key] ?? key;
      if (NUMBER_ATTRIBUTES.includes(key)) checkClause(text, clause, `attributes.${key}`, "number");
      else if (STRING_ATTRIBUTES.includes(key))
        checkClause(text, clause, `attributes.${key}`, "string", key === "run_id" ? ["IN", "NOT IN"] : []);
      else
        throw filterError(
          text,
          clause.at,
          `unknown attribute ${JSON.stringify(key)}; searchable attributes are ${[...STRING_ATTRIBUTES, ...NUMBER_ATTRIBUTES].join(", ")}`,
        );
    }
    return { kind, key, op: clause.op, value: clause.value };
  });
  return (run) => clauses.every((c) => matches(runValue(run, c.kind, c.key), c.op, c.value));
}
