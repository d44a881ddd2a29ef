import { invalid, missing, notFound, ok, type Reply } from "./replies.ts";
import { maxResults, type Route, type RouteContext, str, strs } from "./routing.ts";
import { compare, page, parseFilter, readPageToken } from "./search.ts";
import type { RunState } from "./state.ts";

const RUN_PREFIXES: Readonly<Record<string, string>> = {
  metrics: "metrics",
  metric: "metrics",
  params: "params",
  param: "params",
  parameters: "params",
  tags: "tags",
  tag: "tags",
  attributes: "attributes",
  attribute: "attributes",
  attr: "attributes",
  run: "attributes",
};

function runValue(run: RunState, kind: string, key: string): string | number | undefined {
  if (kind === "metrics") return run.data.metrics.find((m) => m.key === key)?.value;
  if (kind === "params") return run.data.params.find((p) => p.key === key)?.value;
  if (kind === "tags") return run.data.tags.find((t) => t.key === key)?.value;
  return (run.info as unknown as Record<string, string | number | undefined>)[key];
}

/** `order_by` entries like "metrics.f1 DESC"; MLflow's default is `start_time DESC, run_id`. */
function sortRuns(runs: RunState[], orderBy: readonly string[]): RunState[] | string {
  const keys: { kind: string; key: string; desc: boolean }[] = [];
  for (const entry of orderBy) {
    const m = /^(?:(\w+)\.)?`?([\w.-]+)`?(?:\s+(ASC|DESC))?$/i.exec(entry.trim());
    const kind = m ? RUN_PREFIXES[(m[1] ?? "attributes").toLowerCase()] : undefined;
    if (!m || !kind) return `Invalid order_by clause '${entry}'.`;
    keys.push({ kind, key: m[2] ?? "", desc: (m[3] ?? "ASC").toUpperCase() === "DESC" });
  }
  keys.push(
    { kind: "attributes", key: "start_time", desc: true },
    { kind: "attributes", key: "run_id", desc: false },
  );
  return [...runs].sort((a, b) => {
    for (const k of keys) {
      const x = runValue(a, k.kind, k.key);
      const y = runValue(b, k.kind, k.key);
      if (x === y) continue;
      if (x === undefined) return 1; // missing values sort last, as in MLflow
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return k.desc ? -order : order;
    }
    return 0;
  });
}

function searchRuns(ctx: RouteContext): Reply {
  const experimentIds = strs(ctx, "experiment_ids");
  const filter = parseFilter(str(ctx, "filter"), RUN_PREFIXES);
  if (typeof filter === "string") return invalid(filter);
  const max = maxResults(ctx, 1000, 50_000);
  if (typeof max === "string") return invalid(max);
  const offset = readPageToken(str(ctx, "page_token"));
  if (typeof offset === "string") return invalid(offset);
  const view = str(ctx, "run_view_type") ?? "ACTIVE_ONLY";
  const matching = [...ctx.state.runs.values()].filter(
    (run) =>
      experimentIds.includes(run.info.experiment_id) &&
      (view === "ALL" || (view === "DELETED_ONLY") === (run.info.lifecycle_stage === "deleted")) &&
      filter.every((c) => compare(runValue(run, c.kind, c.key), c.op, c.value)),
  );
  const sorted = sortRuns(matching, strs(ctx, "order_by"));
  if (typeof sorted === "string") return invalid(sorted);
  const { items, next } = page(sorted, offset, max);
  return ok({ ...(items.length > 0 ? { runs: items } : {}), ...(next ? { next_page_token: next } : {}) });
}

export const trackingRoutes: readonly Route[] = [
  {
    method: "GET",
    endpoint: "runs/get",
    handle: (ctx) => {
      const id = str(ctx, "run_id") ?? str(ctx, "run_uuid");
      if (!id) return missing("run_id");
      const run = ctx.state.runs.get(id);
      return run ? ok({ run }) : notFound(`Run with id=${id} not found`);
    },
  },
  { method: "POST", endpoint: "runs/search", handle: searchRuns },
  {
    method: "GET",
    endpoint: "experiments/get-by-name",
    handle: (ctx) => {
      const name = str(ctx, "experiment_name");
      if (!name) return missing("experiment_name");
      // MLflow prefers an active experiment over a deleted one of the same name.
      const found = ctx.state.experiments
        .filter((e) => e.name === name)
        .sort((a) => (a.lifecycle_stage === "active" ? -1 : 1))[0];
      return found ? ok({ experiment: found }) : notFound(`Could not find experiment with name '${name}'`);
    },
  },
  {
    method: "GET",
    endpoint: "logged-models/{id}",
    handle: (ctx) => {
      const model = ctx.pathParam ? ctx.state.loggedModels.get(ctx.pathParam) : undefined;
      return model ? ok({ model }) : notFound(`Logged model with ID '${ctx.pathParam ?? ""}' not found.`);
    },
  },
];
