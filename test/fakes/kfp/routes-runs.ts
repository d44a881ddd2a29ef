import { isReply, listPage } from "./list.ts";
import { invalid, notFound, ok, type Reply } from "./replies.ts";
import { field, type Route, type RouteContext } from "./routing.ts";
import { resolveSource } from "./run-source.ts";
import type { RunState } from "./state.ts";
import { unknownFields } from "./strict-body.ts";

const RUN_FIELDS = [
  "experiment_id",
  "run_id",
  "display_name",
  "storage_state",
  "description",
  "pipeline_version_id",
  "pipeline_spec",
  "pipeline_version_reference",
  "runtime_config",
  "service_account",
  "created_at",
  "scheduled_at",
  "finished_at",
  "state",
  "error",
  "run_details",
  "recurring_run_id",
  "state_history",
  "plugins_input",
  "plugins_output",
];

export const TERMINAL = new Set(["SUCCEEDED", "SKIPPED", "FAILED", "CANCELED"]);

function readableRun(ctx: RouteContext, id: string, verb: string): RunState | Reply {
  const run = ctx.state.runs.get(id);
  if (!run) return notFound(`Failed to get a run: Run ${id} not found`);
  return ctx.authorize(run.namespace, verb, "runs") ?? run;
}

/** KFP's MLflow plugin answers on the run: the experiment it used, running until the run ends. */
function mlflowOutput(input: unknown): Record<string, unknown> | undefined {
  const mlflow = (input as { mlflow?: { experiment_name?: unknown } } | undefined)?.mlflow;
  if (!mlflow) return undefined;
  const name = typeof mlflow.experiment_name === "string" ? mlflow.experiment_name : "Default";
  return { mlflow: { entries: { experiment_name: { value: name } }, state: "PLUGIN_RUNNING" } };
}

function create(ctx: RouteContext): Reply {
  const bad = unknownFields(ctx.body, RUN_FIELDS);
  if (bad) return bad;
  const name = field(ctx, "display_name");
  if (!name) return invalid("Invalid input error: The run name is empty. Please specify a valid name");
  const source = resolveSource(ctx, "run");
  if (isReply(source)) return source;
  const at = ctx.state.now();
  const plugins = ctx.body.plugins_input as Record<string, unknown> | undefined;
  const output = mlflowOutput(plugins);
  const run: RunState = {
    run_id: ctx.state.id(),
    experiment_id: source.experiment.experiment_id,
    ...(source.experiment.namespace ? { namespace: source.experiment.namespace } : {}),
    display_name: name,
    ...(field(ctx, "description") ? { description: field(ctx, "description") as string } : {}),
    storage_state: "AVAILABLE",
    ...(source.reference ? { pipeline_version_reference: source.reference } : { pipeline_spec: source.spec }),
    runtime_config: { parameters: source.parameters },
    service_account: source.serviceAccount,
    created_at: at,
    scheduled_at: at,
    state: "PENDING",
    state_history: [{ update_time: at, state: "PENDING" }],
    tasks: [],
    ...(plugins ? { plugins_input: plugins } : {}),
    ...(output ? { plugins_output: output } : {}),
    created_by: ctx.user,
  };
  ctx.state.runs.set(run.run_id, run);
  return ok(ctx.state.runJson(run));
}

function list(ctx: RouteContext): Reply {
  const experimentId = ctx.query.experiment_id || undefined;
  let namespace = ctx.query.namespace || undefined;
  if (experimentId) {
    const experiment = ctx.state.experiments.get(experimentId);
    if (!experiment)
      return notFound(
        `Failed to list runs due to error fetching namespace for experiment ${experimentId}. Try filtering based on namespace`,
      );
    namespace = experiment.namespace;
  } else if (ctx.multiUser && !namespace)
    return invalid(
      "Invalid input error: ListRuns must filter by resource reference or namespace in multi-user mode",
    );
  const denied = ctx.authorize(namespace, "list", "runs");
  if (denied) return denied;
  const all = [...ctx.state.runs.values()]
    .filter((r) =>
      experimentId ? r.experiment_id === experimentId : !ctx.multiUser || r.namespace === namespace,
    )
    .map((r) => ctx.state.runJson(r));
  const page = listPage(ctx, all, ["display_name", "description", "state", "recurring_run_id"]);
  if (isReply(page)) return page;
  return ok({
    ...(page.items.length > 0 ? { runs: page.items } : {}),
    ...(page.total > 0 ? { total_size: page.total } : {}),
    ...(page.next ? { next_page_token: page.next } : {}),
  });
}

function terminate(ctx: RouteContext): Reply {
  const run = readableRun(ctx, ctx.params.id as string, "terminate");
  if (isReply(run)) return run;
  if (TERMINAL.has(run.state)) return ok({});
  const at = ctx.state.now();
  // The persistence agent moves it on to CANCELED once Argo stops the workflow.
  run.state = "CANCELING";
  run.state_history.push({ update_time: at, state: "CANCELING" });
  return ok({});
}

export const runRoutes: readonly Route[] = [
  { method: "POST", template: "runs", handle: create },
  { method: "GET", template: "runs", handle: list },
  {
    method: "GET",
    template: "runs/{id}",
    handle: (ctx) => {
      const run = readableRun(ctx, ctx.params.id as string, "get");
      return isReply(run) ? run : ok(ctx.state.runJson(run));
    },
  },
  { method: "POST", template: "runs/{id}:terminate", handle: terminate },
];
